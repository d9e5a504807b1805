using System;
using System.Collections.Generic;
using System.Threading;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Http;

/// <summary>Everything a route handler needs about one request.</summary>
internal sealed class RequestContext
{
    public RequestContext(HttpRequest request, string version, IReadOnlyList<string> captures, DateTimeOffset now, CancellationToken stopping)
    {
        Request = request;
        Version = version;
        Captures = captures;
        Now = now;
        Stopping = stopping;
    }

    public HttpRequest Request { get; }

    /// <summary>The first path segment: <c>v1</c>, <c>v1beta1</c>, <c>v1beta</c>, …</summary>
    public string Version { get; }

    /// <summary>The values of the route pattern's wildcards, in order.</summary>
    public IReadOnlyList<string> Captures { get; }

    /// <summary>The emulator clock's time when the request was dispatched, truncated to microseconds.</summary>
    public DateTimeOffset Now { get; }

    public CancellationToken Stopping { get; }

    /// <summary>False when the client asked for <c>prettyPrint=false</c>.</summary>
    public bool Pretty => !string.Equals(Request.QueryValue("prettyPrint") ?? Request.QueryValue("pp"), "false", StringComparison.OrdinalIgnoreCase)
        && Request.QueryValue("prettyPrint") != "0";

    /// <summary>A JSON answer; its enums as numbers when the request asks so (<c>$alt=json;enum-encoding=int</c>).</summary>
    public HttpResponse Json(System.Text.Json.Nodes.JsonNode node, int status = 200) =>
        JsonOutput.Response(status, EnumEncoding.Requested(Request) ? EnumEncoding.ToNumbers(node, Request.Path) : node, Pretty);
}
