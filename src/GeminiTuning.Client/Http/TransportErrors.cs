using System;
using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using GeminiTuning.Config;

namespace GeminiTuning.Http;

/// <summary>The transport's errors that are about where a request went rather than what the service said.</summary>
internal static class TransportErrors
{
    /// <summary>
    /// A 3xx answer. Google's APIs never redirect, so it comes from something in between (a captive portal, a proxy) or
    /// from a moved private endpoint; following it would send the request and its credential elsewhere.
    /// </summary>
    public static GeminiTuningException RedirectRefused(ApiCall call, HttpResponseMessage response, ServiceEndpoints endpoints)
    {
        var code = (int)response.StatusCode;
        var location = response.Headers.Location is { } l
            ? (l.IsAbsoluteUri ? l : new Uri(call.Uri, l))
            : null;
        var target = location is null ? "elsewhere" : "to " + Redactor.RedactUri(new Uri(location.GetLeftPart(UriPartial.Path)));
        var message = string.Format(CultureInfo.InvariantCulture,
            "{0} on {1} was answered with a redirect (HTTP {2} {3}) {4}, and redirects are refused: Google's APIs never redirect, so something " +
            "between this machine and {1} answered instead (a captive portal such as a hotel or guest Wi-Fi sign-in page, or a proxy), and " +
            "following it would send the request and its credential there.",
            call.Describe(), call.Uri.Host, code, response.ReasonPhrase, target);
        var fix = endpoints.Override is not null
            ? "If the connected endpoint has moved, connect to its new address with Connect-GeminiTuning -Endpoint; otherwise sign in to the " +
              "network in a browser, or check the proxy (HTTPS_PROXY, or Connect-GeminiTuning -Proxy), then retry."
            : "Sign in to the network in a browser if it has a sign-in page; otherwise check the proxy (HTTPS_PROXY, or Connect-GeminiTuning " +
              "-Proxy), then retry.";
        return new GeminiTuningException(message, "RedirectRefused", ErrorCategoryHint.ProtocolError, fix);
    }

    /// <summary>True when the connection was refused by this machine: nothing listens there, and retrying will not change it soon.</summary>
    public static bool IsRefusedOnLoopback(Uri uri, Exception failure)
    {
        if (!ServiceEndpoints.IsLoopback(uri))
        {
            return false;
        }

        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Nothing listens at the connected loopback endpoint: most often an emulator that was stopped.</summary>
    public static GeminiTuningException NotListening(ApiCall call, Exception failure) => new(
        string.Format(CultureInfo.InvariantCulture,
            "Could not complete {0}: nothing listens at {1} on this machine (connection refused). If it was a GeminiTuning emulator, it has stopped.",
            call.Describe(), call.Uri.GetLeftPart(UriPartial.Authority)),
        "EndpointNotListening", ErrorCategoryHint.ConnectionError,
        "Start an emulator and connect to it (Start-GeminiTuningEmulator | Connect-GeminiTuning), or go back to Google with Disconnect-GeminiTuning.",
        failure);

    /// <summary>The Gemini API was called with neither an API key nor a Google credential.</summary>
    public static GeminiTuningException NoCredentialsForGeminiApi(GeminiTuningException cause) => new(
        "No credential for the Gemini API: no API key is set, and no Google credentials were found (Application Default Credentials are not set up).",
        "NoCredentials", ErrorCategoryHint.AuthenticationError,
        "Give an API key (from https://aistudio.google.com/apikey) with -ApiKey, with Connect-GeminiTuning -ApiKey, or in the GEMINI_API_KEY " +
        "environment variable; or set up Google credentials with 'gcloud auth application-default login'.", cause);
}
