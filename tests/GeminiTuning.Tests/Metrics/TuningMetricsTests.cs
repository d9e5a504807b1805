using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.GeminiApi;
using GeminiTuning.Metrics;
using GeminiTuning.Vertex;
using GeminiTuning.Workflows;

namespace GeminiTuning.Tests.Metrics;

public sealed class TuningMetricsTests : IDisposable
{
    private readonly EmulatorHost _host = new(jobDuration: TimeSpan.FromMinutes(60));

    public void Dispose() => _host.Dispose();

    private TuningJobOperations Operations => _host.Operations();

    private async Task<GeminiTuningJob> CreateAsync(long epochs = 3, bool validation = true)
    {
        var request = new TuningJobRequest
        {
            BaseModel = "gemini-2.5-flash",
            TrainingDatasetUri = "gs://bucket/train.jsonl",
            ValidationDatasetUri = validation ? "gs://bucket/validation.jsonl" : null,
            EpochCount = epochs,
        };
        return (await Operations.CreateAsync(null, null, request, CancellationToken.None)).Job;
    }

    private async Task<(GeminiTuningJob Job, IReadOnlyList<GeminiTuningMetricPoint> Points)> ReadAsync(string name, Func<string, bool>? include = null)
    {
        var services = _host.Services();
        var job = await new TuningJobOperations(services).GetAsync(name, null, null, CancellationToken.None);
        return (job, await services.Metrics.GetAsync(job, include, CancellationToken.None));
    }

    [Fact]
    public async Task Vertex_metrics_are_read_through_the_experiment_and_its_tensorboard_as_one_point_per_step()
    {
        var created = await CreateAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(40));

        var (job, points) = await ReadAsync(created.Name);

        Assert.Equal(GeminiTuningJobState.Running, job.State);
        Assert.Equal(MetricNames.Known.Take(6), points.Select(p => p.Metric).Distinct());
        Assert.All(points, p => Assert.Equal(job.Name, p.JobName));
        var loss = points.Where(p => p.Metric == "/train_total_loss").ToList();
        Assert.Equal(Enumerable.Range(1, loss.Count).Select(i => (long)i), loss.Select(p => p.Step));
        Assert.True(loss[^1].Value < loss[0].Value - 1, "the loss falls");
        Assert.All(loss, p => Assert.NotNull(p.Time));
        var total = job.TuningDataStats!.TuningStepCount!.Value;
        Assert.InRange(loss.Count, 1, total - 1);
        var perEpoch = total / 3;
        Assert.Equal(1, loss.First(p => p.Step == perEpoch).Epoch);
        Assert.Equal(2, loss.First(p => p.Step == perEpoch + 1).Epoch);
        // One evaluation per finished epoch.
        Assert.Equal(loss.Count / perEpoch, points.Count(p => p.Metric == "/eval_total_loss"));
        Assert.All(points.Where(p => p.Metric == "/eval_total_loss"), p => Assert.Equal(0, p.Step % perEpoch));
    }

    [Fact]
    public async Task Metrics_grow_while_the_job_runs_and_cover_every_step_after_it_ends()
    {
        var created = await CreateAsync(validation: false);
        _host.Clock.Advance(TimeSpan.FromMinutes(20));
        var early = (await ReadAsync(created.Name)).Points.Count(p => p.Metric == "/train_total_loss");
        _host.Clock.Advance(TimeSpan.FromHours(2));

        var (job, points) = await ReadAsync(created.Name);

        Assert.Equal(GeminiTuningJobState.Succeeded, job.State);
        Assert.Equal(3, points.Select(p => p.Metric).Distinct().Count());
        var done = points.Count(p => p.Metric == "/train_total_loss");
        Assert.InRange(early, 1, done - 1);
        Assert.Equal(job.TuningDataStats!.TuningStepCount, done);
    }

    [Fact]
    public async Task A_job_that_has_not_started_has_no_points_yet()
    {
        var created = await CreateAsync();

        var (job, points) = await ReadAsync(created.Name);

        Assert.Equal(GeminiTuningJobState.Pending, job.State);
        Assert.Empty(points);
        Assert.Empty(_host.RequestsFor(EmulatorOperation.GetMetadataContext));
    }

    [Fact]
    public async Task Only_the_series_asked_for_are_read_and_a_bare_name_finds_the_slashed_one()
    {
        var created = await CreateAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(40));
        _host.Emulator.ClearRequests();
        var include = MetricNames.Matcher(new Func<string, bool>[] { name => name == "eval_total_loss" });

        var (_, points) = await ReadAsync(created.Name, include);

        Assert.Equal(new[] { "/eval_total_loss" }, points.Select(p => p.Metric).Distinct());
        var batch = Assert.Single(_host.RequestsFor(EmulatorOperation.BatchReadTimeSeries));
        Assert.Single(batch.Query.Split('&'), q => q.StartsWith("timeSeries=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_series_of_a_thousand_steps_or_more_is_read_whole_by_export_not_sampled()
    {
        var created = await CreateAsync(epochs: 200, validation: false);
        _host.Clock.Advance(TimeSpan.FromMinutes(50));
        _host.Emulator.ClearRequests();

        var (_, points) = await ReadAsync(created.Name, name => name == "/train_total_loss");

        Assert.True(points.Count > 1000, points.Count + " points");
        Assert.Equal(Enumerable.Range(1, points.Count).Select(i => (long)i), points.Select(p => p.Step));
        Assert.NotEmpty(_host.RequestsFor(EmulatorOperation.ExportTimeSeries));
        Assert.Empty(_host.RequestsFor(EmulatorOperation.BatchReadTimeSeries));
    }

    [Fact]
    public async Task Gemini_api_snapshots_are_mean_loss_points_with_epochs_counted_from_one()
    {
        var operations = Operations;
        var model = await operations.CreateTunedModelAsync(new TunedModelRequest
        {
            BaseModel = "models/gemini-1.5-flash-001-tuning",
            Examples = Enumerable.Range(1, 20).Select(i => new TuningExample(i.ToString(), (i + 1).ToString())).ToList(),
            EpochCount = 3,
            BatchSize = 4,
        }, CancellationToken.None);
        _host.Clock.Advance(TimeSpan.FromMinutes(40));

        var (job, points) = await ReadAsync(model.Name);

        Assert.Equal(GeminiTuningBackend.GeminiApi, job.Backend);
        Assert.NotEmpty(points);
        Assert.All(points, p => Assert.Equal(MetricNames.GeminiMeanLoss, p.Metric));
        Assert.Equal(job.Snapshots.Select(s => (long)s.Step!.Value), points.Select(p => p.Step));
        Assert.Equal(1, points[0].Epoch);
        Assert.Equal((job.Snapshots[^1].Epoch ?? 0) + 1, points[^1].Epoch);
        Assert.Equal(job.Snapshots[^1].MeanLoss, points[^1].Value);
        Assert.Equal(job.Snapshots[^1].ComputeTime, points[^1].Time);
        Assert.Empty(await _host.Services().Metrics.GetAsync(job, name => name.Contains("eval"), CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_tensorboard_read_is_an_error_naming_the_job()
    {
        var created = await CreateAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(40));
        _host.Emulator.Faults.Enqueue(EmulatorOperation.ListTimeSeries,
            Fault.Error(403, "PERMISSION_DENIED", "Permission 'aiplatform.tensorboardTimeSeries.list' denied on resource."));

        var ex = await Assert.ThrowsAnyAsync<GeminiTuningException>(() => ReadAsync(created.Name));

        Assert.Equal(ErrorCategoryHint.PermissionDenied, ex.Category);
        Assert.Contains("aiplatform.tensorboardTimeSeries.list", ex.Message);
    }

    [Theory]
    [InlineData(1, 10, 3, 1)]
    [InlineData(10, 10, 3, 1)]
    [InlineData(11, 10, 3, 2)]
    [InlineData(30, 10, 3, 3)]
    [InlineData(31, 10, 3, 3)]
    public void The_epoch_of_a_step_counts_from_one_and_stops_at_the_last(long step, long perEpoch, long epochs, long expected) =>
        Assert.Equal(expected, TuningMetricsClient.EpochOf(step, perEpoch, epochs));
}
