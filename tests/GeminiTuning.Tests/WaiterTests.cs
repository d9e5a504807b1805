using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Waiting;

namespace GeminiTuning.Tests;

public class WaiterTests
{
    private sealed class Recorder : IWaitObserver
    {
        public ConcurrentQueue<string> Events { get; } = new();

        public void OnPolled(WaitTarget target, GeminiTuningJob job, TimeSpan waited) => Events.Enqueue($"polled {job.Id} {job.State}");

        public void OnEnded(WaitTarget target, GeminiTuningJob job) => Events.Enqueue($"ended {job.Id} {job.State}");

        public void OnError(WaitTarget target, GeminiTuningException error) => Events.Enqueue($"error {target.Name} {error.Condition}");
    }

    // A job that reports the given states one per poll, then stays in the last.
    private static WaitTarget Scripted(string id, params GeminiTuningJobState[] states)
    {
        var polls = 0;
        return new WaitTarget(id, _ =>
        {
            var state = states[Math.Min(polls++, states.Length - 1)];
            return Task.FromResult(new GeminiTuningJob { Name = "projects/p/locations/l/tuningJobs/" + id, Id = id, State = state });
        });
    }

    private static readonly WaitOptions Fast = new() { PollingInterval = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async Task Every_job_is_polled_until_it_ends_and_each_is_reported_once_as_ended()
    {
        var recorder = new Recorder();
        var result = await new TuningJobWaiter().WaitAsync(new[]
        {
            Scripted("1", GeminiTuningJobState.Pending, GeminiTuningJobState.Running, GeminiTuningJobState.Succeeded),
            Scripted("2", GeminiTuningJobState.Running, GeminiTuningJobState.Failed),
        }, Fast, recorder, CancellationToken.None);

        Assert.False(result.TimedOut);
        Assert.Equal(new[] { "2", "1" }, result.Ended.Select(j => j.Id));
        Assert.Equal(GeminiTuningJobState.Failed, result.Ended[0].State);
        Assert.Single(recorder.Events, e => e == "ended 1 Succeeded");
        Assert.Single(recorder.Events, e => e == "ended 2 Failed");
        Assert.Equal(3, recorder.Events.Count(e => e.StartsWith("polled 1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task With_any_it_returns_when_the_first_job_ends()
    {
        var result = await new TuningJobWaiter().WaitAsync(new[]
        {
            Scripted("slow", GeminiTuningJobState.Running),
            Scripted("quick", GeminiTuningJobState.Running, GeminiTuningJobState.Succeeded),
        }, new WaitOptions { PollingInterval = TimeSpan.FromMilliseconds(10), Any = true }, new Recorder(), CancellationToken.None);

        Assert.Equal("quick", Assert.Single(result.Ended).Id);
        Assert.Equal("slow", Assert.Single(result.StillWaiting).Last!.Id);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task A_timeout_stops_waiting_and_names_what_is_still_running()
    {
        var watch = Stopwatch.StartNew();
        var result = await new TuningJobWaiter().WaitAsync(new[] { Scripted("7", GeminiTuningJobState.Running) },
            new WaitOptions { Timeout = TimeSpan.FromMilliseconds(300), PollingInterval = TimeSpan.FromSeconds(5) }, new Recorder(), CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Empty(result.Ended);
        Assert.Equal("7", Assert.Single(result.StillWaiting).Last!.Id);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Cancellation_ends_a_long_wait_within_a_second()
    {
        using var cts = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var cancelledAt = TimeSpan.Zero;
        cts.Token.Register(() => cancelledAt = watch.Elapsed);
        cts.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TuningJobWaiter().WaitAsync(new[] { Scripted("9", GeminiTuningJobState.Running) },
            new WaitOptions { PollingInterval = TimeSpan.FromMinutes(10) }, new Recorder(), cts.Token));
        Assert.True(watch.Elapsed - cancelledAt < TimeSpan.FromSeconds(1), $"stopped {watch.Elapsed - cancelledAt} after the cancellation");
    }

    [Fact]
    public async Task A_job_that_cannot_be_read_is_reported_and_the_others_are_still_waited_for()
    {
        var recorder = new Recorder();
        var broken = new WaitTarget("broken", _ => throw new GeminiTuningException("gone", "NotFound", ErrorCategoryHint.ObjectNotFound));

        var result = await new TuningJobWaiter().WaitAsync(new[] { broken, Scripted("ok", GeminiTuningJobState.Running, GeminiTuningJobState.Succeeded) },
            Fast, recorder, CancellationToken.None);

        Assert.Contains("error broken NotFound", recorder.Events);
        Assert.Equal("ok", Assert.Single(result.Ended).Id);
    }

    [Theory]
    [InlineData(0.1, 1.0, true)]
    [InlineData(30, 30, false)]
    [InlineData(3600, 600, true)]
    public void The_polling_interval_is_clamped_to_a_sane_range(double requestedSeconds, double expectedSeconds, bool clamped)
    {
        var (interval, wasClamped) = TuningJobWaiter.ClampPollingInterval(TimeSpan.FromSeconds(requestedSeconds));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), interval);
        Assert.Equal(clamped, wasClamped);
    }

    [Fact]
    public async Task Adaptive_polling_starts_quick_and_slows_down()
    {
        var times = new List<TimeSpan>();
        var watch = Stopwatch.StartNew();
        var polls = 0;
        var target = new WaitTarget("a", _ =>
        {
            times.Add(watch.Elapsed);
            return Task.FromResult(new GeminiTuningJob { Id = "a", State = ++polls >= 4 ? GeminiTuningJobState.Succeeded : GeminiTuningJobState.Running });
        });

        await new TuningJobWaiter().WaitAsync(new[] { target },
            new WaitOptions { InitialInterval = TimeSpan.FromMilliseconds(100), MaxInterval = TimeSpan.FromSeconds(1) }, new Recorder(), CancellationToken.None);

        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToArray();
        Assert.Equal(3, gaps.Length);
        // Pauses are 100, 150, 225 ms: a delay can run late under load but never early, so lower bounds are reliable.
        Assert.True(gaps[0] >= TimeSpan.FromMilliseconds(90), $"gaps {string.Join(", ", gaps)}");
        Assert.True(gaps[2] >= TimeSpan.FromMilliseconds(210), $"gaps {string.Join(", ", gaps)}");
    }
}
