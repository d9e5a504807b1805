#if NET
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace GeminiTuning.Loader;

/// <summary>
/// PowerShell 7: which requests the module's private load context answers from bin/, and which it leaves to PowerShell.
/// </summary>
/// <remarks>
/// <para>Everything bin/ holds loads privately (the module's own assemblies, Google.Apis.*, Newtonsoft.Json, ...) with one
/// exception: a .NET platform assembly (signed with one of the keys the .NET runtime and its packages are signed with:
/// System.Text.Json, System.Memory, Microsoft.Bcl.AsyncInterfaces, System.Management, ...) that PowerShell itself provides
/// at the same or a newer version. Those come from PowerShell, because the netstandard2.0 builds in bin/ are polyfills
/// for .NET Framework: System.Memory and Microsoft.Bcl.AsyncInterfaces there define their own Span and IAsyncEnumerable,
/// which must be the runtime's own on .NET; System.Management there is the build that only throws
/// PlatformNotSupportedException, where PowerShell on Windows carries the real one. The platform keeps these assemblies
/// backward compatible, and no other module can replace them in PowerShell's context (its copies are on the trusted
/// platform list, which wins), so taking PowerShell's copy cannot be disturbed by other modules either.</para>
/// <para>What PowerShell provides is its trusted platform assembly list (the framework and $PSHOME); nothing here lists
/// the module's dependencies.</para>
/// </remarks>
public sealed class PrivateLoadRule
{
    /// <summary>
    /// The public key tokens of the .NET platform's own strong-name keys (ECMA, Microsoft, Open, Silverlight platform and the
    /// one Microsoft.Extensions.* carry), as dotnet/arcade's strong-naming defines them.
    /// </summary>
    private static readonly string[] PlatformKeyTokens =
    {
        "b77a5c561934e089", "b03f5f7f11d50a3a", "cc7b13ffcd2ddd51", "7cec85d7bea7798e", "adb9793829ddae60",
    };

    private static readonly string? TrustedPlatformList = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string;
    private readonly DependencyFolder _folder;
    private readonly Func<string, string?> _host;

    /// <summary>The rule for <paramref name="folder"/> in this process: the host's assemblies are its trusted platform list.</summary>
    /// <param name="folder">The module's dependency folder.</param>
    public PrivateLoadRule(DependencyFolder folder)
        : this(folder, HostAssemblyFile)
    {
    }

    /// <summary>The rule for <paramref name="folder"/> with the given host assemblies.</summary>
    /// <param name="folder">The module's dependency folder.</param>
    /// <param name="hostAssemblies">Simple name to file of every assembly the host (PowerShell) provides.</param>
    public PrivateLoadRule(DependencyFolder folder, IReadOnlyDictionary<string, string> hostAssemblies)
        : this(folder, name => hostAssemblies.TryGetValue(name, out var file) ? file : null)
    {
        if (hostAssemblies is null)
        {
            throw new ArgumentNullException(nameof(hostAssemblies));
        }
    }

    private PrivateLoadRule(DependencyFolder folder, Func<string, string?> host)
    {
        _folder = folder ?? throw new ArgumentNullException(nameof(folder));
        _host = host;
    }

    /// <summary>The file in bin/ to load privately for <paramref name="requested"/>, or null to leave it to PowerShell.</summary>
    /// <param name="requested">The assembly asked for by an assembly in the private context.</param>
    /// <returns>The file, or null.</returns>
    public string? PrivateFileFor(AssemblyName requested)
    {
        if (requested is null)
        {
            throw new ArgumentNullException(nameof(requested));
        }

        var file = _folder.FileOf(requested.Name);
        if (file is null || !string.IsNullOrEmpty(requested.CultureName))
        {
            return null;
        }

        // Most of bin/ (the module's own assemblies, Google.Apis.*) has no namesake in the host: no file is read for those,
        // which keeps the import fast.
        var hostFile = _host(requested.Name!);
        if (hostFile is null)
        {
            return file;
        }

        var shipped = _folder.IdentityOf(requested.Name);
        if (shipped is null)
        {
            return null;
        }

        return IsPlatformAssembly(shipped) && HostProvides(shipped, hostFile) ? null : file;
    }

    /// <summary>True when <paramref name="name"/> is signed with one of the .NET platform's keys.</summary>
    /// <param name="name">An assembly's identity.</param>
    /// <returns>Whether the .NET team built it.</returns>
    public static bool IsPlatformAssembly(AssemblyName name)
    {
        var token = name.GetPublicKeyToken();
        if (token is null || token.Length != 8)
        {
            return false;
        }

        var hex = string.Concat(token.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        return PlatformKeyTokens.Contains(hex, StringComparer.Ordinal);
    }

    /// <summary>The file of <paramref name="simpleName"/> on this process's trusted platform assembly list (the framework and,
    /// in PowerShell, $PSHOME), or null. Scans the list in place: nothing is built for the names never asked for.</summary>
    /// <param name="simpleName">An assembly's simple name.</param>
    /// <returns>The file, or null.</returns>
    public static string? HostAssemblyFile(string simpleName)
    {
        var list = TrustedPlatformList;
        if (list is null || string.IsNullOrEmpty(simpleName))
        {
            return null;
        }

        var needle = simpleName + ".dll";
        for (var at = list.IndexOf(needle, StringComparison.OrdinalIgnoreCase); at >= 0; at = list.IndexOf(needle, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + needle.Length;
            var wholeFileName = at > 0 && (list[at - 1] == '/' || list[at - 1] == '\\') && (end == list.Length || list[end] == Path.PathSeparator);
            if (wholeFileName)
            {
                var start = list.LastIndexOf(Path.PathSeparator, at) + 1;
                return list.Substring(start, end - start);
            }
        }

        return null;
    }

    /// <summary>True when the host has the same assembly (name and key) at the shipped version or a newer one.</summary>
    private static bool HostProvides(AssemblyName shipped, string hostFile)
    {
        try
        {
            var host = AssemblyName.GetAssemblyName(hostFile);
            return host.Version is not null && shipped.Version is not null && host.Version >= shipped.Version
                && (host.GetPublicKeyToken() ?? Array.Empty<byte>()).SequenceEqual(shipped.GetPublicKeyToken() ?? Array.Empty<byte>());
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
#endif
