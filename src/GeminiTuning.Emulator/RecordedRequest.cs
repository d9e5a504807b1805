using System.Collections.Generic;
using System.Threading;

namespace GeminiTuning.Emulator;

/// <summary>A request the emulator received, as it arrived on the wire.</summary>
public sealed class RecordedRequest
{
    private int _responseStatus;

    internal RecordedRequest(string method, string path, string query, IReadOnlyDictionary<string, string> headers, string body, long bodyLength, EmulatorOperation operation)
    {
        BodyLength = bodyLength;
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        Body = body;
        Operation = operation;
    }

    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>The request path without the query, exactly as sent (not percent-decoded).</summary>
    public string Path { get; }

    /// <summary>The raw query string without the leading <c>?</c>; empty when there is none.</summary>
    public string Query { get; }

    /// <summary>The request headers; names are case-insensitive. Repeated headers are joined with <c>", "</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The request body decoded as UTF-8; empty when there is none, and for a Cloud Storage upload, whose
    /// bytes the emulator streams to a scratch file rather than keep in memory (see <see cref="BodyLength"/>).</summary>
    public string Body { get; }

    /// <summary>The length of the request body in bytes (also for an upload, whose <see cref="Body"/> is not kept).</summary>
    public long BodyLength { get; }

    /// <summary>What the request asked for.</summary>
    public EmulatorOperation Operation { get; }

    /// <summary>The HTTP status of the response; 0 while none has been sent, and when the connection was dropped instead.</summary>
    public int ResponseStatus
    {
        get => Volatile.Read(ref _responseStatus);
        internal set => Volatile.Write(ref _responseStatus, value);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path}{(Query.Length > 0 ? "?" + Query : string.Empty)} -> {ResponseStatus}";
}
