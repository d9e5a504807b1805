using System;
using System.Net.Http.Headers;

namespace GeminiTuning.Http;

/// <summary>
/// How every request names its sender: this library and the program hosting it. The host (the module's cmdlets, or
/// any other program) tells it once with <see cref="SetHost"/>; every request then carries the same
/// <see cref="UserAgent"/>, e.g. <c>GeminiTuning/0.1.0 PowerShell/7.6.10 (Core)</c>, and names the host in
/// <c>x-goog-api-client</c> too, so that Google's request logs and a proxy's show which client and which PowerShell sent it.
/// </summary>
public static class ClientIdentity
{
    /// <summary>The library's version (the module's), e.g. <c>0.1.0</c>.</summary>
    public static string ModuleVersion { get; } = typeof(ClientIdentity).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    // Initialised after ModuleVersion, which it reads (static initialisers run in textual order).
    private static volatile Snapshot _current = new(null, null);

    /// <summary>The host's product token as set by <see cref="SetHost"/>, e.g. <c>PowerShell/7.6.10 (Core)</c>; null until then.</summary>
    public static string? Host => _current.Host;

    /// <summary>The User-Agent of every request: <c>GeminiTuning/VERSION</c>, followed by the host once it is set.</summary>
    public static string UserAgent => _current.UserAgent;

    /// <summary>The <c>x-goog-api-client</c> header: runtime, library and host, e.g. <c>gl-dotnet/10.0 geminituning/0.1.0 powershell/7.6.10</c>.</summary>
    internal static string ApiClientHeader => _current.ApiClientHeader;

    /// <summary>
    /// Names the program hosting the library, e.g. <c>SetHost("PowerShell", "7.6.10", "Core")</c> or
    /// <c>SetHost("WindowsPowerShell", "5.1.22621.4391")</c>. Process-wide; the last call wins.
    /// </summary>
    /// <param name="product">A product token: letters, digits and <c>-._~</c>, no spaces or slashes.</param>
    /// <param name="version">Its version, a token too.</param>
    /// <param name="comment">Optional detail shown in parentheses, such as the PowerShell edition.</param>
    /// <exception cref="ArgumentException">A value that cannot appear in a User-Agent header.</exception>
    public static void SetHost(string product, string version, string? comment = null)
    {
        ProductInfoHeaderValue productInfo;
        ProductInfoHeaderValue? commentInfo = null;
        try
        {
            productInfo = new ProductInfoHeaderValue(product, version);
            if (!string.IsNullOrEmpty(comment))
            {
                commentInfo = new ProductInfoHeaderValue("(" + comment + ")");
            }
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"'{product}/{version} ({comment})' cannot be written in a User-Agent header: {ex.Message}", nameof(product), ex);
        }

        var host = commentInfo is null ? productInfo.ToString() : productInfo + " " + commentInfo;
        _current = new Snapshot(host, (product + "/" + version).ToLowerInvariant());
    }

    /// <summary>Both headers, built together so that a request never mixes an old and a new host.</summary>
    private sealed class Snapshot
    {
        public Snapshot(string? host, string? apiClientToken)
        {
            Host = host;
            UserAgent = "GeminiTuning/" + ModuleVersion + (host is null ? string.Empty : " " + host);
            ApiClientHeader = "gl-dotnet/" + Environment.Version.ToString(2) + " geminituning/" + ModuleVersion +
                              (apiClientToken is null ? string.Empty : " " + apiClientToken);
        }

        public string? Host { get; }

        public string UserAgent { get; }

        public string ApiClientHeader { get; }
    }
}
