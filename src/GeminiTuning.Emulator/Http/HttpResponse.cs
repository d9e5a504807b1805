using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Http;

/// <summary>A response to write: either a buffered body (sent with Content-Length) or a streamed one (sent chunked, one
/// flush per <see cref="IChunkSink.WriteAsync(string, CancellationToken)"/>), or an instruction to drop the connection.</summary>
internal sealed class HttpResponse
{
    private HttpResponse(int status)
    {
        Status = status;
    }

    public int Status { get; }

    public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

    public byte[] Body { get; private set; } = Array.Empty<byte>();

    /// <summary>When set, the body is produced by this callback, chunk by chunk.</summary>
    public Func<IChunkSink, CancellationToken, Task>? StreamBody { get; private set; }

    /// <summary>When true, nothing is written and the connection is closed.</summary>
    public bool DropConnection { get; private set; }

    /// <summary>When true, the connection is closed after this response even if the client asked for keep-alive.</summary>
    public bool CloseConnection { get; set; }

    public static HttpResponse Drop() => new HttpResponse(0) { DropConnection = true };

    public static HttpResponse Bytes(int status, string contentType, byte[] body)
    {
        var response = new HttpResponse(status) { Body = body };
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
}

/// <summary>Where a streamed response writes its chunks.</summary>
internal interface IChunkSink
{
    /// <summary>Writes one chunk and flushes it to the client.</summary>
    Task WriteAsync(string text, CancellationToken cancellationToken);
}
