using System;
using System.Collections.Generic;
using System.Net.Http;

namespace GeminiTuning.Http;

/// <summary>One request to a Google API, described before it is sent.</summary>
public sealed class ApiCall
{
    private byte[]? _body;

    /// <summary>Creates a request description.</summary>
    public ApiCall(HttpMethod method, Uri uri, RetryClass retry)
    {
        Method = method;
        Uri = uri;
        Retry = retry;
    }

    /// <summary>HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>Absolute request URI, built from validated parts.</summary>
    public Uri Uri { get; }

    /// <summary>How the request may be repeated.</summary>
    public RetryClass Retry { get; }

    /// <summary>Request body, or null; all of it is sent unless <see cref="SetBody"/> said how much.</summary>
    public byte[]? Body
    {
        get => _body;
        set
        {
            _body = value;
            BodyLength = value?.Length ?? 0;
        }
    }

    /// <summary>How many bytes of <see cref="Body"/> are sent.</summary>
    public int BodyLength { get; private set; }

    /// <summary>Content type of <see cref="Body"/>; null sends none (an upload chunk's type is the session's).</summary>
    public string? ContentType { get; set; } = "application/json; charset=utf-8";

    /// <summary>How log lines name this call instead of its method and URL, e.g. an upload chunk with its byte range.</summary>
    public string? Label { get; set; }

    /// <summary>
    /// The project to send as <c>x-goog-user-project</c> when the token is a person's and carries no quota project of its
    /// own (the Gemini API charges quota to it; gcloud sends the current project the same way). Null sends none.
    /// </summary>
    public string? UserProjectFallback { get; set; }

    /// <summary>Whether the bearer token is attached (false for API-key calls).</summary>
    public bool Authenticate { get; set; } = true;

    /// <summary>Whether an API key would do instead of the bearer token (Gemini API calls), so that a missing credential's error names the key.</summary>
    public bool AcceptsApiKey { get; set; }

    /// <summary>Extra headers (e.g. <c>x-goog-api-key</c>, <c>Content-Range</c>); values listed in <see cref="SecretHeaders"/> are never logged.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Headers whose values are secret.</summary>
    public static readonly ISet<string> SecretHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "x-goog-api-key", "Authorization" };

    /// <summary>Time allowed per attempt until the response headers arrive.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Whether the body of a successful response is logged at -Debug (off for large downloads and streams).</summary>
    public bool LogResponseBody { get; set; } = true;

    /// <summary>Sends the first <paramref name="length"/> bytes of <paramref name="buffer"/> (e.g. a pooled chunk buffer) without copying them.</summary>
    public void SetBody(byte[] buffer, int length)
    {
        if (length < 0 || length > buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The length must lie within the buffer.");
        }

        _body = buffer;
        BodyLength = length;
    }

    /// <summary>A short description for messages: method and path, without host or query.</summary>
    public string Describe() => Method.Method + " " + Uri.AbsolutePath.TrimStart('/');
}
