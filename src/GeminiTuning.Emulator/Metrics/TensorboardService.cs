using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using GeminiTuning.Emulator.Http;
using GeminiTuning.Emulator.Json;
using GeminiTuning.Emulator.Vertex;

namespace GeminiTuning.Emulator.Metrics;

/// <summary>Where Vertex AI keeps tuning metrics: the TensorBoard run of each started job, its scalar time series
/// (see <see cref="MetricSeries"/>) and their points up to the current step — list, read, batch read and export, all
/// derived from the clock. Like the service, read and batchRead return at most 1,000 points of a series (read: unless
/// maxDataPoints says otherwise) and export pages through all of them.</summary>
internal sealed class TensorboardService
{
    private const int BatchReadLimit = 1000;

    private readonly TuningJobStore _store;

    public TensorboardService(TuningJobStore store)
    {
        _store = store;
    }

    public void Register(Router router)
    {
        var versions = new[] { "v1", "v1beta1" };
        const string Run = "projects/*/locations/*/tensorboards/*/experiments/*/runs/*";
        router.Add(new Route("GET", versions, "projects/*/locations/*/tensorboards/*/experiments/*/runs", EmulatorOperation.ListTensorboardRuns, AuthRequirement.Bearer, c => Task.FromResult(ListRuns(c))));
        router.Add(new Route("GET", versions, Run + "/timeSeries", EmulatorOperation.ListTimeSeries, AuthRequirement.Bearer, c => Task.FromResult(ListTimeSeries(c))));
        router.Add(new Route("GET", versions, Run + "/timeSeries/*:read", EmulatorOperation.ReadTimeSeries, AuthRequirement.Bearer, c => Task.FromResult(Read(c))));
        router.Add(new Route("POST", versions, Run + "/timeSeries/*:exportTensorboardTimeSeries", EmulatorOperation.ExportTimeSeries, AuthRequirement.Bearer, c => Task.FromResult(Export(c))));
        router.Add(new Route("GET", versions, "projects/*/locations/*/tensorboards/*:batchRead", EmulatorOperation.BatchReadTimeSeries, AuthRequirement.Bearer, c => Task.FromResult(BatchRead(c))));
    }

    private HttpResponse ListRuns(RequestContext context)
    {
        lock (_store.Gate)
        {
            var (job, timeline) = FindExperiment(context);
            return context.Json(new JsonObject { ["tensorboardRuns"] = new JsonArray(RunResource(job, timeline)) });
        }
    }

    private HttpResponse ListTimeSeries(RequestContext context)
    {
        lock (_store.Gate)
        {
            var (job, timeline) = FindRun(context);
            var all = new JsonArray();
            foreach (var series in MetricSeries.Of(job))
            {
                all.Add(SeriesResource(job, timeline, series));
            }

            return context.Json(new JsonObject { ["tensorboardTimeSeries"] = all });
        }
    }

    private HttpResponse Read(RequestContext context)
    {
        var maxPoints = 1000;
        if (context.Request.QueryValue("maxDataPoints") is string text)
        {
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out maxPoints) || maxPoints < -1)
            {
                throw ApiException.InvalidArgument("max_data_points must be a positive number, or -1 for every point.");
            }

            if (maxPoints == 0)
            {
                maxPoints = 1000;
            }
        }

        lock (_store.Gate)
        {
            var (job, timeline) = FindRun(context);
            var series = FindSeries(job, context.Captures[5], context);
            var points = MetricSeries.Points(job, timeline, series);
            if (maxPoints > 0 && points.Count > maxPoints)
            {
                points = MetricSeries.Downsample(points, maxPoints);
            }

            return context.Json(new JsonObject { ["timeSeriesData"] = SeriesData(job, series, points) });
        }
    }

    private HttpResponse BatchRead(RequestContext context)
    {
        var (number, location) = Resolve(context);
        var names = context.Request.QueryValues("timeSeries");
        if (names.Count == 0)
        {
            names = context.Request.QueryValues("time_series");
        }

        if (names.Count == 0)
        {
            throw ApiException.InvalidArgument("time_series is required: name at least one TensorboardTimeSeries.");
        }

        var prefix = "projects/" + number + "/locations/" + location + "/tensorboards/" + context.Captures[2] + "/experiments/";
        var data = new JsonArray();
        lock (_store.Gate)
        {
            foreach (var name in names)
            {
                var resolved = ResolveSeriesName(name, number, location);
                var parts = resolved?.Split('/');
                if (resolved is null || !resolved.StartsWith(prefix, StringComparison.Ordinal) || parts!.Length != 12)
                {
                    throw ApiException.InvalidArgument("The time series \"" + name + "\" does not belong to the TensorBoard " + prefix.Substring(0, prefix.Length - 13) + ".");
                }

                var job = _store.FindByExperiment(number, location, parts[7]);
                var timeline = job?.At(context.Now);
                if (job is null || timeline!.Value.Start is null || parts[9] != job.Id)
                {
                    throw ApiException.NotFound("TensorboardTimeSeries " + name + " not found.");
                }

                var series = FindSeries(job, parts[11], context);
                var points = MetricSeries.Points(job, timeline.Value, series);
                // "The data point number limit is 1000 for scalars … Otherwise, the number limit of data points is
                // randomly selected": the emulator's sample is evenly spaced and keeps the last point.
                if (points.Count > BatchReadLimit)
                {
                    points = MetricSeries.Downsample(points, BatchReadLimit);
                }

                data.Add(SeriesData(job, series, points));
            }
        }

        return context.Json(new JsonObject { ["timeSeriesData"] = data });
    }

    private HttpResponse Export(RequestContext context)
    {
        var request = ProtoJsonReader.Parse(context.Request.BodyText, Schemas.ExportTimeSeriesRequest, string.Empty);
        var pageSize = (int)(JsonFields.Long(request, "pageSize") ?? 1000);
        if (pageSize < 0 || pageSize > 10000)
        {
            throw ApiException.InvalidArgument("page_size must be between 1 and 10000.");
        }

        pageSize = pageSize == 0 ? 1000 : pageSize;
        var orderBy = (JsonFields.String(request, "orderBy") ?? "step").Trim();
        if (orderBy != "step" && orderBy != "step asc" && orderBy != "step desc")
        {
            throw ApiException.InvalidArgument("Unsupported order_by \"" + orderBy + "\": use step, step asc or step desc.");
        }

        if (JsonFields.String(request, "filter") is string filter)
        {
            throw ApiException.InvalidArgument("Unsupported filter \"" + filter + "\".");
        }

        lock (_store.Gate)
        {
            var (job, timeline) = FindRun(context);
            var series = FindSeries(job, context.Captures[5], context);
            var points = MetricSeries.Points(job, timeline, series);
            if (orderBy == "step desc")
            {
                points.Reverse();
            }

            var scope = "export/" + job.Id + "/" + series + "/" + orderBy;
            var start = PageToken.Decode(JsonFields.String(request, "pageToken"), scope) is string position ? int.Parse(position, CultureInfo.InvariantCulture) : 0;
            var page = new JsonArray();
            for (var i = start; i < points.Count && i < start + pageSize; i++)
            {
                page.Add(points[i]);
            }

            var result = new JsonObject();
            if (page.Count > 0)
            {
                result["timeSeriesDataPoints"] = page;
            }

            if (start + pageSize < points.Count)
            {
                result["nextPageToken"] = PageToken.Encode(scope, (start + pageSize).ToString(CultureInfo.InvariantCulture));
            }

            return context.Json(result);
        }
    }

    private static (string Number, string Location) Resolve(RequestContext context) =>
        (Projects.Resolve(context.Captures[0], context.Captures[1]), context.Captures[1]);

    /// <summary>The job whose experiment a TensorBoard path names (captures: project, location, tensorboard, experiment).</summary>
    private (TuningJob Job, JobTimeline Timeline) FindExperiment(RequestContext context)
    {
        var (number, location) = Resolve(context);
        var job = context.Captures[2] == MetricNames.TensorboardId(number, location) ? _store.FindByExperiment(number, location, context.Captures[3]) : null;
        var timeline = job?.At(context.Now);
        if (job is null || timeline!.Value.Start is null)
        {
            throw ApiException.NotFound("TensorboardExperiment projects/" + number + "/locations/" + location + "/tensorboards/" + context.Captures[2] +
                "/experiments/" + context.Captures[3] + " not found.");
        }

        return (job, timeline.Value);
    }

    private (TuningJob Job, JobTimeline Timeline) FindRun(RequestContext context)
    {
        var found = FindExperiment(context);
        if (context.Captures[4] != found.Job.Id)
        {
            throw ApiException.NotFound("TensorboardRun " + MetricNames.RunName(found.Job).Replace(found.Job.Id, context.Captures[4]) + " not found.");
        }

        return found;
    }

    private static string FindSeries(TuningJob job, string seriesId, RequestContext context)
    {
        foreach (var series in MetricSeries.Of(job))
        {
            if (MetricNames.SeriesId(job, series) == seriesId)
            {
                return series;
            }
        }

        throw ApiException.NotFound("TensorboardTimeSeries " + MetricNames.RunName(job) + "/timeSeries/" + seriesId + " not found.");
    }

    /// <summary>Accepts a full time-series name with the project id or number.</summary>
    private static string? ResolveSeriesName(string name, string number, string location)
    {
        var parts = name.Split('/');
        if (parts.Length != 12 || parts[0] != "projects" || parts[2] != "locations" || parts[3] != location)
        {
            return null;
        }

        parts[1] = Projects.NumberFor(parts[1]) == number ? number : parts[1];
        return string.Join("/", parts);
    }

    private static JsonObject RunResource(TuningJob job, JobTimeline timeline) => new JsonObject
    {
        ["name"] = MetricNames.RunName(job),
        ["displayName"] = job.Id,
        ["createTime"] = ProtoTime.Format(timeline.Start!.Value),
        ["updateTime"] = ProtoTime.Format(timeline.Update),
        ["etag"] = MetricNames.Etag(timeline),
    };

    private static JsonObject SeriesResource(TuningJob job, JobTimeline timeline, string series)
    {
        var points = MetricSeries.Points(job, timeline, series);
        var resource = new JsonObject
        {
            ["name"] = MetricNames.RunName(job) + "/timeSeries/" + MetricNames.SeriesId(job, series),
            ["displayName"] = series,
            ["valueType"] = "SCALAR",
            ["createTime"] = ProtoTime.Format(timeline.Start!.Value),
            ["updateTime"] = points.Count > 0 ? JsonFields.String(points[points.Count - 1], "wallTime") : ProtoTime.Format(timeline.Start.Value),
            ["etag"] = MetricNames.Etag(timeline),
            ["pluginName"] = "scalars",
        };
        if (points.Count > 0)
        {
            resource["metadata"] = new JsonObject
            {
                ["maxStep"] = JsonFields.String(points[points.Count - 1], "step"),
                ["maxWallTime"] = JsonFields.String(points[points.Count - 1], "wallTime"),
            };
        }

        return resource;
    }

    private static JsonObject SeriesData(TuningJob job, string series, List<JsonObject> points)
    {
        var data = new JsonObject { ["tensorboardTimeSeriesId"] = MetricNames.SeriesId(job, series), ["valueType"] = "SCALAR" };
        if (points.Count > 0)
        {
            var values = new JsonArray();
            foreach (var point in points)
            {
                values.Add(point);
            }

            data["values"] = values;
        }

        return data;
    }
}
