using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GeminiTuning.Emulator.Http;
using GeminiTuning.Emulator.Json;
using GeminiTuning.Emulator.Vertex;

namespace GeminiTuning.Emulator.Metrics;

/// <summary>Where Vertex AI keeps tuning metrics: the job's experiment (an ML Metadata Context whose metadata names
/// its backing TensorBoard), the TensorBoard run of the job, its scalar time series (<c>/train_total_loss</c>,
/// <c>/train_fraction_of_correct_next_step_preds</c>, <c>/train_num_predictions</c> and the <c>/eval_*</c> ones when a
/// validation dataset was given), and their points up to the current step — all derived from the clock.</summary>
internal sealed class MetricsService
{
    private static readonly string[] TrainSeries = { "/train_total_loss", "/train_fraction_of_correct_next_step_preds", "/train_num_predictions" };
    private static readonly string[] EvalSeries = { "/eval_total_loss", "/eval_fraction_of_correct_next_step_preds", "/eval_num_predictions" };
    private static readonly Regex ContextFilterTerm = new Regex("^\\s*(schema_title|parent_contexts|display_name)\\s*(=|:)\\s*\"([^\"]*)\"\\s*$", RegexOptions.CultureInvariant);

    private readonly TuningJobStore _store;

    public MetricsService(TuningJobStore store)
    {
        _store = store;
    }

    public void Register(Router router)
    {
        var versions = new[] { "v1", "v1beta1" };
        const string Run = "projects/*/locations/*/tensorboards/*/experiments/*/runs/*";
        router.Add(new Route("GET", versions, "projects/*/locations/*/metadataStores/*/contexts/*", EmulatorOperation.GetMetadataContext, AuthRequirement.Bearer, c => Task.FromResult(GetContext(c))));
        router.Add(new Route("GET", versions, "projects/*/locations/*/metadataStores/*/contexts", EmulatorOperation.ListMetadataContexts, AuthRequirement.Bearer, c => Task.FromResult(ListContexts(c))));
        router.Add(new Route("GET", versions, "projects/*/locations/*/tensorboards/*/experiments/*/runs", EmulatorOperation.ListTensorboardRuns, AuthRequirement.Bearer, c => Task.FromResult(ListRuns(c))));
        router.Add(new Route("GET", versions, Run + "/timeSeries", EmulatorOperation.ListTimeSeries, AuthRequirement.Bearer, c => Task.FromResult(ListTimeSeries(c))));
        router.Add(new Route("GET", versions, Run + "/timeSeries/*:read", EmulatorOperation.ReadTimeSeries, AuthRequirement.Bearer, c => Task.FromResult(Read(c))));
        router.Add(new Route("POST", versions, Run + "/timeSeries/*:exportTensorboardTimeSeries", EmulatorOperation.ExportTimeSeries, AuthRequirement.Bearer, c => Task.FromResult(Export(c))));
        router.Add(new Route("GET", versions, "projects/*/locations/*/tensorboards/*:batchRead", EmulatorOperation.BatchReadTimeSeries, AuthRequirement.Bearer, c => Task.FromResult(BatchRead(c))));
    }

    /// <summary>The one TensorBoard of a project and location that backs tuning experiments.</summary>
    public static string TensorboardId(string projectNumber, string location) => StableDigits("tensorboard/" + projectNumber + "/" + location, 19);

    private HttpResponse GetContext(RequestContext context)
    {
        var (number, location) = Resolve(context);
        var contextId = context.Captures[3];
        lock (_store.Gate)
        {
            if (context.Captures[2] == "default")
            {
                foreach (var job in _store.List(number, location))
                {
                    var timeline = job.At(context.Now);
                    if (timeline.Start is null)
                    {
                        continue;
                    }

                    if (contextId == job.ExperimentId)
                    {
                        return context.Json(ExperimentContext(job, timeline));
                    }

                    if (contextId == RunContextId(job))
                    {
                        return context.Json(RunContext(job, timeline));
                    }
                }
            }
        }

        throw ApiException.NotFound("Context projects/" + number + "/locations/" + location + "/metadataStores/" + context.Captures[2] + "/contexts/" + contextId + " not found.");
    }

    private HttpResponse ListContexts(RequestContext context)
    {
        var (number, location) = Resolve(context);
        string? schemaTitle = null, parent = null, displayName = null;
        var filter = context.Request.QueryValue("filter");
        if (!string.IsNullOrWhiteSpace(filter))
        {
            foreach (var term in Regex.Split(filter!, "\\s+AND\\s+"))
            {
                var match = ContextFilterTerm.Match(term);
                if (!match.Success)
                {
                    throw ApiException.InvalidArgument("Unsupported filter: \"" + term.Trim() + "\". Use schema_title=\"…\", parent_contexts:\"…\" and display_name=\"…\" joined with AND.");
                }

                switch (match.Groups[1].Value)
                {
                    case "schema_title": schemaTitle = match.Groups[3].Value; break;
                    case "parent_contexts": parent = match.Groups[3].Value; break;
                    default: displayName = match.Groups[3].Value; break;
                }
            }
        }

        var contexts = new JsonArray();
        if (context.Captures[2] == "default")
        {
            lock (_store.Gate)
            {
                foreach (var job in _store.List(number, location))
                {
                    var timeline = job.At(context.Now);
                    if (timeline.Start is null)
                    {
                        continue;
                    }

                    foreach (var candidate in new[] { ExperimentContext(job, timeline), RunContext(job, timeline) })
                    {
                        var parents = JsonFields.Array(candidate, "parentContexts");
                        var parentMatches = parent is null || (parents is not null && parents.Count > 0 && parents[0]!.GetValue<string>() == parent);
                        if ((schemaTitle is null || JsonFields.String(candidate, "schemaTitle") == schemaTitle) && parentMatches &&
                            (displayName is null || JsonFields.String(candidate, "displayName") == displayName))
                        {
                            contexts.Add(candidate);
                        }
                    }
                }
            }
        }

        var result = new JsonObject();
        if (contexts.Count > 0)
        {
            result["contexts"] = contexts;
        }

        return context.Json(result);
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
            foreach (var series in Series(job))
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
            var points = Points(job, timeline, series);
            if (maxPoints > 0 && points.Count > maxPoints)
            {
                points = Downsample(points, maxPoints);
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
                data.Add(SeriesData(job, series, Points(job, timeline.Value, series)));
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
            var points = Points(job, timeline, series);
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
        var job = context.Captures[2] == TensorboardId(number, location) ? _store.FindByExperiment(number, location, context.Captures[3]) : null;
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
            throw ApiException.NotFound("TensorboardRun " + RunName(found.Job).Replace(found.Job.Id, context.Captures[4]) + " not found.");
        }

        return found;
    }

    private static string FindSeries(TuningJob job, string seriesId, RequestContext context)
    {
        foreach (var series in Series(job))
        {
            if (SeriesId(job, series) == seriesId)
            {
                return series;
            }
        }

        throw ApiException.NotFound("TensorboardTimeSeries " + RunName(job) + "/timeSeries/" + seriesId + " not found.");
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

    private static IEnumerable<string> Series(TuningJob job)
    {
        foreach (var series in TrainSeries)
        {
            yield return series;
        }

        if (job.Validation is not null)
        {
            foreach (var series in EvalSeries)
            {
                yield return series;
            }
        }
    }

    private static string TensorboardName(TuningJob job) => job.Parent + "/tensorboards/" + TensorboardId(job.ProjectNumber, job.Location);

    private static string RunName(TuningJob job) => TensorboardName(job) + "/experiments/" + job.ExperimentId + "/runs/" + job.Id;

    private static string RunContextId(TuningJob job) => job.ExperimentId + "-" + job.Id;

    private static string SeriesId(TuningJob job, string series) => StableDigits("series/" + job.Id + "/" + series, 19);

    private static JsonObject ExperimentContext(TuningJob job, JobTimeline timeline) => new JsonObject
    {
        ["name"] = job.Parent + "/metadataStores/default/contexts/" + job.ExperimentId,
        ["displayName"] = job.ExperimentId,
        ["etag"] = Etag(timeline),
        ["createTime"] = ProtoTime.Format(timeline.Start!.Value),
        ["updateTime"] = ProtoTime.Format(timeline.Update),
        ["schemaTitle"] = "system.Experiment",
        ["schemaVersion"] = "0.0.1",
        ["metadata"] = new JsonObject
        {
            ["backing_tensorboard_resource"] = TensorboardName(job),
            ["experiment_deleted"] = false,
        },
    };

    private static JsonObject RunContext(TuningJob job, JobTimeline timeline) => new JsonObject
    {
        ["name"] = job.Parent + "/metadataStores/default/contexts/" + RunContextId(job),
        ["displayName"] = job.Id,
        ["etag"] = Etag(timeline),
        ["createTime"] = ProtoTime.Format(timeline.Start!.Value),
        ["updateTime"] = ProtoTime.Format(timeline.Update),
        ["parentContexts"] = new JsonArray((JsonNode)(job.Parent + "/metadataStores/default/contexts/" + job.ExperimentId)),
        ["schemaTitle"] = "system.ExperimentRun",
        ["schemaVersion"] = "0.0.1",
        ["metadata"] = new JsonObject
        {
            ["backing_tensorboard_run"] = RunName(job),
            ["state"] = timeline.Ended ? "COMPLETE" : "RUNNING",
        },
    };

    private static JsonObject RunResource(TuningJob job, JobTimeline timeline) => new JsonObject
    {
        ["name"] = RunName(job),
        ["displayName"] = job.Id,
        ["createTime"] = ProtoTime.Format(timeline.Start!.Value),
        ["updateTime"] = ProtoTime.Format(timeline.Update),
        ["etag"] = Etag(timeline),
    };

    private static JsonObject SeriesResource(TuningJob job, JobTimeline timeline, string series)
    {
        var points = Points(job, timeline, series);
        var resource = new JsonObject
        {
            ["name"] = RunName(job) + "/timeSeries/" + SeriesId(job, series),
            ["displayName"] = series,
            ["valueType"] = "SCALAR",
            ["createTime"] = ProtoTime.Format(timeline.Start!.Value),
            ["updateTime"] = points.Count > 0 ? JsonFields.String(points[points.Count - 1], "wallTime") : ProtoTime.Format(timeline.Start.Value),
            ["etag"] = Etag(timeline),
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
        var data = new JsonObject { ["tensorboardTimeSeriesId"] = SeriesId(job, series), ["valueType"] = "SCALAR" };
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

    /// <summary>The points written so far: training series every step, evaluation series at the end of every epoch.</summary>
    private static List<JsonObject> Points(TuningJob job, JobTimeline timeline, string series)
    {
        var points = new List<JsonObject>();
        var total = job.TotalSteps;
        var current = (long)Math.Floor(timeline.Progress * total);
        var eval = series.StartsWith("/eval_", StringComparison.Ordinal);
        var span = (job.TrainingEnd - job.PendingEnd).Ticks;
        var trainTokensPerStep = Math.Max(1, job.Training.TotalTokens / Math.Max(1, job.StepsPerEpoch));
        var evalTokens = Math.Max(1, job.Validation?.TotalTokens ?? 1);
        for (long step = eval ? job.StepsPerEpoch : 1; step <= current; step += eval ? job.StepsPerEpoch : 1)
        {
            double value;
            switch (series)
            {
                case "/train_total_loss": value = LossCurve.Loss(step, total, job.Id); break;
                case "/train_fraction_of_correct_next_step_preds": value = LossCurve.Accuracy(step, total, job.Id); break;
                case "/train_num_predictions": value = Math.Round(trainTokensPerStep * (1 + (LossCurve.Wobble(step, job.Id + "n") * 0.1))); break;
                case "/eval_total_loss": value = LossCurve.Loss(step, total, job.Id + "eval", start: 2.5, floor: 0.45); break;
                case "/eval_fraction_of_correct_next_step_preds": value = LossCurve.Accuracy(step, total, job.Id + "eval") - 0.03; break;
                default: value = evalTokens; break;
            }

            var wallTime = job.PendingEnd + TimeSpan.FromTicks(span * step / Math.Max(1, total));
            points.Add(new JsonObject
            {
                ["wallTime"] = ProtoTime.Format(wallTime),
                ["step"] = step.ToString(CultureInfo.InvariantCulture),
                ["scalar"] = new JsonObject { ["value"] = value },
            });
        }

        return points;
    }

    /// <summary>Evenly spaced points, always keeping the last one.</summary>
    private static List<JsonObject> Downsample(List<JsonObject> points, int max)
    {
        var result = new List<JsonObject>(max);
        for (var i = 0; i < max; i++)
        {
            result.Add(points[(int)((long)(i + 1) * points.Count / max) - 1]);
        }

        return result;
    }

    private static string Etag(JobTimeline timeline) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(timeline.Update.UtcTicks.ToString(CultureInfo.InvariantCulture))).TrimEnd('=');

    /// <summary>A decimal id of <paramref name="length"/> digits (not starting with 0) derived from a text.</summary>
    private static string StableDigits(string text, int length)
    {
        var builder = new StringBuilder(length);
        ulong h = 14695981039346656037UL;
        var round = 0;
        while (builder.Length < length)
        {
            foreach (var b in Encoding.UTF8.GetBytes(text + "#" + round.ToString(CultureInfo.InvariantCulture)))
            {
                h = unchecked((h ^ b) * 1099511628211UL);
            }

            var digits = (h % 10_000_000_000_000_000UL).ToString("D16", CultureInfo.InvariantCulture);
            builder.Append(digits);
            round++;
        }

        var result = builder.ToString(0, length).ToCharArray();
        if (result[0] == '0')
        {
            result[0] = '1';
        }

        return new string(result);
    }
}
