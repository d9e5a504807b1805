using System;
using System.Collections.Generic;

namespace GeminiTuning.Emulator;

/// <summary>Scripted faults: queues of faults per operation, consumed first-in first-out by matching requests. Thread-safe.</summary>
public sealed class FaultPlan
{
    private readonly object _gate = new object();
    private readonly Dictionary<EmulatorOperation, Queue<Fault>> _queues = new Dictionary<EmulatorOperation, Queue<Fault>>();

    internal FaultPlan()
    {
    }

    /// <summary>Makes the next <paramref name="times"/> requests for <paramref name="operation"/> get <paramref name="fault"/>.</summary>
    /// <param name="operation">Which requests.</param>
    /// <param name="fault">What happens to them.</param>
    /// <param name="times">How many requests; at least 1.</param>
    public void Enqueue(EmulatorOperation operation, Fault fault, int times = 1)
    {
        if (fault is null)
        {
            throw new ArgumentNullException(nameof(fault));
        }

        if (times < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(times), times, "At least one request must be affected.");
        }

        lock (_gate)
        {
            if (!_queues.TryGetValue(operation, out var queue))
            {
                queue = new Queue<Fault>();
                _queues[operation] = queue;
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    /// <summary>Forgets every fault not yet consumed.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _queues.Clear();
        }
    }

    internal Fault? TryTake(EmulatorOperation operation)
    {
        lock (_gate)
        {
            return _queues.TryGetValue(operation, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
        }
    }
}
