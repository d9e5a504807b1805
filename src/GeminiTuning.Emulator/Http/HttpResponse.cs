using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Http;

/// <summary>A response to write: a body in memory or read from a stream (both sent with Content-Length), or a streamed
/// one (sent chunked, one flush per <see cref="IChunkSink.WriteAsync(string, CancellationToken)"/>), or an instruction
/// to drop the connection. Disposing it closes a body stream that was not sent.</summary>
internal sealed class HttpResponse : IDisposable
{
    private HttpResponse(int status)
    {
        Status = status;
    }

    public int Status { get; }

    public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

    public byte[] Body { get; private set; } = Array.Empty<byte>();

    /// <summary>When set, the body is the rest of this stream (a stored object), whose length is known.</summary>
    public Stream? BodyStream { get; private set; }

    /// <summary>When set, the body is produced by this callback, chunk by chunk.</summary>
    public Func<IChunkSink, CancellationToken, Task>? StreamBody { get; private set; }

    /// <summary>When true, nothing is written and the connection is closed.</summary>
    public bool DropConnection { get; private set; }

    /// <summary>When true, the connection is closed after this response even if the client asked for keep-alive.</summary>
    public bool CloseConnection { get; set; }

    /// <summary>The Content-Length of a body that is not streamed.</summary>
    public long ContentLength => BodyStream is Stream stream ? stream.Length - stream.Position : Body.Length;

    public static HttpResponse Drop() => new HttpResponse(0) { DropConnection = true };

    public static HttpResponse Bytes(int status, string contentType, byte[] body)
    {
        var response = new HttpResponse(status) { Body = body };
        response.Headers.Add(new KeyValuePair<string, string>("Content-Type", contentType));
        return response;
    }

    /// <summary>A body read from <paramref name="content"/> (seekable, so that its length is known), which the response owns.</summary>
    public static HttpResponse FromStream(int status, string contentType, Stream content)
    {
        var response = new HttpResponse(status) { BodyStream = content };
        response.Headers.Add(new KeyValuePair<string, string>("Content-Type", contentType));
        return response;
    }

    public static HttpResponse Text(int status, string contentType, string body) => Bytes(status, contentType, Encoding.UTF8.GetBytes(body));

    public static HttpResponse Empty(int status) => new HttpResponse(status);

    public static HttpResponse Streamed(int status, string contentType, Func<IChunkSink, CancellationToken, Task> body)
    {
        var response = new HttpResponse(status) { StreamBody = body };
        response.Headers.Add(new KeyValuePair<string, string>("Content-Type", contentType));
        return response;
    }

    public HttpResponse WithHeader(string name, string value)
    {
        Headers.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    public void Dispose() => BodyStream?.Dispose();
}

/// <summary>Where a streamed response writes its chunks.</summary>
internal interface IChunkSink
{
    /// <summary>Writes one chunk and flushes it to the client.</summary>
    Task WriteAsync(string text, CancellationToken cancellationToken);
}
