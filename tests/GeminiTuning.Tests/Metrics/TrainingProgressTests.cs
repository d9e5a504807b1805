using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.Vertex;
using GeminiTuning.Waiting;
using GeminiTuning.Workflows;

namespace GeminiTuning.Tests.Metrics;

public sealed class TrainingProgressTests : IDisposable
{
    private readonly EmulatorHost _host = new(jobDuration: TimeSpan.FromMinutes(60));

    public void Dispose() => _host.Dispose();

    private async Task<(TuningJobOperations Operations, WaitTarget Target)> StartAsync()
    {
        var operations = _host.Operations();
        var request = new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/train.jsonl", EpochCount = 3 };
        var job = (await operations.CreateAsync(null, null, request, CancellationToken.None)).Job;
        return (operations, operations.WaitTargetFor(job.Name, null, null));
    }

    [Fact]
    public async Task Waiting_for_a_vertex_job_shows_percent_epoch_and_latest_training_loss_from_its_metrics()
    {
        var (operations, target) = await StartAsync();
        operations.TrainingProgress.MinimumInterval = TimeSpan.Zero;
        var recorder = new Recorder(_host, TimeSpan.FromMinutes(7));

        var result = await operations.WaitAsync(new[] { target }, new WaitOptions { PollingInterval = TimeSpan.FromMilliseconds(5) }, recorder, CancellationToken.None);

        var ended = Assert.Single(result.Ended);
        Assert.Equal(GeminiTuningJobState.Succeeded, ended.State);
        Assert.Equal(100, ended.CompletedPercent);
        Assert.Equal(ended.TuningDataStats!.TuningStepCount, ended.CompletedSteps);
        Assert.Equal(3, ended.CurrentEpoch);
        Assert.NotNull(ended.MeanLoss);
        var running = recorder.Jobs.Where(j => j.Job.State == GeminiTuningJobState.Running && j.Job.CompletedSteps is not null).ToList();
        Assert.True(running.Count >= 3, running.Count + " polls with progress");
        var total = running[0].Job.TuningDataStats!.TuningStepCount!.Value;
        foreach (var (job, status, percent) in running)
        {
            Assert.Equal(100.0 * job.CompletedSteps!.Value / total, job.CompletedPercent!.Value, 6);
            Assert.Equal(TuningMetrics(job.CompletedSteps.Value, total), job.CurrentEpoch);
            Assert.Contains(FormattableString.Invariant($"{job.CompletedPercent:0.#}% done"), status);
            Assert.Contains(FormattableString.Invariant($"epoch {job.CurrentEpoch} of 3"), status);
            Assert.Contains(FormattableString.Invariant($"training loss {job.MeanLoss:0.####}"), status);
            Assert.Equal((int)Math.Round(job.CompletedPercent.Value), percent);
        }

        Assert.True(running.Select(r => r.Job.CompletedSteps!.Value).SequenceEqual(running.Select(r => r.Job.CompletedSteps!.Value).OrderBy(s => s)), "steps only grow");
        Assert.Contains(running, r => r.Job.CurrentEpoch == 1);
        Assert.Contains(running, r => r.Job.CurrentEpoch == 3);
        Assert.True(running[^1].Job.MeanLoss < running[0].Job.MeanLoss);
    }

    [Fact]
    public async Task Jobs_read_together_with_one_list_request_show_their_progress_too()
    {
        var operations = _host.Operations();
        operations.TrainingProgress.MinimumInterval = TimeSpan.Zero;
        var targets = new List<WaitTarget>();
        for (var i = 0; i < 2; i++)
        {
            var request = new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/train.jsonl", EpochCount = 3 };
            targets.Add(operations.WaitTargetFor((await operations.CreateAsync(null, null, request, CancellationToken.None)).Job.Name, null, null));
        }

        var recorder = new Recorder(_host, TimeSpan.FromMinutes(3));

        var result = await operations.WaitAsync(targets, new WaitOptions { PollingInterval = TimeSpan.FromMilliseconds(5) }, recorder, CancellationToken.None);

        Assert.Equal(2, result.Ended.Count);
        Assert.NotEmpty(_host.RequestsFor(EmulatorOperation.ListTuningJobs));
        Assert.All(result.Ended, job => Assert.Equal(100, job.CompletedPercent));
        // The first round (each job read by itself) comes before any step was trained; every later one lists the region.
        var running = recorder.Jobs.Where(j => j.Job.State == GeminiTuningJobState.Running).Skip(2).ToList();
        Assert.True(running.Count >= 4, running.Count + " polls of running jobs after the first round");
        Assert.All(running, j => Assert.NotNull(j.Job.CompletedPercent));
        Assert.All(running, j => Assert.Contains("% done", j.Status, StringComparison.Ordinal));
    }

    private static long TuningMetrics(long step, long total) => GeminiTuning.Metrics.TuningMetricsClient.EpochOf(step, total / 3, 3)!.Value;

    [Fact]
    public async Task Metrics_are_read_sparingly_the_way_to_them_once_and_the_latest_point_at_most_once_per_interval()
    {
        var (operations, target) = await StartAsync();
        var recorder = new Recorder(_host, TimeSpan.FromMinutes(2));
        _host.Clock.Advance(TimeSpan.FromMinutes(10));

        await operations.WaitAsync(new[] { target }, new WaitOptions { PollingInterval = TimeSpan.FromMilliseconds(5) }, recorder, CancellationToken.None);

        Assert.True(recorder.Jobs.Count(j => j.Job.State == GeminiTuningJobState.Running) >= 10);
        Assert.Single(_host.RequestsFor(EmulatorOperation.GetMetadataContext));
        Assert.Single(_host.RequestsFor(EmulatorOperation.ListTimeSeries));
        // One read while it ran, one for its final figures once it had ended.
        Assert.Equal(2, _host.RequestsFor(EmulatorOperation.ExportTimeSeries).Count);
        // Between reads each poll keeps the figures of the last one.
        Assert.All(recorder.Jobs.Where(j => j.Job.State == GeminiTuningJobState.Running), j => Assert.NotNull(j.Job.CompletedPercent));
    }

    [Fact]
    public async Task Without_permission_on_the_metrics_the_wait_goes_on_and_says_so_once()
    {
        var (operations, target) = await StartAsync();
        operations.TrainingProgress.MinimumInterval = TimeSpan.Zero;
        _host.Emulator.Faults.Enqueue(EmulatorOperation.GetMetadataContext, Fault.Error(403, "PERMISSION_DENIED", "Permission 'aiplatform.contexts.get' denied."), times: 100);
        var recorder = new Recorder(_host, TimeSpan.FromMinutes(7));

        var result = await operations.WaitAsync(new[] { target }, new WaitOptions { PollingInterval = TimeSpan.FromMilliseconds(5) }, recorder, CancellationToken.None);

        Assert.Equal(GeminiTuningJobState.Succeeded, Assert.Single(result.Ended).State);
        Assert.Empty(recorder.Errors);
        Assert.All(recorder.Jobs, j => Assert.Null(j.Job.CompletedPercent));
        Assert.Single(_host.RequestsFor(EmulatorOperation.GetMetadataContext));
        Assert.Single(_host.Log.Lines, l => l.Contains("training metrics of", StringComparison.Ordinal) && l.Contains("state only", StringComparison.Ordinal));
    }

    private sealed class Recorder : IWaitObserver
    {
        private readonly EmulatorHost _host;
        private readonly TimeSpan _step;

        public Recorder(EmulatorHost host, TimeSpan step)
        {
            _host = host;
            _step = step;
        }

        public List<(GeminiTuningJob Job, string Status, int? Percent)> Jobs { get; } = new();

        public List<GeminiTuningException> Errors { get; } = new();

        public void OnPolled(WaitTarget target, GeminiTuningJob job, TimeSpan waited)
        {
            Jobs.Add((job, TuningJobOperations.ProgressStatus(job, waited), TuningJobOperations.ProgressPercent(job)));
            _host.Clock.Advance(_step);
        }

        public void OnEnded(WaitTarget target, GeminiTuningJob job)
        {
        }

        public void OnError(WaitTarget target, GeminiTuningException error) => Errors.Add(error);
    }
}
