using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GeminiTuning.Emulator.Datasets;
using GeminiTuning.Emulator.Http;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Vertex;

/// <summary>Vertex AI <c>projects.locations.tuningJobs</c>: create (supervised, preference, continuous), rebaseTunedModel and its operations, get, list, cancel.</summary>
internal sealed partial class TuningJobService
{
    private readonly TuningJobStore _store;
    private readonly EmulatorOptions _options;
    private readonly Func<string, DatasetSource?> _openDataset;

    public TuningJobService(TuningJobStore store, EmulatorOptions options, Func<string, DatasetSource?> openDataset)
    {
        _store = store;
        _options = options;
        _openDataset = openDataset;
    }

    public void Register(Router router)
    {
        var versions = new[] { "v1", "v1beta1" };
        router.Add(new Route("POST", versions, "projects/*/locations/*/tuningJobs", EmulatorOperation.CreateTuningJob, AuthRequirement.Bearer, CreateAsync));
        router.Add(new Route("GET", versions, "projects/*/locations/*/tuningJobs", EmulatorOperation.ListTuningJobs, AuthRequirement.Bearer, ListAsync));
        router.Add(new Route("GET", versions, "projects/*/locations/*/tuningJobs/*", EmulatorOperation.GetTuningJob, AuthRequirement.Bearer, GetAsync));
        router.Add(new Route("POST", versions, "projects/*/locations/*/tuningJobs/*:cancel", EmulatorOperation.CancelTuningJob, AuthRequirement.Bearer, CancelAsync));
        router.Add(new Route("POST", versions, "projects/*/locations/*/tuningJobs:rebaseTunedModel", EmulatorOperation.RebaseTunedModel, AuthRequirement.Bearer, RebaseAsync));
        router.Add(new Route("GET", versions, "projects/*/locations/*/tuningJobs/*/operations/*", EmulatorOperation.GetTuningJobOperation, AuthRequirement.Bearer, GetOperationAsync));
    }

    private Task<HttpResponse> CreateAsync(RequestContext context)
    {
        var projectId = context.Captures[0];
        var location = context.Captures[1];
        var number = Projects.Resolve(projectId, location);
        var request = ProtoJsonReader.Parse(context.Request.BodyText, Schemas.TuningJob, "tuning_job");
        foreach (var outputOnly in new[] { "name", "state", "createTime", "startTime", "endTime", "updateTime", "error", "experiment", "tunedModel", "tuningDataStats", "evaluateDatasetRuns", "satisfiesPzs", "satisfiesPzi", "pipelineJob" })
        {
            request.Remove(outputOnly);
        }

        var labels = LabelRules.Read(request);
        var scenario = ScenarioOf(labels, projectId, location);
        var duration = DurationOf(labels);
        var plan = TuningJobValidation.Validate(request, number, location, _store, _options);
        if (scenario == Scenario.QuotaExceeded)
        {
            throw new ApiException(429, "RESOURCE_EXHAUSTED", ApiErrors.ResourceExhaustedMessage);
        }

        var spec = (JsonObject)request[plan.SpecField]!;
        var training = Analyze(JsonFields.String(spec, "trainingDatasetUri")!, plan, "training_dataset_uri");
        var validationUri = JsonFields.String(spec, "validationDatasetUri");
        var validation = validationUri is null ? null : Analyze(validationUri, plan, "validation_dataset_uri");
        var job = AddJob(context, number, location, duration, scenario, request, plan, training, validation);
        return Task.FromResult(context.Json(TuningJobRenderer.Render(job, job.AtCreation())));
    }

    /// <summary>
    /// Makes and stores a job. Continuous tuning from a model the emulator made adds a version to that model, unless the
    /// job names its tuned model differently, which makes a new model (continuous-tuning-and-checkpoints.md §1).
    /// </summary>
    private TuningJob AddJob(RequestContext context, string number, string location, TimeSpan duration, Scenario scenario, JsonObject request, CreatePlan plan,
        DatasetAnalysis training, DatasetAnalysis? validation, string? sameEndpointAs = null)
    {
        var baseModel = plan.BaseModel;
        var epochs = plan.Epochs;

        TuningJob job;
        lock (_store.Gate)
        {
            var experimentTime = context.Now;
            string experimentId;
            while (_store.ExperimentExists(number, location, experimentId = "tuning-experiment-" + experimentTime.UtcDateTime.ToString("yyyyMMddHHmmssffffff", CultureInfo.InvariantCulture)))
            {
                experimentTime = experimentTime.AddTicks(10);
            }

            var id = _store.NewId();
            var source = plan.Source;
            var newVersion = source is not null &&
                (JsonFields.String(request, "tunedModelDisplayName") is not string name || name == JsonFields.String(source.Request, "tunedModelDisplayName"));
            var modelId = newVersion ? source!.ModelId : _store.NewId();
            var version = newVersion ? _store.FindByModel(number, location, source!.ModelId)!.ModelVersion + 1 : 1;
            var endpoints = new string[Math.Max(1, epochs)];
            for (var i = 0; i < endpoints.Length; i++)
            {
                endpoints[i] = _store.NewId();
            }

            if (sameEndpointAs is not null)
            {
                endpoints[endpoints.Length - 1] = sameEndpointAs;
            }

            job = new TuningJob(id, number, location, context.Now, duration, scenario, request, baseModel, epochs, training, validation, experimentId, modelId, endpoints,
                plan.SpecField, version);
            _store.Add(job);
        }

        return job;
    }

    /// <summary>The scenario the labels choose (see SCENARIOS.md); permission-denied refuses at once.</summary>
    private static Scenario ScenarioOf(Dictionary<string, string> labels, string projectId, string location)
    {
        var scenario = Scenario.Succeed;
        if (labels.TryGetValue(Scenarios.Label, out var scenarioName) && !Scenarios.TryParse(scenarioName, out scenario))
        {
            throw ApiException.InvalidArgument("Unknown emulator scenario \"" + scenarioName + "\" in the label " + Scenarios.Label + ". Known scenarios: " + Scenarios.Names + ".",
                ApiException.BadRequest("tuning_job.labels", "Unknown emulator scenario \"" + scenarioName + "\"."));
        }

        if (scenario == Scenario.PermissionDenied)
        {
            var permission = "aiplatform.tuningJobs.create";
            var resource = "projects/" + projectId + "/locations/" + location;
            throw new ApiException(403, "PERMISSION_DENIED",
                "Permission '" + permission + "' denied on resource '//aiplatform.googleapis.com/" + resource + "' (or it may not exist).",
                ApiException.ErrorInfo("IAM_PERMISSION_DENIED", "aiplatform.googleapis.com", new Dictionary<string, string>
                {
                    ["permission"] = permission,
                    ["resource"] = resource,
                }));
        }

        return scenario;
    }

    /// <summary>The job's duration: the options', or the label's.</summary>
    private TimeSpan DurationOf(Dictionary<string, string> labels)
    {
        if (!labels.TryGetValue(Scenarios.DurationLabel, out var seconds))
        {
            return _options.JobDuration;
        }

        if (!int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw ApiException.InvalidArgument("The label " + Scenarios.DurationLabel + " must be a whole number of seconds, got \"" + seconds + "\".",
                ApiException.BadRequest("tuning_job.labels", "The label " + Scenarios.DurationLabel + " must be a whole number of seconds."));
        }

        return TimeSpan.FromSeconds(value);
    }

    private Task<HttpResponse> GetAsync(RequestContext context)
    {
        var number = Projects.Resolve(context.Captures[0], context.Captures[1]);
        lock (_store.Gate)
        {
            var job = FindOrThrow(number, context.Captures[1], context.Captures[2]);
            return Task.FromResult(context.Json(TuningJobRenderer.Render(job, job.At(context.Now))));
        }
    }

    private Task<HttpResponse> ListAsync(RequestContext context)
    {
        var location = context.Captures[1];
        var number = Projects.Resolve(context.Captures[0], location);
        var filterText = context.Request.QueryValue("filter");
        var filter = ListFilter.Parse(filterText, FieldKind);
        var pageSize = PageToken.PageSize(context.Request.QueryValue("pageSize") ?? context.Request.QueryValue("page_size"), _options);
        var scope = "tuningJobs/" + number + "/" + location + "/" + (filterText ?? string.Empty);
        var after = PageToken.Decode(context.Request.QueryValue("pageToken") ?? context.Request.QueryValue("page_token"), scope);

        var page = new JsonArray();
        string? next = null;
        lock (_store.Gate)
        {
            var jobs = _store.List(number, location);
            TuningJob? last = null;
            foreach (var job in jobs)
            {
                if (after is not null && string.CompareOrdinal(Cursor(job), after) >= 0)
                {
                    continue;
                }

                var timeline = job.At(context.Now);
                if (filter is not null && !filter.Matches(new JobFilterTarget(job, timeline)))
                {
                    continue;
                }

                if (page.Count == pageSize)
                {
                    next = PageToken.Encode(scope, Cursor(last!));
                    break;
                }

                page.Add(TuningJobRenderer.Render(job, timeline));
                last = job;
            }
        }

        var response = new JsonObject();
        if (page.Count > 0)
        {
            response["tuningJobs"] = page;
        }

        if (next is not null)
        {
            response["nextPageToken"] = next;
        }

        return Task.FromResult(context.Json(response));
    }

    private static string Cursor(TuningJob job) => PageToken.NewestFirstCursor(job.CreateTime, job.Id);

    private Task<HttpResponse> CancelAsync(RequestContext context)
    {
        var number = Projects.Resolve(context.Captures[0], context.Captures[1]);
        ProtoJsonReader.Parse(context.Request.BodyText, Schemas.CancelTuningJobRequest, string.Empty);
        lock (_store.Gate)
        {
            var job = FindOrThrow(number, context.Captures[1], context.Captures[2]);
            var timeline = job.At(context.Now);
            if (timeline.Ended)
            {
                throw ApiException.FailedPrecondition("Cannot cancel a TuningJob in state " + timeline.State + ": the job has already ended.");
            }

            if (job.CancelRequestedAt is null)
            {
                job.CancelRequestedAt = context.Now;
                job.CancelCompletesAt = context.Now + _options.CancelDuration;
            }
        }

        return Task.FromResult(context.Json(new JsonObject()));
    }

    private TuningJob FindOrThrow(string number, string location, string id)
    {
        var job = _store.Find(number, location, id);
        if (job is null)
        {
            throw ApiException.NotFound("The TuningJob \"projects/" + number + "/locations/" + location + "/tuningJobs/" + id + "\" does not exist.");
        }

        return job;
    }

    private static FilterFieldKind FieldKind(string field)
    {
        switch (field)
        {
            case "state":
            case "base_model":
            case "baseModel":
            case "tuned_model_display_name":
            case "tunedModelDisplayName":
            case "display_name":
            case "description":
                return FilterFieldKind.Text;
            case "create_time":
            case "createTime":
            case "update_time":
            case "updateTime":
            case "start_time":
            case "startTime":
            case "end_time":
            case "endTime":
                return FilterFieldKind.Time;
            default:
                return FilterFieldKind.Unknown;
        }
    }

    /// <summary>Reads a dataset for its statistics; a dataset that does not exist is refused, as the service refuses it (the only captured wording, I1 in create-request-limits.md §4).</summary>
    private DatasetAnalysis Analyze(string uri, CreatePlan plan, string field)
    {
        var source = _openDataset(uri);
        if (source is null)
        {
            var path = (plan.IsPreference ? "tuning_job.preference_optimization_spec." : "tuning_job.supervised_tuning_spec.") + field;
            var description = field + " should be a GCS object of type JSONL.";
            throw ApiException.InvalidArgument("List of found errors:\t1.Field: " + path + "; Message: " + description + " (" + uri + " does not exist.)\t",
                ApiException.BadRequest(path, description));
        }

        using var content = source.Content;
        return content is null ? DatasetAnalysis.Synthetic(uri, plan.IsPreference) : DatasetAnalysis.Analyze(content, uri, plan.IsPreference);
    }

    private sealed class JobFilterTarget : IFilterTarget
    {
        private readonly TuningJob _job;
        private readonly JobTimeline _timeline;
        private Dictionary<string, string>? _labels;

        public JobFilterTarget(TuningJob job, JobTimeline timeline)
        {
            _job = job;
            _timeline = timeline;
        }

        public IReadOnlyDictionary<string, string> Labels => _labels ??= LabelRules.Read(_job.Request);

        public string? Text(string field)
        {
            switch (field)
            {
                case "state": return _timeline.State;
                case "base_model":
                case "baseModel": return _job.BaseModel;
                case "description": return JsonFields.String(_job.Request, "description");
                default: return JsonFields.String(_job.Request, "tunedModelDisplayName");
            }
        }

        public DateTimeOffset? Time(string field)
        {
            switch (field)
            {
                case "create_time":
                case "createTime": return _job.CreateTime;
                case "update_time":
                case "updateTime": return _timeline.Update;
                case "start_time":
                case "startTime": return _timeline.Start;
                default: return _timeline.End;
            }
        }
    }
}
