using System;
using System.Net;

namespace GeminiTuning.Config;

/// <summary>Where requests go, and which hosts may receive the bearer token.</summary>
/// <remarks>
/// Every URL is built here from validated parts. The credential is attached only to a request whose host is one of
/// Google's (regional <c>{region}-aiplatform.googleapis.com</c>, <c>aiplatform.googleapis.com</c>,
/// <c>aiplatform.{us,eu}.rep.googleapis.com</c>, <c>generativelanguage.googleapis.com</c>,
/// <c>storage.googleapis.com</c>) or the endpoint the user connected to explicitly.
/// </remarks>
public sealed class ServiceEndpoints
{
    /// <summary>The public Google endpoints.</summary>
    public static ServiceEndpoints Google { get; } = new(null);

    /// <summary>Creates the endpoints, optionally overridden by a base URI (a private endpoint or the emulator).</summary>
    public ServiceEndpoints(Uri? overrideBase)
    {
        Override = overrideBase is null ? null : ValidateOverride(overrideBase.OriginalString, "Endpoint");
    }

    /// <summary>The base URI every request goes to instead of Google's hosts, or null.</summary>
    public Uri? Override { get; }

    /// <summary>Validates an endpoint override: absolute http(s), plain http only on loopback, no credentials, query or fragment.</summary>
    public static Uri ValidateOverride(string? value, string parameterName)
    {
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"'{Identifiers.Printable(value)}' is not an absolute http or https URI.",
                "Give a base URI such as 'https://us-central1-aiplatform.googleapis.com/' or the emulator's 'http://127.0.0.1:8085/'.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new GeminiTuningArgumentException(parameterName,
                "The endpoint URI must not contain user information, a query or a fragment.",
                "Give only scheme, host, port and (optionally) a path prefix.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"Plain http is only allowed to this machine (loopback), not to '{uri.Host}': the bearer token would cross the network unencrypted.",
                "Use an https URI, or http://127.0.0.1:PORT/ for the local emulator.");
        }

        var text = uri.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith("/", StringComparison.Ordinal) ? text : text + "/");
    }

    /// <summary>True when the URI's host is this machine.</summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The Vertex AI base URI for a location: regional, global or multi-regional.</summary>
    public Uri VertexBase(string location)
    {
        Identifiers.ValidateRegion(location);
        if (Override is not null)
        {
            return Override;
        }

        return location switch
        {
            "global" => new Uri("https://aiplatform.googleapis.com/"),
            "us" or "eu" => new Uri("https://aiplatform." + location + ".rep.googleapis.com/"),
            _ => new Uri("https://" + location + "-aiplatform.googleapis.com/"),
        };
    }

    /// <summary>The Gemini API base URI.</summary>
    public Uri GeminiApiBase => Override ?? new Uri("https://generativelanguage.googleapis.com/");

    /// <summary>The Cloud Storage JSON API base URI.</summary>
    public Uri StorageBase => Override ?? new Uri("https://storage.googleapis.com/");

    /// <summary>True when a request to <paramref name="uri"/> may carry the caller's credential.</summary>
    public bool IsTrustedForCredentials(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            return false;
        }

        if (Override is not null)
        {
            return Uri.Compare(uri, Override, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
        }

        if (uri.Scheme != Uri.UriSchemeHttps || !uri.IsDefaultPort)
        {
            return false;
        }

        var host = uri.Host.ToLowerInvariant();
        if (host is "aiplatform.googleapis.com" or "aiplatform.us.rep.googleapis.com" or "aiplatform.eu.rep.googleapis.com"
            or "generativelanguage.googleapis.com" or "storage.googleapis.com")
        {
            return true;
        }

        const string regionalSuffix = "-aiplatform.googleapis.com";
        return host.EndsWith(regionalSuffix, StringComparison.Ordinal) &&
               Identifiers.IsRegion(host.Substring(0, host.Length - regionalSuffix.Length));
    }
}
