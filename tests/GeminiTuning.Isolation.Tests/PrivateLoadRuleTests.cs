using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using GeminiTuning.Loader;

namespace GeminiTuning.Isolation.Tests;

/// <summary>The PowerShell 7 rule (PrivateLoadRule): which requests the private context answers from bin/.</summary>
public sealed class PrivateLoadRuleTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoHost = new Dictionary<string, string>();
    private readonly FakeAssemblies _fakes = new();

    public void Dispose() => _fakes.Dispose();

    private static PrivateLoadRule Rule(IReadOnlyDictionary<string, string> host) => new(new DependencyFolder(ModuleLayout.Bin), host);

    [Theory]
    [InlineData("Newtonsoft.Json")]
    [InlineData("Google.Apis.Auth")]
    [InlineData("Google.Apis")]
    [InlineData("Google.Apis.Core")]
    [InlineData("GeminiTuning.Client")]
    [InlineData("GeminiTuning.Emulator")]
    [InlineData("GeminiTuning.PowerShell")]
    public void A_third_party_or_module_assembly_loads_privately_even_when_the_host_has_one(string name)
    {
        // PowerShell itself carries Newtonsoft.Json; a test host carries whatever its project references.
        var rule = new PrivateLoadRule(new DependencyFolder(ModuleLayout.Bin));

        Assert.Equal(ModuleLayout.File(name), rule.PrivateFileFor(ModuleLayout.Identity(name)));
    }

    [Theory]
    [InlineData("System.Text.Json")]
    [InlineData("System.Text.Encodings.Web")]
    [InlineData("System.Memory")]
    [InlineData("System.Buffers")]
    [InlineData("System.Runtime.CompilerServices.Unsafe")]
    [InlineData("System.Numerics.Vectors")]
    [InlineData("System.Threading.Tasks.Extensions")]
    public void A_platform_assembly_the_runtime_has_in_a_newer_version_comes_from_the_runtime(string name)
    {
        var rule = new PrivateLoadRule(new DependencyFolder(ModuleLayout.Bin));

        Assert.True(PrivateLoadRule.IsPlatformAssembly(ModuleLayout.Identity(name)));
        Assert.Null(rule.PrivateFileFor(ModuleLayout.Identity(name)));
    }

    [Fact]
    public void Without_a_host_copy_every_assembly_in_bin_loads_privately()
    {
        var rule = Rule(NoHost);

        foreach (var name in new DependencyFolder(ModuleLayout.Bin).AssemblyNames)
        {
            Assert.Equal(ModuleLayout.File(name), rule.PrivateFileFor(ModuleLayout.Identity(name)));
        }
    }

    [Fact]
    public void A_platform_assembly_the_host_has_only_in_an_older_version_loads_privately()
    {
        var olderStj = _fakes.Write("host", "System.Text.Json", "6.0.0.0", FakeAssemblies.PlatformKey);
        var sameStj = _fakes.Write("host-same", "System.Text.Json", ModuleLayout.Identity("System.Text.Json").Version!.ToString(), FakeAssemblies.PlatformKey);

        Assert.Equal(ModuleLayout.File("System.Text.Json"),
            Rule(new Dictionary<string, string> { ["System.Text.Json"] = olderStj }).PrivateFileFor(ModuleLayout.Identity("System.Text.Json")));
        Assert.Null(Rule(new Dictionary<string, string> { ["System.Text.Json"] = sameStj }).PrivateFileFor(ModuleLayout.Identity("System.Text.Json")));
    }

    [Fact]
    public void A_host_assembly_of_the_same_name_with_another_key_does_not_stand_in()
    {
        var impostor = _fakes.Write("host", "System.Text.Json", "99.0.0.0", FakeAssemblies.ThirdPartyKey);

        Assert.Equal(ModuleLayout.File("System.Text.Json"),
            Rule(new Dictionary<string, string> { ["System.Text.Json"] = impostor }).PrivateFileFor(ModuleLayout.Identity("System.Text.Json")));
    }

    [Fact]
    public void Names_bin_does_not_hold_and_satellite_requests_are_left_to_PowerShell()
    {
        var rule = Rule(NoHost);

        Assert.Null(rule.PrivateFileFor(new AssemblyName("System.Management.Automation, Version=7.4.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35")));
        Assert.Null(rule.PrivateFileFor(new AssemblyName("System.Collections.Immutable")));
        Assert.Null(rule.PrivateFileFor(new AssemblyName("Newtonsoft.Json.resources, Version=13.0.0.0, Culture=de, PublicKeyToken=30ad4fe6b2a6aeed")));
    }

    [Theory]
    [InlineData("System.Text.Json", true)]
    [InlineData("System.Management", true)]
    [InlineData("System.Runtime.CompilerServices.Unsafe", true)]
    [InlineData("Microsoft.Bcl.AsyncInterfaces", true)]
    [InlineData("Newtonsoft.Json", false)]
    [InlineData("Google.Apis.Auth", false)]
    [InlineData("GeminiTuning.Client", false)]
    public void Platform_assemblies_are_told_by_the_key_they_are_signed_with(string name, bool platform)
    {
        Assert.Equal(platform, PrivateLoadRule.IsPlatformAssembly(ModuleLayout.Identity(name)));
    }

    [Fact]
    public void The_hosts_assemblies_are_its_trusted_platform_list()
    {
        Assert.Equal(typeof(object).Assembly.Location, PrivateLoadRule.HostAssemblyFile("System.Private.CoreLib"));
        Assert.Equal(typeof(System.Text.Json.JsonSerializer).Assembly.Location, PrivateLoadRule.HostAssemblyFile("system.text.json"));
        // Whole file names only: System.Text.Json is no match for Json, nor System.Text for System.Text.Json.
        Assert.Null(PrivateLoadRule.HostAssemblyFile("Json"));
        Assert.Null(PrivateLoadRule.HostAssemblyFile("System.Text"));
        Assert.Null(PrivateLoadRule.HostAssemblyFile("GeminiTuning.Client"));
    }

    [Fact]
    public void A_name_the_host_lacks_loads_privately_without_reading_the_file()
    {
        // A file that is not an assembly at all: had the rule read it, it would have left the request alone.
        var fakeBin = Path.Combine(_fakes.Folder, "unread");
        Directory.CreateDirectory(fakeBin);
        File.WriteAllText(Path.Combine(fakeBin, "Lib.NotRead.dll"), "not an assembly");
        var rule = new PrivateLoadRule(new DependencyFolder(fakeBin), NoHost);

        Assert.Equal(Path.Combine(fakeBin, "Lib.NotRead.dll"), rule.PrivateFileFor(new AssemblyName("Lib.NotRead")));
    }
}
