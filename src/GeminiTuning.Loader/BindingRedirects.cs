using System;
using System.Linq;
using System.Reflection;

namespace GeminiTuning.Loader;

/// <summary>
/// Windows PowerShell 5.1 (.NET Framework): the binding redirects that an application's .exe.config would hold, as an
/// <see cref="AppDomain.AssemblyResolve"/> handler. powershell.exe has no redirects for a module, so when, say,
/// System.Memory asks for System.Runtime.CompilerServices.Unsafe 4.0.4.1 and bin/ holds 6.0.0.0, the load fails and
/// the AppDomain asks its handlers; this one answers with the copy in bin/.
/// </summary>
/// <remarks>
/// It answers only for what the module ships and only when the request is the module's: a name bin/ does not hold,
/// a request made by another module's assembly, a culture-specific (satellite) request, another publisher's assembly of
/// the same name (a different public key token) or a newer version than bin/ holds all get null, so that whoever
/// owns the request resolves it. A request without a requesting assembly (Assembly.Load by name, which .NET Framework
/// reports without one) cannot be attributed; it is answered when everything else matches, like a redirect would.
/// </remarks>
public sealed class BindingRedirects
{
    private readonly DependencyFolder _folder;
    private readonly Func<string, Assembly> _load;
    private readonly object _sync = new();
    private bool _registered;

    /// <summary>Redirects to the assemblies in <paramref name="folder"/>, loading them with <see cref="Assembly.LoadFrom(string)"/>.</summary>
    /// <param name="folder">The module's dependency folder.</param>
    public BindingRedirects(DependencyFolder folder)
        : this(folder, Assembly.LoadFrom)
    {
    }

    /// <summary>Redirects to the assemblies in <paramref name="folder"/>, loading them with <paramref name="load"/>.</summary>
    /// <param name="folder">The module's dependency folder.</param>
    /// <param name="load">Loads an assembly file (tests observe it instead of loading).</param>
    public BindingRedirects(DependencyFolder folder, Func<string, Assembly> load)
    {
        _folder = folder ?? throw new ArgumentNullException(nameof(folder));
        _load = load ?? throw new ArgumentNullException(nameof(load));
    }

    /// <summary>The folder redirected to.</summary>
    public DependencyFolder Folder => _folder;

    /// <summary>
    /// The file that answers a request for <paramref name="requested"/> made by <paramref name="requestingAssembly"/>,
    /// or null when the request is not the module's to answer.
    /// </summary>
    /// <param name="requested">The assembly asked for.</param>
    /// <param name="requestingAssembly">The assembly whose reference failed to bind, when the runtime knows it.</param>
    /// <returns>A file in the dependency folder, or null.</returns>
    public string? Resolve(AssemblyName requested, Assembly? requestingAssembly)
    {
        if (requested is null)
        {
            throw new ArgumentNullException(nameof(requested));
        }

        if (requestingAssembly is not null && !_folder.Holds(requestingAssembly))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(requested.CultureName))
        {
            return null;
        }

        var shipped = _folder.IdentityOf(requested.Name);
        if (shipped is null)
        {
            return null;
        }

        if (!SameKey(requested.GetPublicKeyToken(), shipped.GetPublicKeyToken()))
        {
            return null;
        }

        if (requested.Version is not null && shipped.Version is not null && requested.Version > shipped.Version)
        {
            return null;
        }

        return _folder.FileOf(requested.Name);
    }

    /// <summary>Adds the handler to the current AppDomain, once however often it is called.</summary>
    public void Register()
    {
        lock (_sync)
        {
            if (!_registered)
            {
                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                _registered = true;
            }
        }
    }

    /// <summary>The <see cref="AppDomain.AssemblyResolve"/> handler.</summary>
    /// <param name="sender">The AppDomain.</param>
    /// <param name="args">The failed request.</param>
    /// <returns>The module's copy, or null to let other handlers answer.</returns>
    public Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
    {
        AssemblyName requested;
        try
        {
            requested = new AssemblyName(args.Name);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.IO.FileLoadException)
        {
            return null;
        }

        var file = Resolve(requested, args.RequestingAssembly);
        return file is null ? null : _load(file);
    }

    private static bool SameKey(byte[]? requested, byte[]? shipped) =>
        (requested is null || requested.Length == 0)
            ? shipped is null || shipped.Length == 0
            : shipped is not null && requested.SequenceEqual(shipped);
}
