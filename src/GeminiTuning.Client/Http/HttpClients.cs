using System;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;

namespace GeminiTuning.Http;

/// <summary>The module's shared HttpClient: one per process, so connections are reused across commands.</summary>
public static class HttpClients
{
    /// <summary>
    /// Connections the shared client opens to one server at most. HTTP/1.1 carries one request per connection, so this
    /// caps the requests in flight to a host: it is four times the most any one command asks for
    /// (<c>Invoke-GeminiTunedModel -ThrottleLimit 64</c>), so that the limit a user sets is the one that holds, even with a
    /// few commands running side by side in one process, while a runaway loop still cannot open sockets without end.
    /// </summary>
    public const int MaxConnectionsPerServer = 256;

    private static readonly object Gate = new();
    private static HttpClient? _shared;
    private static ModuleProxy? _sharedProxy;

    static HttpClients()
    {
        EnableTls12OnNetFramework();
    }

    /// <summary>
    /// The shared client for the given proxy (null: the system's default). Created again only when the proxy changes,
    /// so connections are reused across commands.
    /// </summary>
    public static HttpClient Get(ModuleProxy? proxy = null)
    {
        lock (Gate)
        {
            if (_shared is null || !Equals(_sharedProxy, proxy))
            {
                // The previous client is not disposed: commands still running may hold it; it is collected when they end.
                _shared = Create(proxy);
                _sharedProxy = proxy;
            }

            return _shared;
        }
    }

    /// <summary>Creates a client: no automatic redirects (a bearer token must never follow one), no cookies, decompression on.</summary>
    public static HttpClient Create(IWebProxy? proxy)
    {
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            MaxConnectionsPerServer = MaxConnectionsPerServer,
        };
        if (proxy is not null)
        {
            handler.Proxy = proxy;
            handler.UseProxy = true;
        }

        // Each request sets its own timeout; streams may run for long.
        return new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// Windows PowerShell 5.1 runs on .NET Framework, whose default protocols may exclude TLS 1.2 (which Google's APIs
    /// require). TLS 1.2 is OR-ed in, leaving whatever else the process enabled untouched.
    /// </summary>
    internal static void EnableTls12OnNetFramework()
    {
        if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
        {
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
        }
    }
}
