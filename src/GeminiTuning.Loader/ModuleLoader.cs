using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace GeminiTuning.Loader;

/// <summary>What GeminiTuning.psm1 calls: loads the cmdlet assembly so that its dependencies come from the module's own folder.</summary>
public static class ModuleLoader
{
    private static readonly Dictionary<string, object> Loaders = new(StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> Imported = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Loads <paramref name="assemblyName"/> from <paramref name="dependencyFolder"/>: on PowerShell 7 into the folder's
    /// private AssemblyLoadContext (<c>ModuleLoadContext</c>), on Windows PowerShell 5.1 with <see cref="BindingRedirects"/> for the
    /// folder registered first. Calling it again for the same folder (Import-Module -Force, Remove-Module then
    /// Import-Module) returns the same assembly: a load context and its assemblies live as long as the process.
    /// </summary>
    /// <param name="dependencyFolder">The module's bin/ folder.</param>
    /// <param name="assemblyName">The cmdlet assembly's simple name, e.g. GeminiTuning.PowerShell.</param>
    /// <returns>The cmdlet assembly, for Import-Module -Assembly.</returns>
    public static Assembly Load(string dependencyFolder, string assemblyName) => Import(dependencyFolder, assemblyName).Assembly;

    /// <summary>
    /// <see cref="Load"/>, and whether this is the first time in the process: Import-Module -Assembly hands back its
    /// cached module for an assembly it has imported before, without exporting the cmdlets again
    /// (https://github.com/PowerShell/PowerShell/issues/20710), so on a re-import GeminiTuning.psm1 has them exported by
    /// <see cref="ModuleImport.ExportCmdlets"/>.
    /// </summary>
    /// <param name="dependencyFolder">The module's bin/ folder.</param>
    /// <param name="assemblyName">The cmdlet assembly's simple name, e.g. GeminiTuning.PowerShell.</param>
    /// <returns>The cmdlet assembly and whether it was loaded by this call.</returns>
    public static ModuleImport Import(string dependencyFolder, string assemblyName)
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
        var assembly = ((ModuleLoadContext)loader).LoadFromAssemblyName(new AssemblyName(assemblyName));
#else
        var redirects = (BindingRedirects)loader;
        var file = redirects.Folder.FileOf(assemblyName)
            ?? throw new FileNotFoundException($"The module's assembly '{assemblyName}.dll' is not in '{redirects.Folder.Path}'; reinstall the module.");
        var assembly = Assembly.LoadFrom(file);
#endif
        lock (Imported)
        {
            return new ModuleImport(assembly, Imported.Add(key + "|" + assemblyName));
        }
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

/// <summary>What <see cref="ModuleLoader.Import"/> loaded.</summary>
public sealed class ModuleImport
{
    internal ModuleImport(Assembly assembly, bool isFirst)
    {
        Assembly = assembly;
        IsFirst = isFirst;
    }

    /// <summary>The cmdlet assembly.</summary>
    public Assembly Assembly { get; }

    /// <summary>True the first time the assembly is handed out in this process; false on a re-import.</summary>
    public bool IsFirst { get; }

    /// <summary>
    /// On a re-import, adds the cmdlets of <paramref name="inner"/> (the module Import-Module -Assembly handed back from its
    /// cache) to the exports of <paramref name="module"/> (GeminiTuning's own), as the first import does by itself
    /// (https://github.com/PowerShell/PowerShell/issues/20710). Here in C# rather than in GeminiTuning.psm1 because every
    /// statement of the root module is compiled at every import, re-import or not.
    /// </summary>
    /// <param name="module">GeminiTuning's PSModuleInfo (the psm1's <c>$ExecutionContext.SessionState.Module</c>).</param>
    /// <param name="inner">The PSModuleInfo of the cmdlet assembly.</param>
    /// <returns>False when this PowerShell lacks the private <c>PSModuleInfo.AddExportedCmdlet</c> (a rename in a later
    /// version): the cmdlets still run, but the module does not list them.</returns>
    public bool ExportCmdlets(object module, object inner)
    {
        if (module is null)
        {
            throw new ArgumentNullException(nameof(module));
        }

        if (inner is null)
        {
            throw new ArgumentNullException(nameof(inner));
        }

        const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        var add = module.GetType().GetMethod("AddExportedCmdlet", Instance);
        if (add is null || inner.GetType().GetProperty("ExportedCmdlets")?.GetValue(inner) is not System.Collections.IDictionary cmdlets)
        {
            return false;
        }

        foreach (var cmdlet in cmdlets.Values)
        {
            add.Invoke(module, new[] { cmdlet });
        }

        return true;
    }
}
