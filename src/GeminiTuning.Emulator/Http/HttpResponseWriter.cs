using System;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Http;

/// <summary>Writes a response on a connection: the status line and header fields, then the body — unless the request
/// was HEAD, whose answer has the header fields a GET would get (Content-Length included) and never a body, so that
/// the next response on a kept-alive connection starts where the client expects it.</summary>
internal static class HttpResponseWriter
{
    private const long MaxDrainBytes = 8L * 1024 * 1024;
    private static readonly byte[] LastChunk = Encoding.ASCII.GetBytes("0\r\n\r\n");

    /// <summary>Writes the response; returns whether the connection may serve another request.</summary>
    public static async Task<bool> WriteAsync(Stream stream, HttpResponse response, Version version, bool keepAlive, bool headOnly, CancellationToken cancellationToken)
    {
        var chunked = response.StreamBody is not null && version >= new Version(1, 1);
        if (response.StreamBody is not null && !chunked && !headOnly)
        {
            keepAlive = false; // HTTP/1.0: the end of the body is the end of the connection.
        }

        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(response.Status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(HttpStatusText.ReasonPhrase(response.Status)).Append("\r\n");
        head.Append("Date: ").Append(DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        head.Append("Server: gemini-tuning-emulator\r\n");
        foreach (var header in response.Headers)
        {
            head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
        }

        if (chunked)
        {
            head.Append("Transfer-Encoding: chunked\r\n");
        }
        else if (response.StreamBody is null)
        {
            head.Append("Content-Length: ").Append(response.ContentLength.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        if (!keepAlive)
        {
            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        if (headOnly || (response.StreamBody is null && response.BodyStream is null))
        {
            var body = headOnly ? Array.Empty<byte>() : response.Body;
            var all = new byte[headBytes.Length + body.Length];
            Buffer.BlockCopy(headBytes, 0, all, 0, headBytes.Length);
            Buffer.BlockCopy(body, 0, all, headBytes.Length, body.Length);
            await stream.WriteAsync(all, 0, all.Length, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return keepAlive;
        }

        await stream.WriteAsync(headBytes, 0, headBytes.Length, cancellationToken).ConfigureAwait(false);
        if (response.BodyStream is Stream content)
        {
            await content.CopyToAsync(stream, 64 * 1024, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return keepAlive;
        }

        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        await response.StreamBody!(new ChunkSink(stream, chunked), cancellationToken).ConfigureAwait(false);
        if (chunked)
        {
            await stream.WriteAsync(LastChunk, 0, LastChunk.Length, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return keepAlive;
    }

    /// <summary>A complete response for a request the server refuses before any handler sees it (a bad head, a body
    /// too large, a connection over the cap): Google's HTML error page, and the connection closes.</summary>
    public static byte[] Refusal(int status, string message, string? retryAfter = null)
    {
        var page = Encoding.UTF8.GetBytes(HttpStatusText.GoogleHtmlPage(status, System.Net.WebUtility.HtmlEncode(message)));
        var head = "HTTP/1.1 " + status.ToString(CultureInfo.InvariantCulture) + " " + HttpStatusText.ReasonPhrase(status) + "\r\n" +
            "Date: " + DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture) + "\r\n" +
            "Server: gemini-tuning-emulator\r\n" +
            "Content-Type: text/html; charset=UTF-8\r\n" +
            (retryAfter is null ? string.Empty : "Retry-After: " + retryAfter + "\r\n") +
            "Content-Length: " + page.Length.ToString(CultureInfo.InvariantCulture) + "\r\n" +
            "Connection: close\r\n\r\n";
        var headBytes = Encoding.ASCII.GetBytes(head);
        var all = new byte[headBytes.Length + page.Length];
        Buffer.BlockCopy(headBytes, 0, all, 0, headBytes.Length);
        Buffer.BlockCopy(page, 0, all, headBytes.Length, page.Length);
        return all;
    }

    /// <summary>Sends a refusal and ends the connection gracefully: the send side closes first and what the client is
    /// still sending (a body the server will not read) is drained for up to a second, so that the client gets to read
    /// the answer instead of a reset.</summary>
    public static async Task RefuseAsync(TcpClient client, byte[] refusal, CancellationToken stopping)
    {
        using var closeOnStop = stopping.Register(client.Close);
        using var deadline = new Timer(_ => client.Close(), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        try
        {
            var stream = client.GetStream();
            await stream.WriteAsync(refusal, 0, refusal.Length, stopping).ConfigureAwait(false);
            client.Client.Shutdown(SocketShutdown.Send);
            var sink = new byte[16 * 1024];
            var drained = 0L;
            int read;
            while (drained < MaxDrainBytes && (read = await stream.ReadAsync(sink, 0, sink.Length, stopping).ConfigureAwait(false)) > 0)
            {
                drained += read;
            }
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            client.Close();
        }
    }

    private sealed class ChunkSink : IChunkSink
    {
        private readonly Stream _stream;
        private readonly bool _chunked;

        public ChunkSink(Stream stream, bool chunked)
        {
            _stream = stream;
            _chunked = chunked;
        }

        public async Task WriteAsync(string text, CancellationToken cancellationToken)
        {
            var data = Encoding.UTF8.GetBytes(text);
            if (data.Length == 0)
            {
                return; // a zero-length chunk would end the body
            }

            byte[] frame;
            if (_chunked)
            {
                var prefix = Encoding.ASCII.GetBytes(data.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
                frame = new byte[prefix.Length + data.Length + 2];
                Buffer.BlockCopy(prefix, 0, frame, 0, prefix.Length);
                Buffer.BlockCopy(data, 0, frame, prefix.Length, data.Length);
                frame[frame.Length - 2] = (byte)'\r';
                frame[frame.Length - 1] = (byte)'\n';
            }
            else
            {
                frame = data;
            }

            await _stream.WriteAsync(frame, 0, frame.Length, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
