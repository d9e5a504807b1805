using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace GeminiTuning.Loader;

/// <summary>
/// The module's dependency folder (bin/): the cmdlet assembly and every assembly the build put next to it. What the
/// module ships is whatever files the folder holds, read once; there is no list kept anywhere else.
/// </summary>
public sealed class DependencyFolder
{
    private static readonly StringComparer FileNames = StringComparer.OrdinalIgnoreCase;
    private readonly Dictionary<string, string> _files;
    private readonly ConcurrentDictionary<string, AssemblyName?> _names = new(FileNames);

    /// <summary>Reads the names of the assemblies in <paramref name="path"/> (no file is opened until it is asked for).</summary>
    /// <param name="path">The folder.</param>
    public DependencyFolder(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException("The dependency folder is required.", nameof(path));
        }

        Path = System.IO.Path.GetFullPath(path).TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
        if (!Directory.Exists(Path))
        {
            throw new DirectoryNotFoundException($"The module's dependency folder '{Path}' does not exist; the module is incomplete, reinstall it.");
        }

        _files = new Dictionary<string, string>(FileNames);
        foreach (var file in Directory.GetFiles(Path, "*.dll"))
        {
            _files[System.IO.Path.GetFileNameWithoutExtension(file)] = file;
        }
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The simple names of the assemblies the folder holds.</summary>
    public IReadOnlyCollection<string> AssemblyNames => _files.Keys;

    /// <summary>The file of the assembly named <paramref name="simpleName"/>, when the folder holds it.</summary>
    /// <param name="simpleName">An assembly's simple name, e.g. <c>Newtonsoft.Json</c>.</param>
    /// <returns>The full path, or null.</returns>
    public string? FileOf(string? simpleName) =>
        simpleName is not null && _files.TryGetValue(simpleName, out var file) ? file : null;

    /// <summary>
    /// The identity of the assembly the folder holds under <paramref name="simpleName"/> (read from its metadata once),
    /// or null when the folder holds no such assembly or the file is not an assembly of that name.
    /// </summary>
    /// <param name="simpleName">An assembly's simple name.</param>
    /// <returns>The assembly's full name, or null.</returns>
    public AssemblyName? IdentityOf(string? simpleName)
    {
        var file = FileOf(simpleName);
        if (file is null)
        {
            return null;
        }

        return _names.GetOrAdd(simpleName!, _ =>
        {
            try
            {
                var name = AssemblyName.GetAssemblyName(file);
                return FileNames.Equals(name.Name, simpleName) ? name : null;
            }
            catch (Exception e) when (e is BadImageFormatException or IOException or UnauthorizedAccessException)
            {
                return null;
            }
        });
    }

    /// <summary>True when <paramref name="assembly"/> was loaded from this folder.</summary>
    /// <param name="assembly">Any assembly.</param>
    /// <returns>Whether it is one of the module's.</returns>
    public bool Holds(Assembly assembly)
    {
        if (assembly.IsDynamic)
        {
            return false;
        }

        string location;
        try
        {
            location = assembly.Location;
        }
        catch (NotSupportedException)
        {
            return false;
        }

        return !string.IsNullOrEmpty(location)
            && FileNames.Equals(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(location)), Path);
    }
}
