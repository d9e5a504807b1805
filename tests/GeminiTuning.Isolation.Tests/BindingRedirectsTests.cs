using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using GeminiTuning.Loader;
using Xunit.Abstractions;

namespace GeminiTuning.Isolation.Tests;

/// <summary>
/// The Windows PowerShell 5.1 rule (BindingRedirects): given a request and the module's bin/, what answers. .NET Framework
/// cannot run here, so the handler is driven directly with the requests Fusion would raise; the class is the same source
/// in the netstandard2.0 loader that 5.1 loads.
/// </summary>
public sealed class BindingRedirectsTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly FakeAssemblies _fakes = new();
    private readonly List<string> _loaded = new();
    private readonly BindingRedirects _bin;

    public BindingRedirectsTests(ITestOutputHelper output)
    {
        _output = output;
        _bin = new BindingRedirects(new DependencyFolder(ModuleLayout.Bin), Observe);
    }

    public void Dispose() => _fakes.Dispose();

    private static AssemblyAt InBin(string simpleName) => new(ModuleLayout.File(simpleName));

    private Assembly Observe(string file)
    {
        _loaded.Add(file);
        return typeof(BindingRedirectsTests).Assembly;
    }

    [Fact]
    public void Every_reference_between_assemblies_in_bin_resolves_to_bin_including_the_version_mismatches_that_need_a_redirect()
    {
        var folder = new DependencyFolder(ModuleLayout.Bin);
        var mismatches = new List<string>();
        var references = 0;
        foreach (var requester in folder.AssemblyNames)
        {
            foreach (var reference in ModuleLayout.ReferencesOf(folder.FileOf(requester)!).Where(r => folder.FileOf(r.Name) is not null))
            {
                references++;
                Assert.Equal(folder.FileOf(reference.Name), _bin.Resolve(reference, InBin(requester)));
                var shipped = folder.IdentityOf(reference.Name)!;
                if (shipped.Version != reference.Version)
                {
                    mismatches.Add($"{requester} -> {reference.Name} {reference.Version} (bin/ has {shipped.Version})");
                }
            }
        }

        _output.WriteLine($"{references} references between assemblies in bin/; {mismatches.Count} need a redirect:");
        mismatches.ForEach(_output.WriteLine);
        // Without redirects these fail on .NET Framework: e.g. System.Memory asks for Unsafe 4.0.4.1, bin/ has 6.0.0.0.
        Assert.Contains(mismatches, m => m.StartsWith("System.Memory -> System.Runtime.CompilerServices.Unsafe ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("System.Runtime.CompilerServices.Unsafe, Version=4.0.4.1, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a", "System.Memory")]
    [InlineData("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Text.Json")]
    [InlineData("System.Buffers, Version=4.0.2.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Memory")]
    [InlineData("System.Numerics.Vectors, Version=4.1.3.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a", "System.Memory")]
    [InlineData("System.Threading.Tasks.Extensions, Version=4.2.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "Microsoft.Bcl.AsyncInterfaces")]
    [InlineData("Microsoft.Bcl.AsyncInterfaces, Version=1.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Text.Json")]
    [InlineData("System.Text.Encodings.Web, Version=6.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Text.Json")]
    [InlineData("Newtonsoft.Json, Version=12.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed", "Google.Apis.Core")]
    public void An_older_version_asked_for_by_the_modules_own_assembly_is_redirected_to_bins_copy(string requested, string requester)
    {
        var name = new AssemblyName(requested);

        Assert.Equal(ModuleLayout.File(name.Name!), _bin.Resolve(name, InBin(requester)));
    }

    [Fact]
    public void The_handler_loads_the_file_it_resolved_and_returns_that_assembly()
    {
        var args = new ResolveEventArgs("System.Runtime.CompilerServices.Unsafe, Version=4.0.4.1, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a", InBin("System.Memory"));

        var answer = _bin.OnAssemblyResolve(AppDomain.CurrentDomain, args);

        Assert.Same(typeof(BindingRedirectsTests).Assembly, answer);
        Assert.Equal(new[] { ModuleLayout.File("System.Runtime.CompilerServices.Unsafe") }, _loaded);
    }

    [Theory]
    [InlineData("System.Collections.Immutable, Version=8.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a")]
    [InlineData("Azure.Core, Version=1.0.0.0, Culture=neutral, PublicKeyToken=92742159e12e44c8")]
    [InlineData("System.Management.Automation, Version=3.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35")]
    public void A_name_the_module_does_not_ship_is_left_to_others(string requested)
    {
        Assert.Null(_bin.Resolve(new AssemblyName(requested), InBin("GeminiTuning.Client")));
        Assert.Null(_bin.OnAssemblyResolve(null, new ResolveEventArgs(requested, InBin("GeminiTuning.Client"))));
        Assert.Empty(_loaded);
    }

    [Fact]
    public void Another_modules_request_for_a_name_the_module_ships_is_left_to_that_module()
    {
        // Say Az's Newtonsoft.Json-using assembly fails to bind Newtonsoft.Json 12: that is Az's to resolve, not ours.
        var otherModule = new AssemblyAt(typeof(Newtonsoft.Json.JsonConvert).Assembly.Location);
        var requested = new AssemblyName("Newtonsoft.Json, Version=12.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed");

        Assert.Null(_bin.Resolve(requested, otherModule));
        Assert.Null(_bin.Resolve(new AssemblyName("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), typeof(Assert).Assembly));
        Assert.Null(_bin.OnAssemblyResolve(null, new ResolveEventArgs(requested.FullName, otherModule)));
        Assert.Empty(_loaded);
    }

    [Fact]
    public void A_request_without_a_requesting_assembly_is_answered_when_everything_else_matches()
    {
        var requested = new AssemblyName("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51");

        Assert.Equal(ModuleLayout.File("System.Memory"), _bin.Resolve(requested, null));
    }

    [Fact]
    public void A_request_from_a_dynamic_assembly_is_not_the_modules()
    {
        var dynamic = System.Reflection.Emit.AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Dynamic"), System.Reflection.Emit.AssemblyBuilderAccess.Run);

        Assert.Null(_bin.Resolve(new AssemblyName("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), dynamic));
    }

    [Fact]
    public void A_newer_version_than_bin_holds_is_not_redirected_down()
    {
        var shipped = ModuleLayout.Identity("Newtonsoft.Json");
        var newer = new AssemblyName(shipped.FullName) { Version = new Version(shipped.Version!.Major + 1, 0, 0, 0) };

        Assert.Null(_bin.Resolve(newer, InBin("Google.Apis.Core")));
        Assert.Equal(ModuleLayout.File("Newtonsoft.Json"), _bin.Resolve(shipped, InBin("Google.Apis.Core")));
    }

    [Fact]
    public void Another_publishers_assembly_of_the_same_name_is_not_answered()
    {
        var wrongKey = new AssemblyName("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef");
        var unsigned = new AssemblyName("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=null");

        Assert.Null(_bin.Resolve(wrongKey, InBin("Google.Apis.Core")));
        Assert.Null(_bin.Resolve(unsigned, InBin("Google.Apis.Core")));
    }

    [Fact]
    public void Satellite_resource_requests_are_not_answered()
    {
        Assert.Null(_bin.Resolve(new AssemblyName("Newtonsoft.Json.resources, Version=13.0.0.0, Culture=de, PublicKeyToken=30ad4fe6b2a6aeed"), InBin("Newtonsoft.Json")));
        Assert.Null(_bin.Resolve(new AssemblyName("Newtonsoft.Json, Version=13.0.0.0, Culture=de, PublicKeyToken=30ad4fe6b2a6aeed"), InBin("Google.Apis.Core")));
    }

    [Fact]
    public void An_unsigned_assembly_of_the_module_resolves_by_name_and_version()
    {
        var client = ModuleLayout.Identity("GeminiTuning.Client");

        Assert.Equal(ModuleLayout.File("GeminiTuning.Client"), _bin.Resolve(client, InBin("GeminiTuning.PowerShell")));
    }

    [Fact]
    public void An_unparsable_name_is_left_alone()
    {
        Assert.Null(_bin.OnAssemblyResolve(null, new ResolveEventArgs("=,=", InBin("GeminiTuning.Client"))));
    }

    [Fact]
    public void What_the_module_ships_is_exactly_what_its_folder_holds()
    {
        var bin = _fakes.Write("bin", "Lib.Shipped", "2.0.0.0", FakeAssemblies.ThirdPartyKey);
        var folder = new DependencyFolder(Path.GetDirectoryName(bin)!);
        var redirects = new BindingRedirects(folder, Observe);
        var requester = new AssemblyAt(bin);

        Assert.Equal(new[] { "Lib.Shipped" }, folder.AssemblyNames);
        Assert.Equal(bin, redirects.Resolve(new AssemblyName("Lib.Shipped, Version=1.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed"), requester));
        Assert.Null(redirects.Resolve(new AssemblyName("Lib.Other, Version=1.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed"), requester));

        // A file added later is not shipped: the folder is read once, when the module is imported.
        _fakes.Write("bin", "Lib.Later", "1.0.0.0", FakeAssemblies.ThirdPartyKey);
        Assert.Null(redirects.Resolve(new AssemblyName("Lib.Later, Version=1.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed"), requester));
    }

    [Fact]
    public void A_file_whose_assembly_has_another_name_is_not_shipped_under_the_file_name()
    {
        var file = _fakes.Write("bin", "Lib.Real", "1.0.0.0", FakeAssemblies.ThirdPartyKey);
        var renamed = Path.Combine(Path.GetDirectoryName(file)!, "Lib.Renamed.dll");
        File.Move(file, renamed);
        var redirects = new BindingRedirects(new DependencyFolder(Path.GetDirectoryName(renamed)!), Observe);

        Assert.Null(redirects.Resolve(new AssemblyName("Lib.Renamed, Version=1.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed"), null));
    }

    [Fact]
    public void A_missing_dependency_folder_says_the_module_is_incomplete()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => new DependencyFolder(Path.Combine(_fakes.Folder, "no-such-bin")));

        Assert.Contains("reinstall", e.Message, StringComparison.Ordinal);
    }
}
