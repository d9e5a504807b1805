using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

public sealed class MetricsTests
{
    private const string WithValidation = "{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/train.jsonl\",\"validationDatasetUri\":\"gs://b/validation.jsonl\",\"hyperParameters\":{\"epochCount\":3}}}";

    /// <summary>Follows the documented path: job → experiment → backing TensorBoard → run → time series.</summary>
    private static async Task<(string Job, string Experiment, string Tensorboard, string Run)> ResolveAsync(Harness h, string body)
    {
        var job = (await h.CreateJobAsync(body)).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        var experiment = (await h.GetJobAsync(job)).GetProperty("experiment").GetString()!;
        var context = await h.ExpectAsync(200, HttpMethod.Get, "v1/" + experiment);
        var tensorboard = context.GetProperty("metadata").GetProperty("backing_tensorboard_resource").GetString()!;
        var experimentId = experiment.Split('/').Last();
        var runs = await h.ExpectAsync(200, HttpMethod.Get, "v1/" + tensorboard + "/experiments/" + experimentId + "/runs");
        var run = Assert.Single(runs.GetProperty("tensorboardRuns").EnumerateArray()).GetProperty("name").GetString()!;
        return (job, experiment, tensorboard, run);
    }

    private static async Task<JsonElement[]> SeriesAsync(Harness h, string run) =>
        (await h.ExpectAsync(200, HttpMethod.Get, "v1/" + run + "/timeSeries")).GetProperty("tensorboardTimeSeries").EnumerateArray().ToArray();

    [Fact]
    public async Task The_experiment_of_a_running_job_is_a_context_naming_its_backing_tensorboard()
    {
        using var h = new Harness();
        var (job, experiment, tensorboard, run) = await ResolveAsync(h, WithValidation);
        var context = await h.ExpectAsync(200, HttpMethod.Get, "v1/" + experiment);
        Assert.Equal(experiment, context.GetProperty("name").GetString());
        Assert.Equal("system.Experiment", context.GetProperty("schemaTitle").GetString());
        Assert.Matches("^projects/" + h.ProjectNumber + "/locations/us-central1/tensorboards/[0-9]{19}$", tensorboard);
        Assert.EndsWith("/runs/" + job.Split('/').Last(), run);
    }

    [Fact]
    public async Task There_is_no_experiment_before_the_job_starts()
    {
        using var h = new Harness();
        var job = await h.CreateJobAsync(Harness.MinimalJob());
        Assert.False(job.TryGetProperty("experiment", out _));
        using var response = await h.GetAsync(Harness.Parent + "/metadataStores/default/contexts/tuning-experiment-20260821101530123456");
        await Harness.AssertErrorAsync(response, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task The_run_context_is_found_the_way_the_notebook_looks_for_it()
    {
        using var h = new Harness();
        var (_, experiment, _, run) = await ResolveAsync(h, WithValidation);
        var filter = "schema_title=\"system.ExperimentRun\" AND parent_contexts:\"" + experiment + "\"";
        var list = await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/metadataStores/default/contexts?filter=" + Uri.EscapeDataString(filter));
        var runContext = Assert.Single(list.GetProperty("contexts").EnumerateArray()).GetProperty("name").GetString()!;
        var experimentId = experiment.Split('/').Last();
        Assert.Equal(run.Split('/').Last(), runContext.Split('/').Last().Replace(experimentId, string.Empty)[1..]);
    }

    [Fact]
    public async Task Time_series_are_the_train_and_eval_scalars_and_grow_with_the_clock()
    {
        using var h = new Harness();
        var (_, _, _, run) = await ResolveAsync(h, WithValidation);
        var series = await SeriesAsync(h, run);
        Assert.Equal(
            new[] { "/train_total_loss", "/train_fraction_of_correct_next_step_preds", "/train_num_predictions", "/eval_total_loss", "/eval_fraction_of_correct_next_step_preds", "/eval_num_predictions" },
            series.Select(s => s.GetProperty("displayName").GetString()));
        Assert.All(series, s => Assert.Equal("SCALAR", s.GetProperty("valueType").GetString()));
        Assert.False(series[0].TryGetProperty("metadata", out _)); // no step yet

        h.Clock.Advance(TimeSpan.FromMinutes(3));
        var early = long.Parse((await SeriesAsync(h, run))[0].GetProperty("metadata").GetProperty("maxStep").GetString()!);
        h.Clock.Advance(TimeSpan.FromMinutes(6));
        var done = (await SeriesAsync(h, run))[0].GetProperty("metadata").GetProperty("maxStep").GetString()!;
        var stepCount = (await h.GetJobAsync((await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs")).GetProperty("tuningJobs")[0].GetProperty("name").GetString()!))
            .GetProperty("tuningDataStats").GetProperty("supervisedTuningDataStats").GetProperty("tuningStepCount").GetString();
        Assert.InRange(early, 1, long.Parse(done) - 1);
        Assert.Equal(stepCount, done);
    }

    [Fact]
    public async Task Without_a_validation_dataset_there_are_only_train_series()
    {
        using var h = new Harness();
        var (_, _, _, run) = await ResolveAsync(h, Harness.MinimalJob());
        Assert.Equal(3, (await SeriesAsync(h, run)).Length);
    }

    [Fact]
    public async Task Read_returns_points_up_to_the_current_step_with_steps_as_strings_and_a_falling_loss()
    {
        using var h = new Harness();
        var (_, _, _, run) = await ResolveAsync(h, WithValidation);
        h.Clock.Advance(TimeSpan.FromMinutes(9));
        var loss = (await SeriesAsync(h, run))[0].GetProperty("name").GetString()!;
        var data = (await h.ExpectAsync(200, HttpMethod.Get, "v1/" + loss + ":read?maxDataPoints=-1")).GetProperty("timeSeriesData");
        Assert.Equal(loss.Split('/').Last(), data.GetProperty("tensorboardTimeSeriesId").GetString());
        var values = data.GetProperty("values").EnumerateArray().ToArray();
        Assert.Equal(JsonValueKind.String, values[0].GetProperty("step").ValueKind);
        Assert.Equal(Enumerable.Range(1, values.Length).Select(i => i.ToString()), values.Select(v => v.GetProperty("step").GetString()));
        Assert.True(values[^1].GetProperty("scalar").GetProperty("value").GetDouble() < values[0].GetProperty("scalar").GetProperty("value").GetDouble() - 1);

        var sampled = (await h.ExpectAsync(200, HttpMethod.Get, "v1/" + loss + ":read?maxDataPoints=5")).GetProperty("timeSeriesData").GetProperty("values").EnumerateArray().ToArray();
        Assert.Equal(5, sampled.Length);
        Assert.Equal(values[^1].GetProperty("step").GetString(), sampled[^1].GetProperty("step").GetString());
    }

    [Fact]
    public async Task BatchRead_returns_several_series_by_their_full_names()
    {
        using var h = new Harness();
        var (_, _, tensorboard, run) = await ResolveAsync(h, WithValidation);
        h.Clock.Advance(TimeSpan.FromMinutes(9));
        var series = await SeriesAsync(h, run);
        var names = new[] { series[0], series[3] }.Select(s => s.GetProperty("name").GetString()!).ToArray();
        var query = string.Join("&", names.Select(n => "timeSeries=" + Uri.EscapeDataString(n)));
        var data = (await h.ExpectAsync(200, HttpMethod.Get, "v1/" + tensorboard + ":batchRead?" + query)).GetProperty("timeSeriesData").EnumerateArray().ToArray();
        Assert.Equal(names.Select(n => n.Split('/').Last()), data.Select(d => d.GetProperty("tensorboardTimeSeriesId").GetString()));
        var evalSteps = data[1].GetProperty("values").EnumerateArray().Select(v => long.Parse(v.GetProperty("step").GetString()!)).ToArray();
        Assert.Equal(3, evalSteps.Length); // one evaluation per epoch
        Assert.True(data[0].GetProperty("values").GetArrayLength() > evalSteps.Length);
    }

    [Fact]
    public async Task BatchRead_samples_a_series_of_more_than_1000_points_and_export_pages_through_all_of_them()
    {
        using var h = new Harness();
        var (job, _, tensorboard, run) = await ResolveAsync(h, Harness.MinimalJob(extraSpec: ",\"hyperParameters\":{\"epochCount\":200}"));
        h.Clock.Advance(TimeSpan.FromMinutes(9));
        var steps = long.Parse((await h.GetJobAsync(job)).GetProperty("tuningDataStats").GetProperty("supervisedTuningDataStats").GetProperty("tuningStepCount").GetString()!);
        Assert.True(steps > 1000, steps + " steps");
        var loss = (await SeriesAsync(h, run))[0].GetProperty("name").GetString()!;

        var sampled = (await h.ExpectAsync(200, HttpMethod.Get, "v1/" + tensorboard + ":batchRead?timeSeries=" + Uri.EscapeDataString(loss)))
            .GetProperty("timeSeriesData")[0].GetProperty("values").EnumerateArray().ToArray();
        Assert.Equal(1000, sampled.Length);
        Assert.Equal(steps.ToString(), sampled[^1].GetProperty("step").GetString());

        var exported = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + loss + ":exportTensorboardTimeSeries", "{\"pageSize\":10000,\"orderBy\":\"step\"}");
        Assert.Equal(steps, exported.GetProperty("timeSeriesDataPoints").GetArrayLength());
        Assert.False(exported.TryGetProperty("nextPageToken", out _));
    }

    [Fact]
    public async Task Export_pages_the_points_in_step_order()
    {
        using var h = new Harness();
        var (_, _, _, run) = await ResolveAsync(h, WithValidation);
        h.Clock.Advance(TimeSpan.FromMinutes(9));
        var accuracy = (await SeriesAsync(h, run))[1].GetProperty("name").GetString()!;
        var first = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + accuracy + ":exportTensorboardTimeSeries", "{\"pageSize\":4,\"orderBy\":\"step desc\"}");
        var points = first.GetProperty("timeSeriesDataPoints").EnumerateArray().ToArray();
        Assert.Equal(4, points.Length);
        Assert.True(long.Parse(points[0].GetProperty("step").GetString()!) > long.Parse(points[1].GetProperty("step").GetString()!));
        var token = first.GetProperty("nextPageToken").GetString()!;
        var second = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + accuracy + ":exportTensorboardTimeSeries", "{\"pageSize\":4,\"orderBy\":\"step desc\",\"pageToken\":\"" + token + "\"}");
        Assert.Equal(long.Parse(points[3].GetProperty("step").GetString()!) - 1, long.Parse(second.GetProperty("timeSeriesDataPoints")[0].GetProperty("step").GetString()!));
    }

    [Fact]
    public async Task An_unknown_run_or_series_is_not_found()
    {
        using var h = new Harness();
        var (_, _, _, run) = await ResolveAsync(h, WithValidation);
        using var series = await h.GetAsync("v1/" + run + "/timeSeries/42:read");
        await Harness.AssertErrorAsync(series, 404, "NOT_FOUND");
        using var otherRun = await h.GetAsync("v1/" + run[..run.LastIndexOf('/')] + "/999/timeSeries");
        await Harness.AssertErrorAsync(otherRun, 404, "NOT_FOUND");
    }
}
