using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Http;

/// <summary>How a route authenticates its caller.</summary>
internal enum AuthRequirement
{
    /// <summary>No credential (the token endpoint; a resumable-upload session URI, which is its own credential).</summary>
    None,

    /// <summary>An OAuth 2 bearer token (Vertex AI, Cloud Storage).</summary>
    Bearer,

    /// <summary>A bearer token or an API key (Gemini API).</summary>
    BearerOrApiKey,
}

/// <summary>One HTTP binding: a method, the API versions it is served under, and a path pattern in which '*' matches one
/// segment, '**' (last) matches the rest of the path, and ':verb' on the last segment is a custom method.</summary>
internal sealed class Route
{
    private readonly string[] _segments;
    private readonly string? _verb;

    public Route(string method, string[] versions, string pattern, EmulatorOperation operation, AuthRequirement auth, Func<RequestContext, Task<HttpResponse>> handler, bool takesUpload = false)
    {
        Method = method;
        TakesUpload = takesUpload;
        Versions = versions;
        Operation = operation;
        Auth = auth;
        Handler = handler;
        var colon = pattern.LastIndexOf(':');
        if (colon > pattern.LastIndexOf('/'))
        {
            _verb = pattern.Substring(colon + 1);
            pattern = pattern.Substring(0, colon);
        }

        _segments = pattern.Length == 0 ? Array.Empty<string>() : pattern.Split('/');
    }

    public string Method { get; }

    public string[] Versions { get; }

    public EmulatorOperation Operation { get; }

    public AuthRequirement Auth { get; }

    public Func<RequestContext, Task<HttpResponse>> Handler { get; }

    /// <summary>Whether the route takes uploads: its request bodies go to a scratch file rather than memory, and may be
    /// as large as <see cref="HttpServerLimits.MaxUploadBodyBytes"/>.</summary>
    public bool TakesUpload { get; }

    /// <summary>Matches a path already split into its version and the remaining segments; returns the wildcard captures.</summary>
    public List<string>? Match(string version, string[] pathSegments, string? pathVerb)
    {
        if (Array.IndexOf(Versions, version) < 0)
        {
            return null;
        }

        var captures = new List<string>();
        var tail = _segments.Length > 0 && _segments[_segments.Length - 1] == "**";
        if (tail)
        {
            if (pathSegments.Length < _segments.Length)
            {
                return null;
            }
        }
        else if (pathSegments.Length != _segments.Length || !string.Equals(_verb, pathVerb, StringComparison.Ordinal))
        {
            return null;
        }

        for (var i = 0; i < _segments.Length; i++)
        {
            if (_segments[i] == "**")
            {
                captures.Add(string.Join("/", pathSegments, i, pathSegments.Length - i) + (pathVerb is null ? string.Empty : ":" + pathVerb));
                return captures;
            }

            if (pathSegments[i].Length == 0)
            {
                return null;
            }

            if (_segments[i] == "*")
            {
                captures.Add(pathSegments[i]);
            }
            else if (!string.Equals(_segments[i], pathSegments[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return captures;
    }
}

/// <summary>The routes of every service, matched in the order they were added.</summary>
internal sealed class Router
{
    private readonly List<Route> _routes = new List<Route>();

    public void Add(Route route) => _routes.Add(route);

    /// <summary>Finds the route for a request; the first path segment is the API version (or a fixed prefix such as
    /// <c>storage</c>, <c>upload</c>, <c>token</c>). HEAD is served by the GET route (RFC 9110 9.3.2), without the body.</summary>
    public (Route Route, List<string> Captures)? Find(string method, string path)
    {
        if (method == "HEAD")
        {
            method = "GET";
        }

        var trimmed = path.TrimStart('/');
        // A client may percent-encode the ':' of a custom method.
        trimmed = trimmed.Replace("%3A", ":").Replace("%3a", ":");
        var all = trimmed.Split('/');
        var version = all[0];
        var rest = new string[all.Length - 1];
        Array.Copy(all, 1, rest, 0, rest.Length);
        string? pathVerb = null;
        if (rest.Length > 0)
        {
            var last = rest[rest.Length - 1];
            var colon = last.IndexOf(':');
            if (colon >= 0)
            {
                pathVerb = last.Substring(colon + 1);
                rest[rest.Length - 1] = last.Substring(0, colon);
            }
        }
        else
        {
            var colon = version.IndexOf(':');
            if (colon >= 0)
            {
                pathVerb = version.Substring(colon + 1);
                version = version.Substring(0, colon);
            }
        }

        foreach (var route in _routes)
        {
            if (!string.Equals(route.Method, method, StringComparison.Ordinal))
            {
                continue;
            }

            var captures = route.Match(version, rest, pathVerb);
            if (captures is not null)
            {
                return (route, captures);
            }
        }

        return null;
    }
}
