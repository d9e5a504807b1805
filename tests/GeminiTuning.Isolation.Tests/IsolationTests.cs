using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Loader;
using Xunit.Abstractions;

namespace GeminiTuning.Isolation.Tests;

/// <summary>
/// The session as another module leaves it: Newtonsoft.Json 13.0.3 and Google.Apis.Auth 1.68 (with its Google.Apis
/// 1.68) already loaded into the default context. Then the module is loaded the way GeminiTuning.psm1 loads it on
/// PowerShell 7: ModuleLoader.Load(bin, "GeminiTuning.PowerShell"), the assembly Import-Module -Assembly is given.
/// </summary>
public sealed class ConflictingSession
{
    public ConflictingSession()
    {
        // Loaded and used first, as another module would have.
        SessionNewtonsoft = typeof(Newtonsoft.Json.JsonConvert).Assembly;
        SessionGoogleAuth = typeof(Google.Apis.Auth.OAuth2.GoogleCredential).Assembly;
        SessionGoogleApis = typeof(Google.Apis.Requests.RequestError).Assembly;
        Assert.Equal("{\"a\":1}", Newtonsoft.Json.JsonConvert.SerializeObject(new { a = 1 }));

        var stopwatch = Stopwatch.StartNew();
        CmdletAssembly = ModuleLoader.Load(ModuleLayout.Bin, "GeminiTuning.PowerShell");
        LoadTime = stopwatch.Elapsed;
        Context = AssemblyLoadContext.GetLoadContext(CmdletAssembly)!;
    }

    public Assembly SessionNewtonsoft { get; }

    public Assembly SessionGoogleAuth { get; }

    public Assembly SessionGoogleApis { get; }

    public Assembly CmdletAssembly { get; }

    public AssemblyLoadContext Context { get; }

    public TimeSpan LoadTime { get; }

    /// <summary>What the module gets when its code asks for <paramref name="simpleName"/>.</summary>
    public Assembly Resolve(string simpleName) => Context.LoadFromAssemblyName(new AssemblyName(simpleName));

    public Type TypeIn(string assembly, string type) => Resolve(assembly).GetType(type, throwOnError: true)!;
}

[CollectionDefinition(Name)]
public sealed class ConflictingSessionCollection : ICollectionFixture<ConflictingSession>
{
    public const string Name = "A session with other versions loaded first";
}

[Collection(ConflictingSessionCollection.Name)]
public sealed class IsolationTests
{
    private readonly ConflictingSession _session;
    private readonly ITestOutputHelper _output;

    public IsolationTests(ConflictingSession session, ITestOutputHelper output)
    {
        _session = session;
        _output = output;
    }

    private static bool InBin(Assembly assembly) =>
        string.Equals(Path.GetDirectoryName(assembly.Location), ModuleLayout.Bin, StringComparison.Ordinal);

    private static string FileVersion(Assembly assembly) => FileVersionInfo.GetVersionInfo(assembly.Location).FileVersion!;

    /// <summary>Calls <paramref name="method"/> with <paramref name="leading"/> and the defaults of its optional parameters.</summary>
    private static object? Call(MethodInfo method, object? target, params object?[] leading) =>
        method.Invoke(target, method.GetParameters().Select((p, i) => i < leading.Length ? leading[i] : p.DefaultValue).ToArray());

    private static async Task<object?> Awaited(object? task)
    {
        await ((Task)task!).ConfigureAwait(false);
        return task.GetType().GetProperty("Result")!.GetValue(task);
    }

    [Fact]
    public void The_cmdlet_assembly_loads_from_bin_into_the_modules_own_context()
    {
        _output.WriteLine($"ModuleLoader.Load took {_session.LoadTime.TotalMilliseconds:F1} ms");

        Assert.IsType<ModuleLoadContext>(_session.Context);
        Assert.NotSame(AssemblyLoadContext.Default, _session.Context);
        Assert.True(InBin(_session.CmdletAssembly), _session.CmdletAssembly.Location);
        Assert.StartsWith("GeminiTuning (", _session.Context.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_account_token_comes_through_the_modules_own_Google_Apis_Auth_and_Newtonsoft_while_the_session_keeps_its_older_ones()
    {
        // The emulator from the module's context too: its token endpoint answers in JSON written by the module's STJ.
        var emulatorType = _session.TypeIn("GeminiTuning.Emulator", "GeminiTuning.Emulator.GeminiTuningEmulator");
        using var emulator = (IDisposable)Call(emulatorType.GetMethod("Start")!, null)!;
        var keyFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(keyFile, (string)Call(emulatorType.GetMethod("CreateServiceAccountKey")!, emulator)!);
            var baseUri = (Uri)emulatorType.GetProperty("BaseUri")!.GetValue(emulator)!;

            // GeminiTuning.Client reads the key with STJ, then hands it to Google.Apis.Auth (which parses it with Newtonsoft)
            // and signs a JWT that Google.Apis.Auth exchanges over Google.Apis' HTTP client.
            var credentials = _session.TypeIn("GeminiTuning.Client", "GeminiTuning.Auth.GoogleCredentials");
            var source = Call(credentials.GetMethod("FromFile")!, null, keyFile)!;
            var token = await Awaited(source.GetType().GetMethod("GetAccessTokenAsync")!.Invoke(source, new object[] { baseUri, CancellationToken.None }));

            Assert.Equal("ServiceAccount", source.GetType().GetProperty("Kind")!.GetValue(source));
            Assert.StartsWith("ya29.emulator-", (string)token!.GetType().GetProperty("Token")!.GetValue(token)!, StringComparison.Ordinal);

            // The session's own (older) Google.Apis.Auth still works, side by side, against the same emulator.
            using var stream = File.OpenRead(keyFile);
            var sessionCredential = Google.Apis.Auth.OAuth2.ServiceAccountCredential.FromServiceAccountData(stream);
            var sessionToken = await ((Google.Apis.Auth.OAuth2.ITokenAccess)Google.Apis.Auth.OAuth2.GoogleCredential.FromServiceAccountCredential(sessionCredential)
                .CreateScoped("https://www.googleapis.com/auth/cloud-platform")).GetAccessTokenForRequestAsync();
            Assert.StartsWith("ya29.emulator-", sessionToken, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(keyFile);
        }

        var module = _session.Context.Assemblies.ToDictionary(a => a.GetName().Name!);
        foreach (var name in new[] { "GeminiTuning.Client", "GeminiTuning.Emulator", "Google.Apis.Auth", "Google.Apis.Core", "Newtonsoft.Json" })
        {
            Assert.True(module.ContainsKey(name), name + " was not loaded into the module's context");
            Assert.True(InBin(module[name]), name + " came from " + module[name].Location);
            _output.WriteLine($"module:  {module[name].GetName().Name} {module[name].GetName().Version} ({FileVersion(module[name])})");
        }

        Assert.Equal(ModuleLayout.Identity("Google.Apis.Auth").Version, module["Google.Apis.Auth"].GetName().Version);
        Assert.Equal(new Version(1, 78, 0, 0), module["Google.Apis.Auth"].GetName().Version);
        Assert.StartsWith("13.0.4", FileVersion(module["Newtonsoft.Json"]), StringComparison.Ordinal);

        // The default context kept the other versions, and got none of the module's.
        Assert.Equal(new Version(1, 68, 0, 0), _session.SessionGoogleAuth.GetName().Version);
        Assert.Equal(new Version(1, 68, 0, 0), _session.SessionGoogleApis.GetName().Version);
        Assert.StartsWith("13.0.3", FileVersion(_session.SessionNewtonsoft), StringComparison.Ordinal);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(_session.SessionGoogleAuth));
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => !a.IsDynamic && InBin(a));
        _output.WriteLine($"session: Google.Apis.Auth {_session.SessionGoogleAuth.GetName().Version}, Newtonsoft.Json {FileVersion(_session.SessionNewtonsoft)}");
    }

    [Fact]
    public void The_module_writes_and_reads_its_objects_with_the_System_Text_Json_the_runtime_provides()
    {
        var stj = _session.Resolve("System.Text.Json");
        Assert.Same(typeof(System.Text.Json.JsonSerializer).Assembly, stj);
        Assert.True(stj.GetName().Version >= ModuleLayout.Identity("System.Text.Json").Version);

        var jobType = _session.TypeIn("GeminiTuning.Client", "GeminiTuning.GeminiTuningJob");
        var job = Activator.CreateInstance(jobType)!;
        jobType.GetProperty("Name")!.SetValue(job, "projects/p/locations/us-central1/tuningJobs/42");
        jobType.GetProperty("Id")!.SetValue(job, "42");
        jobType.GetProperty("BaseModel")!.SetValue(job, "gemini-2.5-flash");

        var json = System.Text.Json.JsonSerializer.Serialize(job, jobType);
        var back = System.Text.Json.JsonSerializer.Deserialize(json, jobType)!;

        Assert.Contains("\"Id\":\"42\"", json, StringComparison.Ordinal);
        Assert.Equal("gemini-2.5-flash", jobType.GetProperty("BaseModel")!.GetValue(back));
        Assert.Same(_session.Context, AssemblyLoadContext.GetLoadContext(back.GetType().Assembly));
    }

    [Fact]
    public void Every_assembly_in_bin_resolves_privately_or_to_the_runtimes_own_newer_platform_copy()
    {
        var folder = new DependencyFolder(ModuleLayout.Bin);
        foreach (var name in folder.AssemblyNames.OrderBy(n => n, StringComparer.Ordinal))
        {
            var shipped = folder.IdentityOf(name)!;
            var resolved = _session.Resolve(name);
            var context = AssemblyLoadContext.GetLoadContext(resolved)!;
            _output.WriteLine($"{name,-42} {shipped.Version,-12} -> {resolved.GetName().Version,-12} {context.Name}");
            if (context == _session.Context)
            {
                Assert.True(InBin(resolved), name + " came from " + resolved.Location);
            }
            else
            {
                Assert.Same(AssemblyLoadContext.Default, context);
                Assert.True(PrivateLoadRule.IsPlatformAssembly(shipped), name + " is not a platform assembly, yet it did not load privately");
                Assert.True(resolved.GetName().Version >= shipped.Version, name + " resolved to an older version");
            }
        }

        // Everything that is not the platform's is the module's own, whatever the session holds.
        foreach (var name in folder.AssemblyNames.Where(n => !PrivateLoadRule.IsPlatformAssembly(folder.IdentityOf(n)!)))
        {
            Assert.Same(_session.Context, AssemblyLoadContext.GetLoadContext(_session.Resolve(name)));
        }

        // The netstandard2.0 polyfills never load on .NET: the runtime's own System.Memory and System.Buffers are used.
        Assert.DoesNotContain(_session.Context.Assemblies, a => a.GetName().Name is "System.Memory" or "System.Buffers" or "System.Text.Json");
    }

    [Fact]
    public void Loading_again_from_the_same_folder_returns_the_same_assembly_as_a_reimport_needs()
    {
        Assert.Same(_session.CmdletAssembly, ModuleLoader.Load(ModuleLayout.Bin, "GeminiTuning.PowerShell"));
        Assert.Same(_session.CmdletAssembly, ModuleLoader.Load(ModuleLayout.Bin + Path.DirectorySeparatorChar, "GeminiTuning.PowerShell"));

        // So GeminiTuning.psm1 knows Import-Module -Assembly will hand back its cached module and has the cmdlets exported (ExportCmdlets).
        var again = ModuleLoader.Import(ModuleLayout.Bin, "GeminiTuning.PowerShell");
        Assert.False(again.IsFirst);
        Assert.Same(_session.CmdletAssembly, again.Assembly);
    }

    [Fact]
    public void Another_copy_of_the_module_in_another_folder_gets_a_context_of_its_own()
    {
        var copy = Path.Combine(Path.GetTempPath(), "geminituning-copy-" + Guid.NewGuid().ToString("N"), "bin");
        Directory.CreateDirectory(copy);
        try
        {
            foreach (var file in Directory.GetFiles(ModuleLayout.Bin, "*.dll"))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            var import = ModuleLoader.Import(copy, "GeminiTuning.PowerShell");
            var other = import.Assembly;

            Assert.True(import.IsFirst);

            Assert.NotSame(_session.CmdletAssembly, other);
            Assert.NotSame(_session.Context, AssemblyLoadContext.GetLoadContext(other));
            Assert.Equal(Path.Combine(copy, "GeminiTuning.PowerShell.dll"), other.Location);
        }
        finally
        {
            // The copy stays loaded (contexts are not collectible), so its files may not be deletable everywhere.
            try
            {
                Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    [Fact]
    public void A_module_without_its_cmdlet_assembly_fails_to_load_with_the_missing_file()
    {
        var empty = Path.Combine(Path.GetTempPath(), "geminituning-empty-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(empty);
        try
        {
            Assert.ThrowsAny<FileNotFoundException>(() => ModuleLoader.Load(empty, "GeminiTuning.PowerShell"));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
