using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Workflows;

/// <summary>
/// Runs work items with bounded concurrency and hands back their results in the order the items were added, each as
/// soon as it and every item before it are done. Used for many prompts through Invoke-GeminiTunedModel: answers keep
/// the prompts' order while several requests are in flight.
/// </summary>
public sealed class OrderedWork<TInput, TResult>
{
    private readonly Queue<(TInput Input, Task<TResult> Result)> _inFlight = new();
    private readonly SemaphoreSlim _slots;
    private readonly Func<TInput, CancellationToken, Task<TResult>> _work;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Creates the runner: at most <paramref name="concurrency"/> items run at once.</summary>
    public OrderedWork(int concurrency, Func<TInput, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        if (concurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(concurrency), concurrency, "At least one item must be able to run.");
        }

        Concurrency = concurrency;
        _slots = new SemaphoreSlim(concurrency, concurrency);
        _work = work;
        _cancellationToken = cancellationToken;
    }

    /// <summary>How many items may run at once.</summary>
    public int Concurrency { get; }

    /// <summary>Items added and not yet handed back.</summary>
    public int Pending => _inFlight.Count;

    /// <summary>Starts an item (it waits for a free slot in the background).</summary>
    public void Add(TInput input) => _inFlight.Enqueue((input, RunAsync(input)));

    private async Task<TResult> RunAsync(TInput input)
    {
        await _slots.WaitAsync(_cancellationToken).ConfigureAwait(false);
        try
        {
            return await _work(input, _cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Hands back, in order, the items at the head that are done; stops at the first one still running.</summary>
    public IEnumerable<(TInput Input, Task<TResult> Result)> TakeCompleted()
    {
        while (_inFlight.Count > 0 && _inFlight.Peek().Result.IsCompleted)
        {
            yield return _inFlight.Dequeue();
        }
    }

    /// <summary>Completes when the oldest pending item is done (at once when nothing is pending).</summary>
    public Task WaitForHeadAsync(CancellationToken cancellationToken)
    {
        if (_inFlight.Count == 0)
        {
            return Task.CompletedTask;
        }

        var head = _inFlight.Peek().Result;
        return head.IsCompleted ? Task.CompletedTask : WaitAsync(head, cancellationToken);
    }

    private static async Task WaitAsync(Task task, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>();
        using (cancellationToken.Register(() => cancelled.TrySetCanceled()))
        {
            await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
