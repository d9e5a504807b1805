using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace GeminiTuning.Loader;

/// <summary>What GeminiTuning.psm1 calls: loads the cmdlet assembly so that its dependencies come from the module's own folder.</summary>
public static class ModuleLoader
{
    private static readonly Dictionary<string, object> Loaders = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Loads <paramref name="assemblyName"/> from <paramref name="dependencyFolder"/>: on PowerShell 7 into the folder's
    /// private AssemblyLoadContext (<c>ModuleLoadContext</c>), on Windows PowerShell 5.1 with <see cref="BindingRedirects"/> for the
    /// folder registered first. Calling it again for the same folder (Import-Module -Force, Remove-Module then
    /// Import-Module) returns the same assembly: a load context and its assemblies live as long as the process.
    /// </summary>
    /// <param name="dependencyFolder">The module's bin/ folder.</param>
    /// <param name="assemblyName">The cmdlet assembly's simple name, e.g. GeminiTuning.PowerShell.</param>
    /// <returns>The cmdlet assembly, for Import-Module -Assembly.</returns>
    public static Assembly Load(string dependencyFolder, string assemblyName)
    {
        if (string.IsNullOrEmpty(assemblyName))
        {
            throw new ArgumentException("The assembly name is required.", nameof(assemblyName));
        }

        var key = Path.GetFullPath(dependencyFolder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        object loader;
        lock (Loaders)
        {
            if (!Loaders.TryGetValue(key, out loader!))
            {
                loader = Create(new DependencyFolder(key));
                Loaders.Add(key, loader);
            }
        }

#if NET
        return ((ModuleLoadContext)loader).LoadFromAssemblyName(new AssemblyName(assemblyName));
#else
        var redirects = (BindingRedirects)loader;
        var file = redirects.Folder.FileOf(assemblyName)
            ?? throw new FileNotFoundException($"The module's assembly '{assemblyName}.dll' is not in '{redirects.Folder.Path}'; reinstall the module.");
        return Assembly.LoadFrom(file);
#endif
    }

    private static object Create(DependencyFolder folder)
    {
#if NET
        return new ModuleLoadContext(folder, new PrivateLoadRule(folder));
#else
        var redirects = new BindingRedirects(folder);
        redirects.Register();
        return redirects;
#endif
    }
}
