#if NET
using System;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace GeminiTuning.Loader;

/// <summary>
/// PowerShell 7: the module's private load context. The cmdlet assembly loads here, so every reference it and its
/// dependencies make is bound by <see cref="Load"/> first: bin/'s copy when <see cref="PrivateLoadRule"/> says so, and
/// otherwise (System.Management.Automation, the framework) PowerShell's own through the default context. Whatever other
/// modules loaded into the default context (another Newtonsoft.Json, another Google.Apis.Auth) is never seen here, and
/// what loads here is never seen by them.
/// </summary>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    private readonly PrivateLoadRule _rule;
    private readonly ConcurrentDictionary<string, Assembly> _loaded = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _sync = new();

    /// <summary>A context over <paramref name="folder"/>. Never collectible: PowerShell keeps cmdlet types for the session.</summary>
    /// <param name="folder">The module's dependency folder.</param>
    /// <param name="rule">Which requests are answered from <paramref name="folder"/>.</param>
    public ModuleLoadContext(DependencyFolder folder, PrivateLoadRule rule)
        : base("GeminiTuning (" + folder.Path + ")", isCollectible: false)
    {
        Folder = folder;
        _rule = rule;
    }

    /// <summary>The dependency folder this context loads from.</summary>
    public DependencyFolder Folder { get; }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var file = _rule.PrivateFileFor(assemblyName);
        if (file is null)
        {
            return null;
        }

        if (_loaded.TryGetValue(file, out var assembly))
        {
            return assembly;
        }

        // Two threads can ask for the same name at once; the second must get the first one's assembly.
        lock (_sync)
        {
            return _loaded.GetOrAdd(file, LoadFromAssemblyPath);
        }
    }
}
#endif
