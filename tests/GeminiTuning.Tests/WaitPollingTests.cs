using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.Vertex;
using GeminiTuning.Waiting;

namespace GeminiTuning.Tests;

/// <summary>How the waiter reads many jobs: one list request per region and round where that is cheaper, GETs a few at a time otherwise, and pauses that are spread but never too long.</summary>
public sealed class WaitPollingTests : IDisposable
{
    private static readonly WaitOptions Quick = new() { PollingInterval = TimeSpan.FromMilliseconds(10) };

    private readonly EmulatorHost _host = new();

    public void Dispose() => _host.Dispose();

    /// <summary>Counts the polls of each job and lets every job succeed once each was polled <paramref name="succeedAfter"/> times.</summary>
    private sealed class Finisher : IWaitObserver
    {
        private readonly ManualClock _clock;
        private readonly int _succeedAfter;
        private int _advanced;

        public Finisher(ManualClock clock, int succeedAfter)
        {
            _clock = clock;
            _succeedAfter = succeedAfter;
        }

        public ConcurrentDictionary<string, int> Polls { get; } = new();

        public ConcurrentBag<GeminiTuningJob> Ended { get; } = new();

        public void OnPolled(WaitTarget target, GeminiTuningJob job, TimeSpan waited)
        {
            if (Polls.AddOrUpdate(target.Name, 1, (_, n) => n + 1) >= _succeedAfter && Polls.Values.All(n => n >= _succeedAfter) &&
                Interlocked.Exchange(ref _advanced, 1) == 0)
            {
                _clock.Advance(TimeSpan.FromHours(2));
            }
        }

        public void OnEnded(WaitTarget target, GeminiTuningJob job) => Ended.Add(job);

        public void OnError(WaitTarget target, GeminiTuningException error) => throw new InvalidOperationException("unexpected: " + error.Message);
    }

    private async Task<List<WaitTarget>> CreateJobsAsync(int count)
    {
        var operations = _host.Operations();
        var targets = new List<WaitTarget>();
        for (var i = 0; i < count; i++)
        {
            var job = (await operations.CreateAsync(null, null, new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://b/t.jsonl" },
                CancellationToken.None)).Job;
            targets.Add(operations.WaitTargetFor(job.Name, null, null));
        }

        return targets;
    }

    [Fact]
    public async Task Twenty_jobs_in_one_region_are_read_with_one_list_request_per_round_after_the_first()
    {
        var targets = await CreateJobsAsync(20);
        _host.Emulator.ClearRequests();
        var finisher = new Finisher(_host.Clock, succeedAfter: 3);

        var result = await _host.Operations().WaitAsync(targets, Quick, finisher, CancellationToken.None);

        Assert.Equal(20, result.Ended.Count);
        Assert.All(result.Ended, job => Assert.Equal(GeminiTuningJobState.Succeeded, job.State));
        Assert.All(result.Ended, job => Assert.NotNull(job.TunedModelEndpoint));
        var rounds = finisher.Polls.Values.Distinct().Single();
        Assert.Equal(4, rounds);
        // The first round reads each job (and learns when it was created); every later round is one list request.
        Assert.Equal(20, _host.RequestsFor(EmulatorOperation.GetTuningJob).Count);
        var lists = _host.RequestsFor(EmulatorOperation.ListTuningJobs);
        Assert.Equal(rounds - 1, lists.Count);
        Assert.All(lists, list => Assert.Contains("create_time", Uri.UnescapeDataString(list.Query), StringComparison.Ordinal));
        Assert.All(lists, list => Assert.Contains("pageSize=100", list.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Where_the_service_refuses_the_list_filter_every_job_is_read_by_itself()
    {
        var targets = await CreateJobsAsync(5);
        _host.Emulator.ClearRequests();
        _host.Emulator.Faults.Enqueue(EmulatorOperation.ListTuningJobs, Fault.Error(400, "INVALID_ARGUMENT", "Unsupported filter: create_time"));
        var finisher = new Finisher(_host.Clock, succeedAfter: 4);

        var result = await _host.Operations().WaitAsync(targets, Quick, finisher, CancellationToken.None);

        Assert.Equal(5, result.Ended.Count);
        Assert.Single(_host.RequestsFor(EmulatorOperation.ListTuningJobs));
        // Five rounds of five GETs: four while the jobs ran (the second after its listing was refused), one that saw them end.
        Assert.Equal(5 * 5, _host.RequestsFor(EmulatorOperation.GetTuningJob).Count);
    }

    [Fact]
    public async Task A_region_with_many_newer_jobs_is_read_job_by_job_once_listing_costs_as_much()
    {
        var targets = await CreateJobsAsync(2);
        var others = _host.Operations();
        for (var i = 0; i < 150; i++)
        {
            _host.Clock.Advance(TimeSpan.FromSeconds(1));
            await others.CreateAsync(null, null, new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://b/other.jsonl" }, CancellationToken.None);
        }

        _host.Emulator.ClearRequests();
        var finisher = new Finisher(_host.Clock, succeedAfter: 4);

        var result = await _host.Operations().WaitAsync(targets, Quick, finisher, CancellationToken.None);

        Assert.Equal(2, result.Ended.Count);
        // Round 2 needed two pages to find the two jobs (listed newest first): from then on two GETs a round are no dearer,
        // so rounds 1, 3, 4 and 5 read each job by GET.
        Assert.Equal(2, _host.RequestsFor(EmulatorOperation.ListTuningJobs).Count);
        Assert.Equal(2 * 4, _host.RequestsFor(EmulatorOperation.GetTuningJob).Count);
    }

    [Fact]
    public async Task Jobs_read_one_by_one_are_read_a_few_at_a_time_not_all_at_once()
    {
        var running = 0;
        var peak = 0;
        var targets = Enumerable.Range(0, 12).Select(i => new WaitTarget("job" + i, async ct =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(40, ct);
            Interlocked.Decrement(ref running);
            return new GeminiTuningJob { Id = "job" + i, State = GeminiTuningJobState.Succeeded };
        })).ToList();

        var result = await new TuningJobWaiter().WaitAsync(targets, Quick, new Finisher(_host.Clock, 100), CancellationToken.None);

        Assert.Equal(12, result.Ended.Count);
        Assert.Equal(RoundReader.MaxConcurrentReads, peak);
    }

    [Theory]
    [InlineData(0, 2.0, 2.2)]
    [InlineData(3, 6.75, 7.425)]
    [InlineData(6, 22.78125, 25.059375)]
    [InlineData(7, 30 / 1.1, 30)]
    [InlineData(20, 30 / 1.1, 30)]
    public void Adaptive_pauses_are_spread_by_up_to_a_tenth_and_never_exceed_the_maximum(int round, double lowestSeconds, double highestSeconds)
    {
        var options = new WaitOptions();
        var pauses = Enumerable.Range(0, 101).Select(i => TuningJobWaiter.Pause(options, round, i / 100.0).TotalSeconds).ToList();

        Assert.Equal(lowestSeconds, pauses.Min(), 3);
        Assert.Equal(highestSeconds, pauses.Max(), 3);
        Assert.All(pauses, p => Assert.True(p <= options.MaxInterval.TotalSeconds));
    }

    [Fact]
    public void A_fixed_polling_interval_is_never_exceeded_and_is_spread_below_it()
    {
        var options = new WaitOptions { PollingInterval = TimeSpan.FromSeconds(60) };
        var pauses = Enumerable.Range(0, 101).Select(i => TuningJobWaiter.Pause(options, i % 5, i / 100.0).TotalSeconds).ToList();

        Assert.Equal(60, pauses.Max(), 3);
        Assert.Equal(60 / 1.1, pauses.Min(), 3);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
