using System;
using System.IO;
using System.Reflection;
using System.Reflection.Emit;

namespace GeminiTuning.Isolation.Tests;

/// <summary>Writes empty assemblies with a chosen name, version and public key into a temporary folder.</summary>
public sealed class FakeAssemblies : IDisposable
{
    /// <summary>The key the .NET platform's open-source assemblies carry (token cc7b13ffcd2ddd51), read from System.Text.Json.</summary>
    public static byte[] PlatformKey { get; } = typeof(System.Text.Json.JsonSerializer).Assembly.GetName().GetPublicKey()!;

    /// <summary>A third party's key (Newtonsoft.Json's, token 30ad4fe6b2a6aeed).</summary>
    public static byte[] ThirdPartyKey { get; } = typeof(Newtonsoft.Json.JsonConvert).Assembly.GetName().GetPublicKey()!;

    public FakeAssemblies()
    {
        Folder = Path.Combine(Path.GetTempPath(), "geminituning-fakes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>Writes <paramref name="name"/>.dll into <paramref name="subfolder"/> and returns its path.</summary>
    public string Write(string subfolder, string name, string version, byte[]? publicKey)
    {
        var dir = Path.Combine(Folder, subfolder);
        Directory.CreateDirectory(dir);
        var identity = new AssemblyName(name) { Version = new Version(version), CultureName = string.Empty };
        if (publicKey is not null)
        {
            identity.SetPublicKey(publicKey);
        }

        var builder = new PersistedAssemblyBuilder(identity, typeof(object).Assembly);
        builder.DefineDynamicModule(name);
        var path = Path.Combine(dir, name + ".dll");
        builder.Save(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
