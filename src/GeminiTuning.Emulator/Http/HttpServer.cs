using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Http;

/// <summary>A small HTTP/1.1 server on a loopback <see cref="TcpListener"/>. HttpListener is not used on purpose: on
/// Windows it needs http.sys URL reservations (administrator rights), which a PowerShell user running tests does not have.</summary>
internal sealed class HttpServer : IDisposable
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(120);
    private static readonly byte[] ContinueBytes = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n");

    private readonly TcpListener _listener;
    private readonly Func<HttpRequest, CancellationToken, Task<HttpResponse>> _handler;
    private readonly Action<Exception> _reportUnexpected;
    private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
    private readonly ConcurrentDictionary<long, Connection> _connections = new ConcurrentDictionary<long, Connection>();
    private long _nextConnectionId;
    private Task? _acceptLoop;
    private int _stopped;

    public HttpServer(int port, Func<HttpRequest, CancellationToken, Task<HttpResponse>> handler, Action<Exception> reportUnexpected)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _handler = handler;
        _reportUnexpected = reportUnexpected;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public CancellationToken Stopping => _stopping.Token;

    public void Start()
    {
        _listener.Start(512);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Closes the listener and every connection, and waits (up to about a second) for their loops to end.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        try
        {
            _listener.Stop();
        }
        catch (SocketException)
        {
        }

        var tasks = new List<Task>();
        if (_acceptLoop is not null)
        {
            tasks.Add(_acceptLoop);
        }

        foreach (var connection in _connections.Values)
        {
            connection.Close();
            tasks.Add(connection.Loop);
        }

        try
        {
            Task.WaitAll(tasks.ToArray(), TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
            // Connection loops catch their own errors; nothing here should throw, and Stop must not.
        }
    }

    /// <summary>Stops. The stop token's source is deliberately not disposed: a handler still finishing may read its token.</summary>
    public void Dispose() => Stop();

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // A connection reset before accept completed: keep listening.
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _nextConnectionId);
            var connection = new Connection(client);
            _connections[id] = connection;
            connection.Loop = Task.Run(async () =>
            {
                try
                {
                    await ServeAsync(connection).ConfigureAwait(false);
                }
                finally
                {
                    connection.Close();
                    _connections.TryRemove(id, out _);
                }
            });

            if (_stopping.IsCancellationRequested)
            {
                connection.Close();
            }
        }
    }

    private async Task ServeAsync(Connection connection)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        using var closeOnCancel = idle.Token.Register(connection.Close);
        try
        {
            connection.Client.NoDelay = true;
            var stream = connection.Client.GetStream();
            var reader = new HttpRequestReader(stream, () => ResetIdle(idle));
            while (!_stopping.IsCancellationRequested)
            {
                ResetIdle(idle);
                HttpRequest? request;
                try
                {
                    request = await reader.ReadAsync(
                        () => stream.WriteAsync(ContinueBytes, 0, ContinueBytes.Length, _stopping.Token),
                        _stopping.Token).ConfigureAwait(false);
                }
                catch (HttpProtocolException e)
                {
                    var bad = HttpResponse.Text(e.Status, "text/html; charset=UTF-8", GoogleHtmlPage(e.Status, WebUtility.HtmlEncode(e.Message)));
                    bad.CloseConnection = true;
                    await WriteAsync(stream, bad, new Version(1, 1), keepAlive: false).ConfigureAwait(false);
                    return;
                }

                if (request is null)
                {
                    return;
                }

                // A request being handled (a slow response, a stream) is not idle.
                idle.CancelAfter(Timeout.Infinite);
                var response = await _handler(request, _stopping.Token).ConfigureAwait(false);
                if (response.DropConnection)
                {
                    connection.Abort();
                    return;
                }

                var keepAlive = request.KeepAlive && !response.CloseConnection && !_stopping.IsCancellationRequested;
                await WriteAsync(stream, response, request.Version, keepAlive).ConfigureAwait(false);
                if (!keepAlive)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (IsDisconnect(e) || _stopping.IsCancellationRequested || idle.IsCancellationRequested)
        {
            // The client went away, the connection idled out, or the server is stopping: nothing to report.
        }
        catch (Exception e)
        {
            _reportUnexpected(e);
        }
    }

    private static void ResetIdle(CancellationTokenSource idle)
    {
        try
        {
            idle.CancelAfter(IdleTimeout);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static bool IsDisconnect(Exception e) =>
        e is IOException || e is SocketException || e is ObjectDisposedException || e is OperationCanceledException;

    private async Task WriteAsync(Stream stream, HttpResponse response, Version version, bool keepAlive)
    {
        var chunked = response.StreamBody is not null && version >= new Version(1, 1);
        if (response.StreamBody is not null && !chunked)
        {
            keepAlive = false; // HTTP/1.0: the end of the body is the end of the connection.
        }

        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(response.Status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ReasonPhrase(response.Status)).Append("\r\n");
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
            head.Append("Content-Length: ").Append(response.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        if (!keepAlive)
        {
            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        if (response.StreamBody is null)
        {
            var all = new byte[headBytes.Length + response.Body.Length];
            Buffer.BlockCopy(headBytes, 0, all, 0, headBytes.Length);
            Buffer.BlockCopy(response.Body, 0, all, headBytes.Length, response.Body.Length);
            await stream.WriteAsync(all, 0, all.Length, _stopping.Token).ConfigureAwait(false);
            await stream.FlushAsync(_stopping.Token).ConfigureAwait(false);
            return;
        }

        await stream.WriteAsync(headBytes, 0, headBytes.Length, _stopping.Token).ConfigureAwait(false);
        await stream.FlushAsync(_stopping.Token).ConfigureAwait(false);
        var sink = new ChunkSink(stream, chunked);
        await response.StreamBody(sink, _stopping.Token).ConfigureAwait(false);
        if (chunked)
        {
            var last = Encoding.ASCII.GetBytes("0\r\n\r\n");
            await stream.WriteAsync(last, 0, last.Length, _stopping.Token).ConfigureAwait(false);
            await stream.FlushAsync(_stopping.Token).ConfigureAwait(false);
        }
    }

    internal static string ReasonPhrase(int status)
    {
        switch (status)
        {
            case 100: return "Continue";
            case 200: return "OK";
            case 201: return "Created";
            case 204: return "No Content";
            case 308: return "Resume Incomplete";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 411: return "Length Required";
            case 412: return "Precondition Failed";
            case 413: return "Payload Too Large";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 499: return "Client Closed Request";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            case 505: return "HTTP Version Not Supported";
            default: return "Status " + status.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The HTML page Google's front end sends for requests it cannot route or parse.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="detailHtml">The sentence to show, already HTML-encoded.</param>
    internal static string GoogleHtmlPage(int status, string detailHtml)
    {
        var reason = ReasonPhrase(status);
        return "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error " + status.ToString(CultureInfo.InvariantCulture) +
            " (" + reason + ")!!1</title>\n  <p><b>" + status.ToString(CultureInfo.InvariantCulture) + ".</b> <ins>That\u2019s an error.</ins>\n  <p>" +
            detailHtml + "  <ins>That\u2019s all we know.</ins>\n";
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

    private sealed class Connection
    {
        private int _closed;

        public Connection(TcpClient client)
        {
            Client = client;
        }

        public TcpClient Client { get; }

        public Task Loop { get; set; } = Task.CompletedTask;

        /// <summary>Closes at once, with a reset rather than a graceful FIN, so the client sees the drop immediately.</summary>
        public void Abort()
        {
            try
            {
                Client.Client.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
            }

            Close();
        }

        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }

            try
            {
                Client.Close();
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is IOException)
            {
            }
        }
    }
}
