using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Runs a command's async work on the thread pool while the pipeline thread, the only one allowed to call Write*,
/// runs whatever the work posts (objects, progress, verbose and debug lines).
/// </summary>
/// <remarks>
/// <para>
/// The pipeline thread never blocks on a task: it waits on a queue, so no synchronization context (Windows PowerShell
/// 5.1 has one in some hosts) can deadlock it. It also waits on the stop token, so it leaves as soon as the user stops,
/// without waiting for work that ignores the token (as jborean93's AsyncPSCmdlet does); the abandoned task is still
/// observed, so its failure is never an unobserved exception, and its queue is disposed once it ends.
/// </para>
/// <para>Nothing here depends on PowerShell: a stop surfaces as <see cref="OperationCanceledException"/>.</para>
/// </remarks>
internal sealed class PipelineDispatcher
{
    private readonly CancellationTokenSource _stop;
    private readonly int _pipelineThread;
    private readonly ConcurrentQueue<Action> _later = new();
    private volatile Pump? _pump;

    /// <summary>Creates the dispatcher on the pipeline thread; <paramref name="stop"/> is cancelled when the user stops.</summary>
    public PipelineDispatcher(CancellationTokenSource stop)
    {
        _stop = stop;
        _pipelineThread = Environment.CurrentManagedThreadId;
    }

    /// <summary>
    /// Runs <paramref name="work"/> to completion, running on this thread what it posts meanwhile.
    /// </summary>
    /// <exception cref="OperationCanceledException">The user stopped (the work may still be running; it is abandoned).</exception>
    public T Run<T>(Func<CancellationToken, Task<T>> work)
    {
        var token = _stop.Token;
        var pump = new Pump();
        var outer = _pump;
        _pump = pump;
        Task<T>? task = null;
        try
        {
            RunLater();
            task = Task.Run(() => work(token), token);
            task.ContinueWith(static (t, state) => ((Pump)state!).WorkEnded(t), pump, CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                foreach (var action in pump.Queue.GetConsumingEnumerable(token))
                {
                    action();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
            {
                // A posted write failed: a downstream stop (Select-Object -First), -ErrorAction Stop. Stop the work too.
                _stop.Cancel();
                throw;
            }

            return task.GetAwaiter().GetResult();
        }
        finally
        {
            _pump = outer;
            pump.Release(task);
        }
    }

    /// <summary>Runs <paramref name="action"/> on the pipeline thread: now when called there, else by the running pump, else by the next one.</summary>
    public void Post(Action action)
    {
        if (Environment.CurrentManagedThreadId == _pipelineThread)
        {
            action();
            return;
        }

        if (_pump is { } pump && pump.TryAdd(action))
        {
            return;
        }

        // Background work between two runs (Invoke-GeminiTunedModel's prompts in flight): kept for the next run.
        _later.Enqueue(action);
    }

    /// <summary>Runs, on the pipeline thread, what was posted while no pump was running.</summary>
    public void RunLater()
    {
        while (_later.TryDequeue(out var action))
        {
            action();
        }
    }

    /// <summary>The queue of one run, and who disposes it: the run when the work ended first, else the work's end.</summary>
    private sealed class Pump
    {
        private readonly object _gate = new();
        private bool _ended;
        private bool _released;

        public BlockingCollection<Action> Queue { get; } = new();

        public bool TryAdd(Action action)
        {
            lock (_gate)
            {
                if (_ended || _released)
                {
                    return false;
                }

                Queue.Add(action);
                return true;
            }
        }

        public void WorkEnded(Task task)
        {
            lock (_gate)
            {
                _ended = true;
                Queue.CompleteAdding();
                if (_released)
                {
                    // Abandoned: nobody awaits the task any more, so its failure is observed here.
                    _ = task.Exception;
                    Queue.Dispose();
                }
            }
        }

        public void Release(Task? task)
        {
            lock (_gate)
            {
                _released = true;
                if (task is null || _ended)
                {
                    if (task is { IsFaulted: true })
                    {
                        _ = task.Exception;
                    }

                    Queue.Dispose();
                }
            }
        }
    }
}
