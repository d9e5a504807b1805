using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Http;

/// <summary>One client connection: reads requests one after another (pipelined ones in order), has each answered,
/// and watches the clock — between requests the idle timeout, from a request's first byte the head deadline, while a
/// body arrives the idle timeout again (each read restarts it), while a request is handled nothing.</summary>
internal sealed class HttpConnection
{
    private const int Idle = 0;
    private const int Head = 1;
    private const int Body = 2;
    private const int Busy = 3;
    private const int Closed = 4;

    /// <summary>Waiting for its first request: timed like <see cref="Idle"/>, but never closed to make room, because a
    /// client does not retry a request that fails on a connection it has just opened.</summary>
    private const int New = 5;
    private static readonly byte[] ContinueBytes = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n");

    private readonly TcpClient _client;
    private readonly IHttpHandler _handler;
    private readonly HttpServerLimits _limits;
    private readonly EmulatorFiles _files;
    private readonly CancellationToken _stopping;
    private readonly Action<Exception> _reportUnexpected;
    private readonly Timer _timer;
    private int _phase = New;
    private long _deadline = long.MaxValue;
    private int _closed;

    public HttpConnection(TcpClient client, IHttpHandler handler, HttpServerLimits limits, EmulatorFiles files, CancellationToken stopping, Action<Exception> reportUnexpected)
    {
        _client = client;
        _handler = handler;
        _limits = limits;
        _files = files;
        _stopping = stopping;
        _reportUnexpected = reportUnexpected;
        _timer = new Timer(OnTimer, null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The loop serving the connection; set by the server once started.</summary>
    public Task Loop { get; set; } = Task.CompletedTask;

    /// <summary>Closes the connection if it sits between requests, to make room for a new one; false when it is busy or
    /// has not had its first request yet.</summary>
    public bool TryCloseIfIdle()
    {
        if (Interlocked.CompareExchange(ref _phase, Closed, Idle) != Idle)
        {
            return false;
        }

        Close();
        return true;
    }

    public async Task ServeAsync()
    {
        using var closeOnStop = _stopping.Register(Close);
        try
        {
            _client.NoDelay = true;
            _client.SendTimeout = 5000; // bounds the one synchronous write, the 408 from the timer
            var stream = _client.GetStream();
            var reader = new HttpRequestReader(stream, _limits.MaxHeadBytes, OnProgress);
            while (!_stopping.IsCancellationRequested)
            {
                if (!await ServeOneAsync(stream, reader).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (IOException)
        {
            // The client went away, or the connection was closed (timeout, room for another, stop): nothing to report.
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
        catch (Exception e)
        {
            if (!_stopping.IsCancellationRequested && Volatile.Read(ref _closed) == 0)
            {
                _reportUnexpected(e);
            }
        }
        finally
        {
            _timer.Dispose();
            Close();
        }
    }

    /// <summary>Closes at once, with a reset rather than a graceful FIN, so the client sees the drop immediately.</summary>
    public void Abort()
    {
        try
        {
            _client.Client.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
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

        Volatile.Write(ref _phase, Closed);
        _client.Close();
    }

    /// <summary>Reads one request, has it answered; false when the connection is to close.</summary>
    private async Task<bool> ServeOneAsync(NetworkStream stream, HttpRequestReader reader)
    {
        Arm(_limits.IdleTimeout);
        if (Interlocked.CompareExchange(ref _phase, Idle, Busy) == Closed)
        {
            return false;
        }

        HttpRequest? request = null;
        try
        {
            try
            {
                request = await reader.ReadHeadAsync(StartHead, _stopping).ConfigureAwait(false);
                if (request is null)
                {
                    return false;
                }

                Arm(_limits.IdleTimeout);
                if (Interlocked.CompareExchange(ref _phase, Body, Head) != Head)
                {
                    return false; // the head deadline passed: the timer has answered 408
                }

                await ReadBodyAsync(stream, reader, request).ConfigureAwait(false);
            }
            catch (HttpProtocolException e)
            {
                Disarm();
                if (!TryBecomeBusy())
                {
                    return false; // the timer answered first
                }

                await HttpResponseWriter.RefuseAsync(_client, HttpResponseWriter.Refusal(e.Status, e.Message), _stopping).ConfigureAwait(false);
                return false;
            }

            Disarm();
            if (!TryBecomeBusy())
            {
                return false; // the body stalled past the idle timeout, or the server is stopping
            }

            using var response = await _handler.HandleAsync(request, _stopping).ConfigureAwait(false);
            // The handler is done with the body: a scratch file goes before the client hears back, not after.
            request.Body.Dispose();
            if (response.DropConnection)
            {
                Abort();
                return false;
            }

            var keepAlive = request.KeepAlive && !response.CloseConnection && !_stopping.IsCancellationRequested;
            return await HttpResponseWriter.WriteAsync(stream, response, request.Version, keepAlive, request.IsHead, _stopping).ConfigureAwait(false);
        }
        finally
        {
            request?.Dispose();
        }
    }

    /// <summary>Reads the body into memory or, for an upload, a scratch file; refuses one over its limit before reading it.</summary>
    private async Task ReadBodyAsync(NetworkStream stream, HttpRequestReader reader, HttpRequest request)
    {
        if (request.ContentLength == 0)
        {
            return;
        }

        var upload = _handler.TakesUpload(request);
        var maxBytes = upload ? _limits.MaxUploadBodyBytes : _limits.MaxInMemoryBodyBytes;
        if (request.ContentLength > maxBytes)
        {
            throw new HttpProtocolException(413, HttpStatusText.TooLarge);
        }

        if (request.Version >= new Version(1, 1) && string.Equals(request.Header("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await stream.WriteAsync(ContinueBytes, 0, ContinueBytes.Length, _stopping).ConfigureAwait(false);
        }

        var body = upload ? RequestBody.CollectInFile(_files.CreateScratchFile()) : RequestBody.CollectInMemory(request.ContentLength ?? 0);
        try
        {
            await reader.ReadBodyAsync(request, body, maxBytes, _stopping).ConfigureAwait(false);
        }
        catch (Exception)
        {
            body.Dispose();
            throw;
        }

        request.Body = body.Build();
    }

    /// <summary>Leaves the reading phases for good (no timer acts on a busy connection); false when already closed.</summary>
    private bool TryBecomeBusy()
    {
        while (true)
        {
            var phase = Volatile.Read(ref _phase);
            if (phase == Closed)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _phase, Busy, phase) == phase)
            {
                return true;
            }
        }
    }

    /// <summary>The first byte of a request arrived: from now on the head deadline runs, however slowly bytes trickle in.</summary>
    private void StartHead()
    {
        Arm(_limits.HeadTimeout);
        if (Interlocked.CompareExchange(ref _phase, Head, Idle) != Idle && Interlocked.CompareExchange(ref _phase, Head, New) != New)
        {
            throw new IOException("The connection was closed to make room for another.");
        }
    }

    private void OnProgress()
    {
        if (Volatile.Read(ref _phase) == Body)
        {
            Arm(_limits.IdleTimeout);
        }
    }

    private void Arm(TimeSpan due)
    {
        Volatile.Write(ref _deadline, Stopwatch.GetTimestamp() + (long)(due.TotalSeconds * Stopwatch.Frequency));
        Change(due);
    }

    private void Disarm()
    {
        Volatile.Write(ref _deadline, long.MaxValue);
        Change(Timeout.InfiniteTimeSpan);
    }

    private void Change(TimeSpan due)
    {
        try
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>The deadline of the current phase passed: a connection idle or stalled in a body is closed; one still
    /// sending its head gets 408 first. A timer that fires for a deadline since moved is re-aimed.</summary>
    private void OnTimer(object? state)
    {
        // The phase is read before the deadline: every phase change re-arms the deadline first.
        var phase = Volatile.Read(ref _phase);
        var deadline = Volatile.Read(ref _deadline);
        if (deadline == long.MaxValue)
        {
            return;
        }

        var remaining = deadline - Stopwatch.GetTimestamp();
        if (remaining > 0)
        {
            Change(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency));
            return;
        }

        if (phase == Head)
        {
            if (Interlocked.CompareExchange(ref _phase, Closed, Head) != Head)
            {
                return;
            }

            try
            {
                var timeout = HttpResponseWriter.Refusal(408, "Your client has taken too long to issue its request.");
                _client.GetStream().Write(timeout, 0, timeout.Length);
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
        else if (phase != Idle && phase != New && phase != Body)
        {
            return;
        }

        Close();
    }
}
