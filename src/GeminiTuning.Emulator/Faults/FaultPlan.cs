using System;
using System.Collections.Generic;

namespace GeminiTuning.Emulator;

/// <summary>Scripted faults: queues of faults per operation, consumed first-in first-out by matching requests. Thread-safe.</summary>
public sealed class FaultPlan
{
    private readonly object gate = new object();
    private readonly Dictionary<EmulatorOperation, Queue<Fault>> queues = new Dictionary<EmulatorOperation, Queue<Fault>>();

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

        lock (gate)
        {
            if (!queues.TryGetValue(operation, out var queue))
            {
                queue = new Queue<Fault>();
                queues[operation] = queue;
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
        lock (gate)
        {
            queues.Clear();
        }
    }

    internal Fault? TryTake(EmulatorOperation operation)
    {
        lock (gate)
        {
            return queues.TryGetValue(operation, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
        }
    }
}
