using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Waiting;

/// <summary>One job to wait for: a name for messages, how to read its current state, and how to find it in a listing.</summary>
public sealed class WaitTarget
{
    /// <summary>Creates a target.</summary>
    public WaitTarget(string name, Func<CancellationToken, Task<GeminiTuningJob>> refresh, WaitListing? listing = null)
    {
        Name = name;
        Refresh = refresh;
        Listing = listing;
    }

    /// <summary>The job's name, for messages.</summary>
    public string Name { get; }

    /// <summary>Reads the job's current state.</summary>
    public Func<CancellationToken, Task<GeminiTuningJob>> Refresh { get; }

    /// <summary>How the job can be found in a listing of its region (Vertex AI jobs); null when it is read by itself only.</summary>
    public WaitListing? Listing { get; }

    /// <summary>The last state read, or null before the first read.</summary>
    public GeminiTuningJob? Last { get; internal set; }
}

/// <summary>How to wait.</summary>
public sealed class WaitOptions
{
    /// <summary>Stop waiting (never cancel) after this long; null waits indefinitely.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>A fixed time between polls (never exceeded); null polls adaptively from <see cref="InitialInterval"/> up to <see cref="MaxInterval"/>.</summary>
    public TimeSpan? PollingInterval { get; set; }

    /// <summary>First pause of adaptive polling.</summary>
    public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest time between two polls of adaptive polling: a job that ends is seen within it.</summary>
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

/// <summary>
/// Polls jobs until they end, with prompt cancellation. Each round reads every pending job once (<see cref="RoundReader"/>:
/// one list request per region where that is cheaper than a GET per job). Rounds start <see cref="WaitOptions.PollingInterval"/>
/// apart, or adaptively from <see cref="WaitOptions.InitialInterval"/> up to <see cref="WaitOptions.MaxInterval"/>, measured
/// from the start of a round, so the time the reads take does not add to it; a little random jitter spreads waits that
/// started together, and never takes a pause past the interval's ceiling, so a job that ends is seen within one
/// <see cref="WaitOptions.MaxInterval"/> (or polling interval) of its end.
/// </summary>
public sealed class TuningJobWaiter
{
    /// <summary>The shortest polling interval a user may ask for.</summary>
    public static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromSeconds(1);

    /// <summary>The longest polling interval a user may ask for.</summary>
    public static readonly TimeSpan MaximumPollingInterval = TimeSpan.FromMinutes(10);

    /// <summary>How much longer than the adaptive interval a pause may be drawn (10%), below the ceiling.</summary>
    internal const double Jitter = 0.1;

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
        var reader = new RoundReader();

        // Seeded apart, not from the clock: on .NET Framework two waits started in the same tick would draw the same pauses.
        var random = new Random(Guid.NewGuid().GetHashCode());
        var pending = targets.ToList();
        var ended = new List<GeminiTuningJob>();
        var timedOut = false;
        for (var round = 0; pending.Count > 0; round++)
        {
            var roundStart = clock.Elapsed;
            var read = await reader.ReadAsync(pending, cancellationToken).ConfigureAwait(false);
            var outcomes = pending.Select(t => Apply(t, read[t], observer, clock)).ToArray();
            ended.AddRange(pending.Where((t, i) => outcomes[i] == PollOutcome.Ended).Select(t => t.Last!));
            pending = pending.Where((t, i) => outcomes[i] == PollOutcome.Pending).ToList();

            if (pending.Count == 0 || (options.Any && ended.Count > 0))
            {
                break;
            }

            var delay = Pause(options, round, random.NextDouble()) - (clock.Elapsed - roundStart);
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

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        return new WaitResult(ended, pending, timedOut);
    }

    /// <summary>
    /// The time from the start of round <paramref name="round"/> to the next: the fixed or adaptive interval, drawn up to
    /// <see cref="Jitter"/> longer with <paramref name="draw"/> (0 to 1), and never past the ceiling (the fixed interval, or
    /// <see cref="WaitOptions.MaxInterval"/>); at the ceiling the draw spreads the pause below it instead.
    /// </summary>
    internal static TimeSpan Pause(WaitOptions options, int round, double draw)
    {
        var ceiling = options.PollingInterval ?? options.MaxInterval;
        var interval = options.PollingInterval ?? Adaptive(options, round);
        var ms = Math.Min(interval.TotalMilliseconds, ceiling.TotalMilliseconds / (1 + Jitter)) * (1 + Jitter * draw);
        return TimeSpan.FromMilliseconds(Math.Min(ms, ceiling.TotalMilliseconds));
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

    private static PollOutcome Apply(WaitTarget target, (GeminiTuningJob? Job, GeminiTuningException? Error) read, IWaitObserver observer, Stopwatch clock)
    {
        if (read.Job is not { } job)
        {
            observer.OnError(target, read.Error!);
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
