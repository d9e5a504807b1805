using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Http;

/// <summary>A small HTTP/1.1 server on a loopback <see cref="TcpListener"/>. HttpListener is not used on purpose: on
/// Windows it needs http.sys URL reservations (administrator rights), which a PowerShell user running tests does not
/// have; and fault injection needs control of the socket (a reset instead of an answer). The server caps its
/// connections (<see cref="HttpServerLimits.MaxConnections"/>): a newcomer over the cap closes an idle kept-alive
/// connection, or, when every connection is busy, is answered 503 and closed.</summary>
internal sealed class HttpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly IHttpHandler _handler;
    private readonly HttpServerLimits _limits;
    private readonly EmulatorFiles _files;
    private readonly Action<Exception> _reportUnexpected;
    private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
    private readonly ConcurrentDictionary<long, HttpConnection> _connections = new ConcurrentDictionary<long, HttpConnection>();
    private readonly ConcurrentDictionary<long, Task> _refusals = new ConcurrentDictionary<long, Task>();
    private long _lastConnectionId;
    private Task? _acceptLoop;
    private int _stopped;

    public HttpServer(int port, IHttpHandler handler, HttpServerLimits limits, EmulatorFiles files, Action<Exception> reportUnexpected)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _handler = handler;
        _limits = limits;
        _files = files;
        _reportUnexpected = reportUnexpected;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

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

        var tasks = new List<Task>(_refusals.Values);
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
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                continue; // a connection reset before accept completed: keep listening
            }
            catch (InvalidOperationException)
            {
                return; // the listener was stopped
            }

            var id = Interlocked.Increment(ref _lastConnectionId);
            if (_connections.Count >= _limits.MaxConnections && !CloseAnIdleConnection())
            {
                var refusal = HttpResponseWriter.Refusal(503, "The server is busy: too many open connections. Please try again later.", retryAfter: "1");
                var refused = Task.Run(() => HttpResponseWriter.RefuseAsync(client, refusal, _stopping.Token));
                _refusals[id] = refused;
                _ = refused.ContinueWith(_ => _refusals.TryRemove(id, out _), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                continue;
            }

            var connection = new HttpConnection(client, _handler, _limits, _files, _stopping.Token, _reportUnexpected);
            _connections[id] = connection;
            connection.Loop = Task.Run(async () =>
            {
                try
                {
                    await connection.ServeAsync().ConfigureAwait(false);
                }
                finally
                {
                    _connections.TryRemove(id, out _);
                }
            });

            if (_stopping.IsCancellationRequested)
            {
                connection.Close();
            }
        }
    }

    /// <summary>Closes one connection that sits between requests; false when every connection is busy.</summary>
    private bool CloseAnIdleConnection()
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.TryCloseIfIdle())
            {
                return true;
            }
        }

        return false;
    }
}
