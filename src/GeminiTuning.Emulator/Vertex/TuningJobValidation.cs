using System;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GeminiTuning.Emulator.Catalog;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Vertex;

/// <summary>What a valid create asks for, as the service reads it.</summary>
internal sealed class CreatePlan
{
    /// <summary>The base model (for continuous tuning, the tuned model's own base).</summary>
    public string BaseModel { get; set; } = string.Empty;

    public long Epochs { get; set; }

    /// <summary><c>supervisedTuningSpec</c> or <c>preferenceOptimizationSpec</c>.</summary>
    public string SpecField { get; set; } = TuningJob.SupervisedSpec;

    public bool IsPreference => SpecField == TuningJob.PreferenceSpec;

    /// <summary>Continuous tuning: the job whose tuned model is continued, when the emulator made it.</summary>
    public TuningJob? Source { get; set; }
}

/// <summary>
/// The checks <c>tuningJobs.create</c> makes on a request, with the service's field paths: the model against the
/// catalog (known, not retired, offered in the location, the method, adapter size and CMEK it supports), continuous
/// tuning from a tuned model and checkpoint, the tuning spec and its hyperparameters.
/// </summary>
internal static class TuningJobValidation
{
    private const long DefaultEpochs = 3;
    private static readonly Regex ModelName = new Regex("^projects/[^/]+/locations/[^/]+/models/([^/@]+)(?:@([^/]+))?$", RegexOptions.CultureInvariant);
    private static readonly Regex KmsKey = new Regex("^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$", RegexOptions.CultureInvariant);
    private static readonly Regex BaseModelPattern = new Regex("^[A-Za-z0-9][A-Za-z0-9._@/-]*$", RegexOptions.CultureInvariant);

    /// <summary>Call with the store's gate not held.</summary>
    public static CreatePlan Validate(JsonObject request, string number, string location, TuningJobStore store, EmulatorOptions options)
    {
        var plan = new CreatePlan();
        var supervised = JsonFields.Object(request, TuningJob.SupervisedSpec);
        var preference = JsonFields.Object(request, TuningJob.PreferenceSpec);
        if (supervised is not null && preference is not null)
        {
            throw ApiException.InvalidField("tuning_job.tuning_spec", "Only one of supervised_tuning_spec and preference_optimization_spec can be set.");
        }

        plan.SpecField = preference is not null ? TuningJob.PreferenceSpec : TuningJob.SupervisedSpec;
        var spec = preference ?? supervised;
        var prefix = preference is not null ? "tuning_job.preference_optimization_spec" : "tuning_job.supervised_tuning_spec";
        var method = preference is not null ? "preference" : "supervised";

        ModelFacts? facts;
        (plan.BaseModel, plan.Source, facts) = ResolveModel(request, number, location, store, options);
        if (facts is not null)
        {
            CheckModel(request, facts, method, location, plan.Source is not null);
        }

        var trainingUri = JsonFields.String(spec, "trainingDatasetUri");
        if (trainingUri is null)
        {
            throw ApiException.InvalidField(prefix + ".training_dataset_uri",
                (spec is null ? "A tuning spec (supervised_tuning_spec or preference_optimization_spec) is required; its " : string.Empty) +
                "training_dataset_uri is required: a GCS object of type JSONL, for example gs://my-bucket/train.jsonl.");
        }

        CheckDatasetUri(trainingUri, prefix, "training_dataset_uri");
        if (JsonFields.String(spec, "validationDatasetUri") is string validationUri)
        {
            CheckDatasetUri(validationUri, prefix, "validation_dataset_uri");
        }

        plan.Epochs = CheckHyperParameters(JsonFields.Object(spec, "hyperParameters"), prefix, plan.BaseModel, facts, method);
        CheckTheRest(request);
        return plan;
    }

    /// <summary>The base model, the source job (continuous tuning) and the catalog's facts about the base model.</summary>
    private static (string BaseModel, TuningJob? Source, ModelFacts? Facts) ResolveModel(JsonObject request, string number, string location, TuningJobStore store,
        EmulatorOptions options)
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

            TuningJob? source;
            lock (store.Gate)
            {
                source = store.FindByModel(number, location, match.Groups[1].Value, match.Groups[2].Success ? match.Groups[2].Value : null);
            }

            if (source is not null)
            {
                CheckCheckpoint(JsonFields.String(preTuned, "checkpointId"), source, tunedModelName!);
            }

            // A model the emulator did not make (e.g. a sample's) is taken as a gemini-2.5-flash tuning.
            var sourceBase = source?.BaseModel ?? "gemini-2.5-flash";
            return (sourceBase, source, EmulatorCatalog.Default.Find(sourceBase));
        }

        if (baseModel is null)
        {
            throw ApiException.InvalidField("tuning_job.base_model", "base_model is required: name the model to tune (for example gemini-2.5-flash), or set pre_tuned_model.");
        }

        if (!BaseModelPattern.IsMatch(baseModel))
        {
            throw ApiException.InvalidField("tuning_job.base_model", "Base model \"" + baseModel + "\" is not a valid model name.");
        }

        var id = baseModel.StartsWith("publishers/google/models/", StringComparison.Ordinal) ? baseModel.Substring(25) : baseModel;
        var facts = EmulatorCatalog.Default.Find(id);
        var allowed = options.AdditionalVertexBaseModels.Contains(id) || options.AdditionalVertexBaseModels.Contains(baseModel);
        if (facts is null && !allowed)
        {
            throw ApiException.InvalidField("tuning_job.base_model",
                "Base model " + baseModel + " is not supported for tuning. Supported base models: " + EmulatorCatalog.Default.AvailableIds() + ".");
        }

        if (facts is not null && facts.IsRetired && !allowed)
        {
            throw ApiException.InvalidField("tuning_job.base_model",
                "Base model " + baseModel + " has been retired and can no longer be tuned. Supported base models: " + EmulatorCatalog.Default.AvailableIds() + ".");
        }

        return (baseModel, null, facts);
    }

    private static void CheckCheckpoint(string? checkpointId, TuningJob source, string tunedModelName)
    {
        if (checkpointId is null)
        {
            return;
        }

        var last = source.CheckpointEndpointIds.Length;
        var ok = int.TryParse(checkpointId, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= last &&
            (!source.ExportLastCheckpointOnly || n == last);
        if (!ok)
        {
            throw ApiException.InvalidField("tuning_job.pre_tuned_model.checkpoint_id",
                "Checkpoint \"" + checkpointId + "\" does not exist for model " + tunedModelName + "; its checkpoints are " +
                (source.ExportLastCheckpointOnly ? last.ToString(CultureInfo.InvariantCulture) : "1 to " + last.ToString(CultureInfo.InvariantCulture)) + ".");
        }
    }

    private static void CheckModel(JsonObject request, ModelFacts facts, string method, string location, bool continuing)
    {
        if (continuing && !facts.ContinuousTuning)
        {
            throw ApiException.InvalidField("tuning_job.pre_tuned_model", "Continuous tuning is not supported for models tuned from " + facts.Id + ".");
        }

        if (!facts.AdapterSizesByMethod.ContainsKey(method))
        {
            throw ApiException.InvalidField("tuning_job.preference_optimization_spec",
                char.ToUpperInvariant(method[0]) + method.Substring(1) + " tuning is not supported for base model " + facts.Id + ".");
        }

        if (facts.TuningRegionsComplete && facts.TuningRegions.Count > 0 && !Contains(facts.TuningRegions, location))
        {
            throw ApiException.FailedPrecondition("Base model " + facts.Id + " is not available for tuning in location " + location +
                ". Supported locations: " + string.Join(", ", facts.TuningRegions) + ".");
        }

        if (facts.Cmek == false && JsonFields.Object(request, "encryptionSpec") is not null)
        {
            throw ApiException.InvalidField("tuning_job.encryption_spec",
                "Customer-managed encryption keys (CMEK) are not supported for tuning " + facts.Id + ".");
        }
    }

    private static long CheckHyperParameters(JsonObject? hyper, string prefix, string baseModel, ModelFacts? facts, string method)
    {
        var field = prefix + ".hyper_parameters";
        var epochs = JsonFields.Long(hyper, "epochCount") ?? 0;
        if (epochs < 0)
        {
            throw ApiException.InvalidField(field + ".epoch_count", "hyper_parameters.epoch_count must be a positive number, got " + epochs.ToString(CultureInfo.InvariantCulture) + ".");
        }

        if (epochs > 1000)
        {
            throw ApiException.InvalidField(field + ".epoch_count", "hyper_parameters.epoch_count must be at most 1000, got " + epochs.ToString(CultureInfo.InvariantCulture) + ".");
        }

        if (JsonFields.Double(hyper, "learningRateMultiplier") is double multiplier && !(multiplier > 0 && multiplier < double.PositiveInfinity))
        {
            throw ApiException.InvalidField(field + ".learning_rate_multiplier",
                "hyper_parameters.learning_rate_multiplier must be greater than 0, got " + multiplier.ToString("R", CultureInfo.InvariantCulture) + ".");
        }

        if (JsonFields.Double(hyper, "beta") is double beta && !(beta >= 0 && beta < double.PositiveInfinity))
        {
            throw ApiException.InvalidField(field + ".beta", "hyper_parameters.beta must not be negative, got " + beta.ToString("R", CultureInfo.InvariantCulture) + ".");
        }

        var isGemini = baseModel.IndexOf("gemini", StringComparison.OrdinalIgnoreCase) >= 0;
        if (isGemini && (hyper?["learningRate"] is not null || hyper?["batchSize"] is not null))
        {
            throw ApiException.InvalidField(field,
                "hyper_parameters.learning_rate and hyper_parameters.batch_size apply to open models only; for Gemini models use learning_rate_multiplier.");
        }

        if (JsonFields.String(hyper, "adapterSize") is string adapterSize && facts is not null && facts.AdapterSizesByMethod.TryGetValue(method, out var allowed) &&
            Array.IndexOf(allowed, adapterSize) < 0)
        {
            throw ApiException.InvalidField(field + ".adapter_size",
                "Adapter size " + adapterSize + " is not supported for " + facts.Id + ". Supported adapter sizes: " + string.Join(", ", allowed) + ".");
        }

        return epochs == 0 ? DefaultEpochs : epochs;
    }

    private static void CheckTheRest(JsonObject request)
    {
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
    }

    private static void CheckDatasetUri(string uri, string prefix, string field)
    {
        var ok = uri.StartsWith("gs://", StringComparison.Ordinal);
        if (ok)
        {
            var slash = uri.IndexOf('/', 5);
            ok = slash > 5 && slash < uri.Length - 1;
        }

        if (!ok)
        {
            throw ApiException.InvalidField(prefix + "." + field,
                field + " should be a GCS object of type JSONL, such as gs://my-bucket/path/data.jsonl, got \"" + uri + "\".");
        }
    }

    private static bool Contains(System.Collections.Generic.IReadOnlyList<string> list, string value)
    {
        foreach (var item in list)
        {
            if (item == value)
            {
                return true;
            }
        }

        return false;
    }
}
