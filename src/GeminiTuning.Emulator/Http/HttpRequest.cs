using System;
using System.Collections.Generic;

namespace GeminiTuning.Emulator.Http;

/// <summary>A parsed HTTP/1.x request: its head, then (once read) its body. Disposing it deletes a body kept in a file.</summary>
internal sealed class HttpRequest : IDisposable
{
    private Dictionary<string, List<string>>? _queryParameters;

    public HttpRequest(string method, string target, Version version, Dictionary<string, string> headers)
    {
        Method = method;
        Version = version;
        Headers = headers;
        var q = target.IndexOf('?');
        Path = q < 0 ? target : target.Substring(0, q);
        Query = q < 0 ? string.Empty : target.Substring(q + 1);
    }

    public string Method { get; }

    /// <summary>The path as sent, not percent-decoded.</summary>
    public string Path { get; }

    /// <summary>The raw query without '?'.</summary>
    public string Query { get; }

    public Version Version { get; }

    /// <summary>Header names are case-insensitive; repeated headers are joined with ", ".</summary>
    public Dictionary<string, string> Headers { get; }

    /// <summary>The body; empty until the server has read it.</summary>
    public RequestBody Body { get; internal set; } = RequestBody.Empty;

    /// <summary>The body decoded as UTF-8.</summary>
    public string BodyText => Body.Text;

    /// <summary>How the body is framed: its <c>Content-Length</c>, or null for <c>Transfer-Encoding: chunked</c>.</summary>
    internal long? ContentLength { get; set; }

    /// <summary>True when the connection must close after the response whatever the client asked (RFC 9112 6.3: a
    /// request with both Transfer-Encoding and Content-Length).</summary>
    internal bool MustClose { get; set; }

    /// <summary>Whether the client wants the connection kept open after this exchange.</summary>
    public bool KeepAlive
    {
        get
        {
            if (MustClose)
            {
                return false;
            }

            var connection = Header("Connection") ?? string.Empty;
            if (Version < new Version(1, 1))
            {
                return connection.IndexOf("keep-alive", StringComparison.OrdinalIgnoreCase) >= 0;
            }

            return connection.IndexOf("close", StringComparison.OrdinalIgnoreCase) < 0;
        }
    }

    public bool IsHead => Method == "HEAD";

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The first value of a query parameter, percent-decoded ('+' is a space); null when absent.</summary>
    public string? QueryValue(string name)
    {
        return QueryParameters.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
    }

    /// <summary>Every value of a (repeatable) query parameter, percent-decoded.</summary>
    public IReadOnlyList<string> QueryValues(string name)
    {
        return QueryParameters.TryGetValue(name, out var values) ? values : (IReadOnlyList<string>)Array.Empty<string>();
    }

    private Dictionary<string, List<string>> QueryParameters => _queryParameters ??= ParseQuery(Query);

    internal static Dictionary<string, List<string>> ParseQuery(string query)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (query.Length == 0)
        {
            return result;
        }

        foreach (var pair in query.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var eq = pair.IndexOf('=');
            var key = Decode(eq < 0 ? pair : pair.Substring(0, eq));
            var value = eq < 0 ? string.Empty : Decode(pair.Substring(eq + 1));
            if (!result.TryGetValue(key, out var list))
            {
                list = new List<string>();
                result[key] = list;
            }

            list.Add(value);
        }

        return result;
    }

    internal static string Decode(string component)
    {
        try
        {
            return Uri.UnescapeDataString(component.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return component;
        }
    }

    public void Dispose() => Body.Dispose();
}
