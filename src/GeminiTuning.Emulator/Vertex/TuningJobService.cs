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

/// <summary>Vertex AI <c>projects.locations.tuningJobs</c>: create, get, list, cancel.</summary>
internal sealed class TuningJobService
{
    private const long DefaultEpochs = 3;
    private static readonly Regex LabelKey = new Regex("^[a-z][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);
    private static readonly Regex LabelValue = new Regex("^[a-z0-9_-]{0,64}$", RegexOptions.CultureInvariant);
    private static readonly Regex ModelName = new Regex("^projects/[^/]+/locations/[^/]+/models/([^/@]+)(@[^/]+)?$", RegexOptions.CultureInvariant);
    private static readonly Regex KmsKey = new Regex("^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$", RegexOptions.CultureInvariant);
    private static readonly Regex BaseModelPattern = new Regex("^[A-Za-z0-9][A-Za-z0-9._@/-]*$", RegexOptions.CultureInvariant);

    private readonly TuningJobStore _store;
    private readonly EmulatorOptions _options;
    private readonly Func<string, Stream?> _openDataset;

    public TuningJobService(TuningJobStore store, EmulatorOptions options, Func<string, Stream?> openDataset)
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

        var labels = ReadLabels(request);
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

        var duration = _options.JobDuration;
        if (labels.TryGetValue(Scenarios.DurationLabel, out var seconds))
        {
            if (!int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw ApiException.InvalidArgument("The label " + Scenarios.DurationLabel + " must be a whole number of seconds, got \"" + seconds + "\".",
                    ApiException.BadRequest("tuning_job.labels", "The label " + Scenarios.DurationLabel + " must be a whole number of seconds."));
            }

            duration = TimeSpan.FromSeconds(value);
        }

        var (baseModel, epochs) = Validate(request, number, location);
        if (scenario == Scenario.QuotaExceeded)
        {
            throw new ApiException(429, "RESOURCE_EXHAUSTED", ApiErrors.ResourceExhaustedMessage);
        }

        var spec = (JsonObject)request["supervisedTuningSpec"]!;
        var training = Analyze(JsonFields.String(spec, "trainingDatasetUri")!);
        var validationUri = JsonFields.String(spec, "validationDatasetUri");
        var validation = validationUri is null ? null : Analyze(validationUri);

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
            var modelId = _store.NewId();
            var endpoints = new string[Math.Max(1, epochs)];
            for (var i = 0; i < endpoints.Length; i++)
            {
                endpoints[i] = _store.NewId();
            }

            job = new TuningJob(id, number, location, context.Now, duration, scenario, request, baseModel, epochs, training, validation, experimentId, modelId, endpoints);
            _store.Add(job);
        }

        return Task.FromResult(context.Json(TuningJobRenderer.Render(job, job.AtCreation())));
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

    private DatasetAnalysis Analyze(string uri)
    {
        using var content = _openDataset(uri);
        return content is null ? DatasetAnalysis.Synthetic(uri) : DatasetAnalysis.Analyze(content, uri);
    }

    private static Dictionary<string, string> ReadLabels(JsonObject request)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request["labels"] is not JsonObject map)
        {
            return labels;
        }

        if (map.Count > 64)
        {
            throw ApiException.InvalidArgument("A resource can have at most 64 labels, got " + map.Count.ToString(CultureInfo.InvariantCulture) + ".",
                ApiException.BadRequest("tuning_job.labels", "Too many labels."));
        }

        foreach (var entry in map)
        {
            var value = entry.Value!.GetValue<string>();
            if (!LabelKey.IsMatch(entry.Key))
            {
                throw ApiException.InvalidArgument(
                    "Invalid label key \"" + entry.Key + "\": label keys must start with a lowercase letter and contain at most 64 lowercase letters, digits, underscores and dashes.",
                    ApiException.BadRequest("tuning_job.labels", "Invalid label key \"" + entry.Key + "\"."));
            }

            if (!LabelValue.IsMatch(value))
            {
                throw ApiException.InvalidArgument(
                    "Invalid label value \"" + value + "\" for the key \"" + entry.Key + "\": label values contain at most 64 lowercase letters, digits, underscores and dashes.",
                    ApiException.BadRequest("tuning_job.labels[" + entry.Key + "]", "Invalid label value \"" + value + "\"."));
            }

            labels[entry.Key] = value;
        }

        return labels;
    }

    private (string BaseModel, long Epochs) Validate(JsonObject request, string number, string location)
    {
        var baseModel = JsonFields.String(request, "baseModel");
        var preTuned = JsonFields.Object(request, "preTunedModel");
        if (baseModel is not null && preTuned is not null)
        {
            throw ApiException.InvalidField("tuning_job.base_model", "Only one of base_model and pre_tuned_model can be set.");
        }

        if (preTuned is not null)
        {
            var tunedModelName = JsonFields.String(preTuned, "tunedModelName");
            var match = tunedModelName is null ? null : ModelName.Match(tunedModelName);
            if (match is null || !match.Success)
            {
                throw ApiException.InvalidField("tuning_job.pre_tuned_model.tuned_model_name",
                    "pre_tuned_model.tuned_model_name must be a model resource name such as projects/{project}/locations/{location}/models/{model}, got \"" + tunedModelName + "\".");
            }

            lock (_store.Gate)
            {
                baseModel = _store.FindByModel(number, location, match.Groups[1].Value)?.BaseModel ?? "gemini-2.5-flash";
            }
        }
        else if (baseModel is null)
        {
            throw ApiException.InvalidField("tuning_job.base_model", "base_model is required: name the model to tune (for example gemini-2.5-flash), or set pre_tuned_model.");
        }
        else if (!BaseModelPattern.IsMatch(baseModel))
        {
            throw ApiException.InvalidField("tuning_job.base_model", "Base model \"" + baseModel + "\" is not a valid model name.");
        }

        var spec = JsonFields.Object(request, "supervisedTuningSpec");
        var trainingUri = JsonFields.String(spec, "trainingDatasetUri");
        if (trainingUri is null)
        {
            throw ApiException.InvalidField("tuning_job.supervised_tuning_spec.training_dataset_uri",
                "supervised_tuning_spec.training_dataset_uri is required: a GCS object of type JSONL, for example gs://my-bucket/train.jsonl.");
        }

        CheckDatasetUri(trainingUri, "training_dataset_uri");
        if (JsonFields.String(spec, "validationDatasetUri") is string validationUri)
        {
            CheckDatasetUri(validationUri, "validation_dataset_uri");
        }

        var hyper = JsonFields.Object(spec, "hyperParameters");
        var epochs = JsonFields.Long(hyper, "epochCount") ?? 0;
        if (epochs < 0)
        {
            throw ApiException.InvalidField("tuning_job.supervised_tuning_spec.hyper_parameters.epoch_count",
                "hyper_parameters.epoch_count must be a positive number, got " + epochs.ToString(CultureInfo.InvariantCulture) + ".");
        }

        if (epochs > 1000)
        {
            throw ApiException.InvalidField("tuning_job.supervised_tuning_spec.hyper_parameters.epoch_count",
                "hyper_parameters.epoch_count must be at most 1000, got " + epochs.ToString(CultureInfo.InvariantCulture) + ".");
        }

        if (JsonFields.Double(hyper, "learningRateMultiplier") is double multiplier && !(multiplier > 0 && multiplier < double.PositiveInfinity))
        {
            throw ApiException.InvalidField("tuning_job.supervised_tuning_spec.hyper_parameters.learning_rate_multiplier",
                "hyper_parameters.learning_rate_multiplier must be greater than 0, got " + multiplier.ToString("R", CultureInfo.InvariantCulture) + ".");
        }

        var isGemini = baseModel.IndexOf("gemini", StringComparison.OrdinalIgnoreCase) >= 0;
        if (isGemini && (hyper?["learningRate"] is not null || hyper?["batchSize"] is not null))
        {
            throw ApiException.InvalidField("tuning_job.supervised_tuning_spec.hyper_parameters",
                "hyper_parameters.learning_rate and hyper_parameters.batch_size apply to open models only; for Gemini models use learning_rate_multiplier.");
        }

        if (JsonFields.String(hyper, "adapterSize") is string adapterSize && isGemini)
        {
            var allowed = baseModel.IndexOf("gemini-2.5-pro", StringComparison.OrdinalIgnoreCase) >= 0
                ? new[] { "ADAPTER_SIZE_ONE", "ADAPTER_SIZE_TWO", "ADAPTER_SIZE_FOUR", "ADAPTER_SIZE_EIGHT" }
                : new[] { "ADAPTER_SIZE_ONE", "ADAPTER_SIZE_TWO", "ADAPTER_SIZE_FOUR", "ADAPTER_SIZE_EIGHT", "ADAPTER_SIZE_SIXTEEN" };
            if (Array.IndexOf(allowed, adapterSize) < 0)
            {
                throw ApiException.InvalidField("tuning_job.supervised_tuning_spec.hyper_parameters.adapter_size",
                    "Adapter size " + adapterSize + " is not supported for " + baseModel + ". Supported adapter sizes: " + string.Join(", ", allowed) + ".");
            }
        }

        if (JsonFields.String(request, "tunedModelDisplayName") is string displayName && displayName.Length > 128)
        {
            throw ApiException.InvalidField("tuning_job.tuned_model_display_name",
                "tuned_model_display_name must be at most 128 characters long, got " + displayName.Length.ToString(CultureInfo.InvariantCulture) + ".");
        }

        if (JsonFields.String(request, "serviceAccount") is string serviceAccount && serviceAccount.IndexOf('@') <= 0)
        {
            throw ApiException.InvalidField("tuning_job.service_account", "service_account must be a service account email address, got \"" + serviceAccount + "\".");
        }

        if (JsonFields.String(JsonFields.Object(request, "encryptionSpec"), "kmsKeyName") is string kmsKey && !KmsKey.IsMatch(kmsKey))
        {
            throw ApiException.InvalidField("tuning_job.encryption_spec.kms_key_name",
                "encryption_spec.kms_key_name must have the form projects/{project}/locations/{location}/keyRings/{key_ring}/cryptoKeys/{key}.");
        }

        return (baseModel, epochs == 0 ? DefaultEpochs : epochs);
    }

    private static void CheckDatasetUri(string uri, string field)
    {
        var ok = uri.StartsWith("gs://", StringComparison.Ordinal);
        if (ok)
        {
            var slash = uri.IndexOf('/', 5);
            ok = slash > 5 && slash < uri.Length - 1;
        }

        if (!ok)
        {
            throw ApiException.InvalidField("tuning_job.supervised_tuning_spec." + field,
                field + " should be a GCS object of type JSONL, such as gs://my-bucket/path/data.jsonl, got \"" + uri + "\".");
        }
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

        public IReadOnlyDictionary<string, string> Labels => _labels ??= ReadLabels(_job.Request);

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
