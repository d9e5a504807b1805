using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Waiting;

/// <summary>One job to wait for: a name for messages, and how to read its current state.</summary>
public sealed class WaitTarget
{
    /// <summary>Creates a target.</summary>
    public WaitTarget(string name, Func<CancellationToken, Task<GeminiTuningJob>> refresh)
    {
        Name = name;
        Refresh = refresh;
    }

    /// <summary>The job's name, for messages.</summary>
    public string Name { get; }

    /// <summary>Reads the job's current state.</summary>
    public Func<CancellationToken, Task<GeminiTuningJob>> Refresh { get; }

    /// <summary>The last state read, or null before the first read.</summary>
    public GeminiTuningJob? Last { get; internal set; }
}

/// <summary>How to wait.</summary>
public sealed class WaitOptions
{
    /// <summary>Stop waiting (never cancel) after this long; null waits indefinitely.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>A fixed pause between polls; null polls adaptively from <see cref="InitialInterval"/> up to <see cref="MaxInterval"/>.</summary>
    public TimeSpan? PollingInterval { get; set; }

    /// <summary>First pause of adaptive polling.</summary>
    public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest pause of adaptive polling.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Return as soon as any one job has ended.</summary>
    public bool Any { get; set; }
}

/// <summary>Receives what happens while waiting. Called on worker threads.</summary>
public interface IWaitObserver
{
    /// <summary>A job was read; <paramref name="waited"/> is the time since waiting began.</summary>
    void OnPolled(WaitTarget target, GeminiTuningJob job, TimeSpan waited);

    /// <summary>A job reached an ended state.</summary>
    void OnEnded(WaitTarget target, GeminiTuningJob job);

    /// <summary>A job could not be read (after the transport's own retries); it is no longer waited for.</summary>
    void OnError(WaitTarget target, GeminiTuningException error);
}

/// <summary>The outcome of waiting.</summary>
public sealed class WaitResult
{
    internal WaitResult(IReadOnlyList<GeminiTuningJob> ended, IReadOnlyList<WaitTarget> stillWaiting, bool timedOut)
    {
        Ended = ended;
        StillWaiting = stillWaiting;
        TimedOut = timedOut;
    }

    /// <summary>Jobs that ended, in the order they were seen to end.</summary>
    public IReadOnlyList<GeminiTuningJob> Ended { get; }

    /// <summary>Jobs not ended when waiting stopped (timeout, or -Any).</summary>
    public IReadOnlyList<WaitTarget> StillWaiting { get; }

    /// <summary>True when the timeout stopped the wait.</summary>
    public bool TimedOut { get; }
}

/// <summary>Polls jobs until they end, all at once, with prompt cancellation.</summary>
public sealed class TuningJobWaiter
{
    /// <summary>The shortest polling interval a user may ask for.</summary>
    public static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromSeconds(1);

    /// <summary>The longest polling interval a user may ask for.</summary>
    public static readonly TimeSpan MaximumPollingInterval = TimeSpan.FromMinutes(10);

    /// <summary>Clamps a requested polling interval into [1 s, 10 min]; <c>Clamped</c> says whether it changed.</summary>
    public static (TimeSpan Interval, bool Clamped) ClampPollingInterval(TimeSpan requested)
    {
        if (requested < MinimumPollingInterval)
        {
            return (MinimumPollingInterval, true);
        }

        return requested > MaximumPollingInterval ? (MaximumPollingInterval, true) : (requested, false);
    }

    /// <summary>Waits for <paramref name="targets"/>. Throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    public async Task<WaitResult> WaitAsync(IReadOnlyList<WaitTarget> targets, WaitOptions options, IWaitObserver observer, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pending = targets.ToList();
        var ended = new List<GeminiTuningJob>();
        var timedOut = false;
        for (var round = 0; pending.Count > 0; round++)
        {
            var polls = pending.Select(t => PollAsync(t, observer, clock, cancellationToken)).ToArray();
            var outcomes = await Task.WhenAll(polls).ConfigureAwait(false);
            ended.AddRange(pending.Where((t, i) => outcomes[i] == PollOutcome.Ended).Select(t => t.Last!));
            pending = pending.Where((t, i) => outcomes[i] == PollOutcome.Pending).ToList();

            if (pending.Count == 0 || (options.Any && ended.Count > 0))
            {
                break;
            }

            var delay = options.PollingInterval ?? Adaptive(options, round);
            if (options.Timeout is { } timeout)
            {
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    timedOut = true;
                    break;
                }

                if (delay > left)
                {
                    delay = left;
                }
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        return new WaitResult(ended, pending, timedOut);
    }

    private static TimeSpan Adaptive(WaitOptions options, int round)
    {
        var ms = options.InitialInterval.TotalMilliseconds * Math.Pow(1.5, Math.Min(round, 20));
        return TimeSpan.FromMilliseconds(Math.Min(ms, options.MaxInterval.TotalMilliseconds));
    }

    private enum PollOutcome
    {
        Pending,
        Ended,
        Failed,
    }

    private static async Task<PollOutcome> PollAsync(WaitTarget target, IWaitObserver observer, Stopwatch clock, CancellationToken cancellationToken)
    {
        GeminiTuningJob job;
        try
        {
            job = await target.Refresh(cancellationToken).ConfigureAwait(false);
        }
        catch (GeminiTuningException ex)
        {
            observer.OnError(target, ex);
            return PollOutcome.Failed;
        }

        target.Last = job;
        observer.OnPolled(target, job, clock.Elapsed);
        if (job.HasEnded)
        {
            observer.OnEnded(target, job);
            return PollOutcome.Ended;
        }

        return PollOutcome.Pending;
    }
}
