using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace GeminiTuning.Datasets;

/// <summary>A block of complete lines handed to the workers, and what checking it found.</summary>
internal sealed class CheckedBlock : IDisposable
{
    public CheckedBlock(LineBatch batch) => Batch = batch;

    public LineBatch Batch { get; }

    /// <summary>Set by the worker once the block is checked. Barely spins: the caller waiting on it should give its core to the workers.</summary>
    public ManualResetEventSlim Checked { get; } = new(false, spinCount: 1);

    /// <summary>What went wrong while checking (a bug, not a problem of the file).</summary>
    public Exception? Failure { get; set; }

    public void Dispose() => Checked.Dispose();
}

/// <summary>
/// Checks blocks of complete lines on a few worker threads of its own while the caller reads the next blocks, and hands
/// the checked blocks back in file order. Each block is about a MiB, so the threads meet once per MiB; a worker takes the
/// next block without waiting for the others, and the caller waits only for the oldest block, by blocking: on a machine
/// with two cores a waiter that spins takes the core a worker (or the runtime's background compiler) needs.
/// </summary>
/// <remarks>Submit, TakeNext and Release are called by one thread, the one validating.</remarks>
internal sealed class BlockPipeline : IDisposable
{
    private readonly ConcurrentQueue<CheckedBlock> _waiting = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly Queue<CheckedBlock> _inOrder = new();
    private readonly Stack<CheckedBlock> _free = new();
    private readonly List<CheckedBlock> _all = new();
    private readonly Thread[] _workers;
    private volatile bool _closed;

    public BlockPipeline(int workers, DatasetLimits limits, DatasetValidationOptions options)
    {
        _workers = new Thread[workers];
        Capacity = workers * 2;
        for (var i = 0; i < Capacity; i++)
        {
            var block = new CheckedBlock(new LineBatch(limits, options));
            _all.Add(block);
            _free.Push(block);
        }
    }

    /// <summary>Blocks in flight at most: one being checked and one waiting per worker.</summary>
    public int Capacity { get; }

    /// <summary>Blocks submitted and not yet handed back.</summary>
    public int InFlight => _inOrder.Count;

    /// <summary>
    /// Queues [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="buffer"/> (complete lines) to be checked.
    /// The pipeline owns the buffer from now on, and returns it to <see cref="ArrayPool{T}.Shared"/> when the block is
    /// released. Call only with fewer than <see cref="Capacity"/> blocks in flight.
    /// </summary>
    public void Submit(byte[] buffer, int from, int to)
    {
        if (_workers[0] is null)
        {
            for (var i = 0; i < _workers.Length; i++)
            {
                _workers[i] = new Thread(Work) { IsBackground = true, Name = "GeminiTuning dataset check" };
                _workers[i].Start();
            }
        }

        var block = _free.Pop();
        block.Checked.Reset();
        block.Failure = null;
        block.Batch.Assign(buffer, from, to);
        _inOrder.Enqueue(block);
        _waiting.Enqueue(block);
        _available.Release();
    }

    /// <summary>The oldest block in flight once it is checked (waiting for it when <paramref name="wait"/> is true); null when none is ready.</summary>
    public CheckedBlock? TakeNext(bool wait)
    {
        if (_inOrder.Count == 0)
        {
            return null;
        }

        var head = _inOrder.Peek();
        if (!head.Checked.IsSet)
        {
            if (!wait)
            {
                return null;
            }

            head.Checked.Wait();
        }

        _inOrder.Dequeue();
        if (head.Failure is { } failure)
        {
            Release(head);
            throw new InvalidOperationException("Checking a block of the dataset failed: " + failure.Message, failure);
        }

        return head;
    }

    /// <summary>Gives back a block taken with <see cref="TakeNext"/>, once its findings were applied.</summary>
    public void Release(CheckedBlock block)
    {
        var buffer = block.Batch.Buffer;
        block.Batch.Assign(Array.Empty<byte>(), 0, 0);
        _free.Push(block);
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Stops the workers once the block each is checking is done (the buffers they read stay valid until then).</summary>
    public void Dispose()
    {
        _closed = true;
        _available.Release(_workers.Length);
        foreach (var worker in _workers)
        {
            worker?.Join();
        }

        while (_inOrder.Count > 0)
        {
            ArrayPool<byte>.Shared.Return(_inOrder.Dequeue().Batch.Buffer);
        }

        foreach (var block in _all)
        {
            block.Dispose();
        }

        _available.Dispose();
    }

    private void Work()
    {
        while (true)
        {
            _available.Wait();
            if (_closed || !_waiting.TryDequeue(out var block))
            {
                return;
            }

            try
            {
                block.Batch.Run();
            }
            catch (Exception e)
            {
                // Not a problem of the file but a bug: the caller rethrows it when it reaches this block.
                block.Failure = e;
            }

            block.Checked.Set();
        }
    }
}
