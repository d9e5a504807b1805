using System;
using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Collections.Generic;

namespace GeminiTuning.Isolation.Tests;

/// <summary>The module folder this project's build laid out in module/ (bin/ and loader/, as in out/GeminiTuning/VERSION/).</summary>
public static class ModuleLayout
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "module");

    /// <summary>The module's dependency folder: the cmdlet assembly and everything the build put beside it.</summary>
    public static string Bin { get; } = Path.Combine(Root, "bin");

    public static string File(string simpleName) => Path.Combine(Bin, simpleName + ".dll");

    public static AssemblyName Identity(string simpleName) => AssemblyName.GetAssemblyName(File(simpleName));

    /// <summary>The repository (where GeminiTuning.psd1 is), found above the test's folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "GeminiTuning.psd1")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("GeminiTuning.psd1 not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The assemblies <paramref name="file"/> references, read from its metadata (nothing is loaded).</summary>
    public static IReadOnlyList<AssemblyName> ReferencesOf(string file)
    {
        using var stream = System.IO.File.OpenRead(file);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var names = new List<AssemblyName>();
        foreach (var handle in metadata.AssemblyReferences)
        {
            names.Add(metadata.GetAssemblyReference(handle).GetAssemblyName());
        }

        return names;
    }
}

/// <summary>An assembly that says it was loaded from a file, as the requesting assembly of a resolve event.</summary>
public sealed class AssemblyAt : Assembly
{
    private readonly string _location;

    public AssemblyAt(string location) => _location = location;

    public override string Location => _location;

    public override bool IsDynamic => false;

    public override string FullName => AssemblyName.GetAssemblyName(_location).FullName;
}
