using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GeminiTuning.Emulator.Http;
using GeminiTuning.Emulator.Json;
using GeminiTuning.Emulator.Vertex;

namespace GeminiTuning.Emulator.Metrics;

/// <summary>The ML Metadata contexts of tuning jobs that have started: each job's experiment (<c>system.Experiment</c>,
/// whose metadata names its backing TensorBoard) and its run (<c>system.ExperimentRun</c>, whose metadata names the
/// TensorBoard run). Only the <c>default</c> metadata store exists.</summary>
internal sealed class MetadataContextService
{
    private static readonly Regex ContextFilterTerm = new Regex("^\\s*(schema_title|parent_contexts|display_name)\\s*(=|:)\\s*\"([^\"]*)\"\\s*$", RegexOptions.CultureInvariant);

    private readonly TuningJobStore _store;

    public MetadataContextService(TuningJobStore store)
    {
        _store = store;
    }

    public void Register(Router router)
    {
        var versions = new[] { "v1", "v1beta1" };
        router.Add(new Route("GET", versions, "projects/*/locations/*/metadataStores/*/contexts/*", EmulatorOperation.GetMetadataContext, AuthRequirement.Bearer, c => Task.FromResult(GetContext(c))));
        router.Add(new Route("GET", versions, "projects/*/locations/*/metadataStores/*/contexts", EmulatorOperation.ListMetadataContexts, AuthRequirement.Bearer, c => Task.FromResult(ListContexts(c))));
    }

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

                    if (contextId == MetricNames.RunContextId(job))
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

    private static (string Number, string Location) Resolve(RequestContext context) =>
        (Projects.Resolve(context.Captures[0], context.Captures[1]), context.Captures[1]);

    private static JsonObject ExperimentContext(TuningJob job, JobTimeline timeline) => new JsonObject
    {
        ["name"] = job.Parent + "/metadataStores/default/contexts/" + job.ExperimentId,
        ["displayName"] = job.ExperimentId,
        ["etag"] = MetricNames.Etag(timeline),
        ["createTime"] = ProtoTime.Format(timeline.Start!.Value),
        ["updateTime"] = ProtoTime.Format(timeline.Update),
        ["schemaTitle"] = "system.Experiment",
        ["schemaVersion"] = "0.0.1",
        ["metadata"] = new JsonObject
        {
            ["backing_tensorboard_resource"] = MetricNames.TensorboardName(job),
            ["experiment_deleted"] = false,
        },
    };

    private static JsonObject RunContext(TuningJob job, JobTimeline timeline) => new JsonObject
    {
        ["name"] = job.Parent + "/metadataStores/default/contexts/" + MetricNames.RunContextId(job),
        ["displayName"] = job.Id,
        ["etag"] = MetricNames.Etag(timeline),
        ["createTime"] = ProtoTime.Format(timeline.Start!.Value),
        ["updateTime"] = ProtoTime.Format(timeline.Update),
        ["parentContexts"] = new JsonArray((JsonNode)(job.Parent + "/metadataStores/default/contexts/" + job.ExperimentId)),
        ["schemaTitle"] = "system.ExperimentRun",
        ["schemaVersion"] = "0.0.1",
        ["metadata"] = new JsonObject
        {
            ["backing_tensorboard_run"] = MetricNames.RunName(job),
            ["state"] = timeline.Ended ? "COMPLETE" : "RUNNING",
        },
    };
}
