using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using GeminiTuning.Config;

namespace GeminiTuning.Http;

/// <summary>
/// The proxy this module's requests use, scoped to the module (the process's default proxy is never changed):
/// Connect-GeminiTuning -Proxy, else the HTTPS_PROXY / NO_PROXY environment variables (read the same way on Windows
/// PowerShell 5.1, whose .NET Framework ignores them, and on PowerShell 7). This machine (loopback) is never proxied.
/// </summary>
public sealed class ModuleProxy : IWebProxy, IEquatable<ModuleProxy>
{
    private readonly string[] _bypass;
    private ICredentials? _credentials;

    /// <summary>Creates a proxy; <paramref name="bypass"/> holds NO_PROXY entries (host names, .domain suffixes, IPs, *).</summary>
    public ModuleProxy(Uri address, IEnumerable<string>? bypass = null, NetworkCredential? credential = null)
    {
        Address = address;
        _bypass = (bypass ?? Array.Empty<string>()).Select(b => b.Trim().ToLowerInvariant()).Where(b => b.Length > 0).ToArray();
        Credential = credential;
        _credentials = credential;
    }

    /// <summary>The proxy's address.</summary>
    public Uri Address { get; }

    /// <summary>The proxy credential, if any.</summary>
    public NetworkCredential? Credential { get; }

    /// <summary>NO_PROXY entries.</summary>
    public IReadOnlyList<string> Bypass => _bypass;

    /// <inheritdoc />
    public ICredentials? Credentials
    {
        get => _credentials;
        set => _credentials = value;
    }

    /// <summary>
    /// The proxy for the process environment: HTTPS_PROXY (or https_proxy, then ALL_PROXY), with NO_PROXY (or
    /// no_proxy); credentials written in the proxy URL (http://user:password@host:port) are used and never shown.
    /// Null when no variable is set.
    /// </summary>
    public static ModuleProxy? FromEnvironment(Func<string, string?> environment)
    {
        var value = new[] { "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy" }.Select(environment).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (value is null)
        {
            return null;
        }

        var text = value.Trim();
        if (!text.Contains("://"))
        {
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new GeminiTuningArgumentException("HTTPS_PROXY", $"The HTTPS_PROXY environment variable ('{Identifiers.Printable(Redactor.Redact(StripUserInfo(value)))}') is not a proxy URL.",
                "Set it to http://HOST:PORT (optionally http://USER:PASSWORD@HOST:PORT), or remove it.");
        }

        NetworkCredential? credential = null;
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(new[] { ':' }, 2);
            credential = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
            Redactor.RegisterSecret(credential.Password);
            uri = new Uri(uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped));
        }

        var noProxy = environment("NO_PROXY") ?? environment("no_proxy") ?? string.Empty;
        return new ModuleProxy(uri, noProxy.Split(','), credential);
    }

    /// <summary>The explicit proxy of Connect-GeminiTuning -Proxy.</summary>
    public static ModuleProxy Explicit(Uri address, NetworkCredential? credential)
    {
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(address.UserInfo))
        {
            throw new GeminiTuningArgumentException("Proxy", $"'{Identifiers.Printable(StripUserInfo(address.OriginalString))}' is not a proxy URL.",
                "Give http://HOST:PORT, and the credential with -ProxyCredential.");
        }

        Redactor.RegisterSecret(credential?.Password);
        return new ModuleProxy(address, null, credential);
    }

    /// <inheritdoc />
    public Uri GetProxy(Uri destination) => IsBypassed(destination) ? destination : Address;

    /// <inheritdoc />
    public bool IsBypassed(Uri host)
    {
        if (ServiceEndpoints.IsLoopback(host))
        {
            return true;
        }

        var name = host.Host.ToLowerInvariant().Trim('[', ']');
        foreach (var entry in _bypass)
        {
            if (entry == "*")
            {
                return true;
            }

            var (entryHost, entryPort) = SplitPort(entry);
            if (entryPort is not null && entryPort != host.Port)
            {
                continue;
            }

            var domain = entryHost.TrimStart('*').TrimStart('.');
            if (name == domain || name.EndsWith("." + domain, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static (string Host, int? Port) SplitPort(string entry)
    {
        var colon = entry.LastIndexOf(':');
        return colon > 0 && entry.IndexOf(']') < colon && int.TryParse(entry.Substring(colon + 1), out var port)
            ? (entry.Substring(0, colon).Trim('[', ']'), port)
            : (entry.Trim('[', ']'), null);
    }

    private static string StripUserInfo(string value)
    {
        var at = value.LastIndexOf('@');
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        return at > 0 ? (scheme > 0 ? value.Substring(0, scheme + 3) : string.Empty) + value.Substring(at + 1) : value;
    }

    /// <summary>Two proxies are the same when address, bypass list and credential are (so clients are reused).</summary>
    public bool Equals(ModuleProxy? other) =>
        other is not null && Address == other.Address && _bypass.SequenceEqual(other._bypass) &&
        Credential?.UserName == other.Credential?.UserName && Credential?.Password == other.Credential?.Password &&
        Credential?.Domain == other.Credential?.Domain;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ModuleProxy);

    /// <inheritdoc />
    public override int GetHashCode() => Address.GetHashCode() ^ _bypass.Length;

    /// <inheritdoc />
    public override string ToString() => Address + (Credential is null ? string.Empty : " (with credential)");
}
