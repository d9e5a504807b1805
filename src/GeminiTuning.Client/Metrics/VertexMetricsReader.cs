using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Http;
using GeminiTuning.Internal;
using GeminiTuning.Metrics.Wire;

namespace GeminiTuning.Metrics;

/// <summary>Where a Vertex AI tuning job's metrics live: its TensorBoard run.</summary>
internal sealed class MetricsRun
{
    public MetricsRun(string tensorboard, string location, string runName)
    {
        Tensorboard = tensorboard;
        Location = location;
        RunName = runName;
    }

    /// <summary><c>projects/P/locations/L/tensorboards/T</c>.</summary>
    public string Tensorboard { get; }

    public string Location { get; }

    /// <summary><c>{Tensorboard}/experiments/E/runs/R</c>.</summary>
    public string RunName { get; }
}

/// <summary>
/// Reads a Vertex AI tuning job's time series the documented way (metrics.md §2): the job's experiment (an ML Metadata
/// context) names its backing TensorBoard; the experiment's run there holds the scalar series; their points are read
/// with <c>batchRead</c> (20 series a call, every point while a series has fewer than 1,000) or, for longer series,
/// with the paged, un-sampled <c>exportTensorboardTimeSeries</c>.
/// </summary>
internal sealed class VertexMetricsReader
{
    /// <summary>python-aiplatform reads 20 series per batchRead call.</summary>
    private const int BatchReadSeries = 20;

    /// <summary>batchRead returns every point of a scalar series below 1,000 points and a random sample above.</summary>
    private const long BatchReadMaxStep = 998;

    private const int ExportPageSize = 10000;

    private static readonly Regex ExperimentPattern = new(
        @"^projects/[A-Za-z0-9._-]+/locations/([a-z0-9-]+)/metadataStores/[A-Za-z0-9._-]+/contexts/([A-Za-z0-9._-]+)$", RegexOptions.CultureInvariant);

    private static readonly Regex TensorboardPattern = new(
        @"^projects/[A-Za-z0-9._-]+/locations/([a-z0-9-]+)/tensorboards/[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant);

    private static readonly Regex ChildPattern = new(@"^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant);

    private readonly ApiTransport _transport;

    public VertexMetricsReader(ApiTransport transport) => _transport = transport;

    /// <summary>The job's TensorBoard run, or null while the job has no experiment or its run does not exist yet.</summary>
    public async Task<MetricsRun?> ResolveRunAsync(GeminiTuningJob job, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(job.Experiment))
        {
            return null;
        }

        var experiment = ExperimentPattern.Match(job.Experiment);
        if (!experiment.Success)
        {
            throw Unreadable(job, $"its experiment '{Config.Identifiers.Printable(job.Experiment!)}' is not an ML Metadata context name");
        }

        var location = experiment.Groups[1].Value;
        var experimentId = experiment.Groups[2].Value;
        MetadataContextResource context;
        try
        {
            context = await GetAsync<MetadataContextResource>(location, job.Experiment!, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException e) when (e.Status == "NOT_FOUND")
        {
            throw new GeminiTuningException(
                $"The metrics of {job.Name} cannot be read: its experiment {job.Experiment} does not exist (any more).",
                "MetricsNotFound", ErrorCategoryHint.ObjectNotFound,
                "An experiment deleted in the Cloud console takes the job's metrics with it; they cannot be read again.", e);
        }

        var tensorboard = context.Metadata.ValueKind == JsonValueKind.Object &&
            context.Metadata.TryGetProperty("backing_tensorboard_resource", out var tb) && tb.ValueKind == JsonValueKind.String ? tb.GetString() : null;
        if (string.IsNullOrEmpty(tensorboard) || !TensorboardPattern.IsMatch(tensorboard))
        {
            throw Unreadable(job, $"its experiment {job.Experiment} names no backing TensorBoard");
        }

        var experimentPath = tensorboard + "/experiments/" + experimentId;
        var runs = new List<TensorboardRunResource>();
        string? token = null;
        do
        {
            var query = new QueryString().Add("pageSize", "100").Add("pageToken", token);
            var page = await GetAsync<ListTensorboardRunsResponse>(location, experimentPath + "/runs" + query, cancellationToken).ConfigureAwait(false);
            runs.AddRange(page.TensorboardRuns ?? new List<TensorboardRunResource>());
            token = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        }
        while (token is not null);

        // A tuning experiment has one run; should there be several, the one named after the job is it.
        var run = runs.FirstOrDefault(r => LastSegment(r.Name) == job.Id) ?? runs.FirstOrDefault(r => r.DisplayName == job.Id) ?? runs.FirstOrDefault();
        if (run?.Name is null)
        {
            return null;
        }

        if (!run.Name.StartsWith(experimentPath + "/runs/", StringComparison.Ordinal) || !ChildPattern.IsMatch(LastSegment(run.Name)))
        {
            throw Unreadable(job, $"its TensorBoard run '{Config.Identifiers.Printable(run.Name)}' is not in {experimentPath}");
        }

        return new MetricsRun(tensorboard!, location, run.Name);
    }

    /// <summary>The run's time series (scalar ones only), in the service's order.</summary>
    public async Task<IReadOnlyList<TimeSeriesResource>> ListSeriesAsync(MetricsRun run, CancellationToken cancellationToken)
    {
        var series = new List<TimeSeriesResource>();
        string? token = null;
        do
        {
            var query = new QueryString().Add("pageSize", "1000").Add("pageToken", token);
            var page = await GetAsync<ListTimeSeriesResponse>(run.Location, run.RunName + "/timeSeries" + query, cancellationToken).ConfigureAwait(false);
            foreach (var s in page.TensorboardTimeSeries ?? new List<TimeSeriesResource>())
            {
                if (s.Name is not null && s.DisplayName is not null && s.ValueType is null or "SCALAR" &&
                    s.Name.StartsWith(run.RunName + "/timeSeries/", StringComparison.Ordinal) && ChildPattern.IsMatch(LastSegment(s.Name)))
                {
                    series.Add(s);
                }
            }

            token = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        }
        while (token is not null);

        return series;
    }

    /// <summary>Every point of each series, in step order.</summary>
    public async Task<IReadOnlyList<(TimeSeriesResource Series, IReadOnlyList<TimeSeriesDataPointResource> Points)>> ReadAsync(
        MetricsRun run, IReadOnlyList<TimeSeriesResource> series, CancellationToken cancellationToken)
    {
        var read = new Dictionary<string, IReadOnlyList<TimeSeriesDataPointResource>>(StringComparer.Ordinal);
        // A series without a maxStep has no point yet.
        var withPoints = series.Where(s => s.Metadata?.MaxStep is not null).ToList();
        var small = withPoints.Where(s => s.Metadata!.MaxStep <= BatchReadMaxStep).ToList();
        for (var at = 0; at < small.Count; at += BatchReadSeries)
        {
            var batch = small.Skip(at).Take(BatchReadSeries).ToList();
            var query = new QueryString();
            foreach (var s in batch)
            {
                query.Add("timeSeries", s.Name);
            }

            var answer = await GetAsync<BatchReadResponse>(run.Location, run.Tensorboard + ":batchRead" + query, cancellationToken).ConfigureAwait(false);
            foreach (var data in answer.TimeSeriesData ?? new List<TimeSeriesDataResource>())
            {
                if (data.TensorboardTimeSeriesId is not null)
                {
                    read[data.TensorboardTimeSeriesId] = data.Values ?? new List<TimeSeriesDataPointResource>();
                }
            }
        }

        foreach (var s in withPoints.Where(s => s.Metadata!.MaxStep > BatchReadMaxStep))
        {
            read[LastSegment(s.Name)] = await ExportAsync(run, s.Name!, "step", int.MaxValue, cancellationToken).ConfigureAwait(false);
        }

        return series.Select(s => (s, read.TryGetValue(LastSegment(s.Name), out var points)
                ? (IReadOnlyList<TimeSeriesDataPointResource>)points.Where(p => p.Step is not null && p.Scalar is not null).OrderBy(p => p.Step).ToList()
                : Array.Empty<TimeSeriesDataPointResource>()))
            .ToList();
    }

    /// <summary>The point with the highest step of one series, or null while it has none (one call).</summary>
    public async Task<TimeSeriesDataPointResource?> ReadLatestAsync(MetricsRun run, string seriesName, CancellationToken cancellationToken) =>
        (await ExportAsync(run, seriesName, "step desc", 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Step is not null && p.Scalar is not null);

    private async Task<List<TimeSeriesDataPointResource>> ExportAsync(MetricsRun run, string seriesName, string orderBy, int max, CancellationToken cancellationToken)
    {
        var points = new List<TimeSeriesDataPointResource>();
        string? token = null;
        var uri = new Uri(_transport.Endpoints.VertexBase(run.Location), "v1/" + seriesName + ":exportTensorboardTimeSeries");
        do
        {
            var body = GoogleJson.Serialize(new ExportTimeSeriesRequest { PageSize = Math.Min(max, ExportPageSize), PageToken = token, OrderBy = orderBy });
            // Reading: repeating the POST is harmless.
            var page = await _transport.SendJsonAsync<ExportTimeSeriesResponse>(new ApiCall(HttpMethod.Post, uri, RetryClass.Idempotent) { Body = body }, cancellationToken)
                .ConfigureAwait(false);
            points.AddRange(page.TimeSeriesDataPoints ?? new List<TimeSeriesDataPointResource>());
            token = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        }
        while (token is not null && points.Count < max);

        return points;
    }

    private Task<T> GetAsync<T>(string location, string pathAndQuery, CancellationToken cancellationToken)
    {
        var uri = new Uri(_transport.Endpoints.VertexBase(location), "v1/" + pathAndQuery);
        return _transport.SendJsonAsync<T>(new ApiCall(HttpMethod.Get, uri, RetryClass.Idempotent), cancellationToken);
    }

    private static string LastSegment(string? name) => name is null ? string.Empty : name.Substring(name.LastIndexOf('/') + 1);

    private static GeminiTuningException Unreadable(GeminiTuningJob job, string why) => new(
        $"The metrics of {job.Name} cannot be read: {why}.", "MetricsUnreadable", ErrorCategoryHint.InvalidResult,
        "Open the job in the Cloud console (its ConsoleUri) to see its metrics there.");
}
