namespace GeminiTuning.Emulator.Json;

/// <summary>The request messages the emulator parses, transcribed from the googleapis protos (aiplatform v1/v1beta1,
/// generativelanguage v1beta). Output-only fields are listed so that a client echoing a resource back is not refused;
/// messages the emulator never looks into are <see cref="FieldKind.Opaque"/>.</summary>
internal static class Schemas
{
    public static readonly EnumSpec AdapterSize = new EnumSpec(
        "google.cloud.aiplatform.v1.SupervisedHyperParameters.AdapterSize",
        ("ADAPTER_SIZE_UNSPECIFIED", 0), ("ADAPTER_SIZE_ONE", 1), ("ADAPTER_SIZE_TWO", 6), ("ADAPTER_SIZE_FOUR", 2),
        ("ADAPTER_SIZE_EIGHT", 3), ("ADAPTER_SIZE_SIXTEEN", 4), ("ADAPTER_SIZE_THIRTY_TWO", 5));

    public static readonly EnumSpec JobState = new EnumSpec(
        "google.cloud.aiplatform.v1.JobState",
        ("JOB_STATE_UNSPECIFIED", 0), ("JOB_STATE_QUEUED", 1), ("JOB_STATE_PENDING", 2), ("JOB_STATE_RUNNING", 3),
        ("JOB_STATE_SUCCEEDED", 4), ("JOB_STATE_FAILED", 5), ("JOB_STATE_CANCELLING", 6), ("JOB_STATE_CANCELLED", 7),
        ("JOB_STATE_PAUSED", 8), ("JOB_STATE_EXPIRED", 9), ("JOB_STATE_UPDATING", 10), ("JOB_STATE_PARTIALLY_SUCCEEDED", 11));

    public static readonly EnumSpec TuningMode = new EnumSpec(
        "google.cloud.aiplatform.v1beta1.SupervisedTuningSpec.TuningMode",
        ("TUNING_MODE_UNSPECIFIED", 0), ("TUNING_MODE_FULL", 1), ("TUNING_MODE_PEFT_ADAPTER", 2));

    public static readonly EnumSpec GeminiModelState = new EnumSpec(
        "google.ai.generativelanguage.v1beta.TunedModel.State",
        ("STATE_UNSPECIFIED", 0), ("CREATING", 1), ("ACTIVE", 2), ("FAILED", 3));

    public static readonly MessageSpec TuningJob = BuildTuningJob();

    public static readonly MessageSpec RebaseTunedModelRequest = new MessageSpec("google.cloud.aiplatform.v1.RebaseTunedModelRequest")
        .Field("parent", FieldKind.String)
        .Message("tunedModelRef", new MessageSpec("google.cloud.aiplatform.v1.TunedModelRef").Strings("tunedModel", "tuningJob", "pipelineJob"))
        .Message("tuningJob", TuningJob)
        .Message("artifactDestination", new MessageSpec("google.cloud.aiplatform.v1.GcsDestination").Strings("outputUriPrefix"))
        .Field("deployToSameEndpoint", FieldKind.Bool);

    public static readonly MessageSpec CancelOperationRequest = new MessageSpec("google.longrunning.CancelOperationRequest").Strings("name");

    public static readonly MessageSpec CancelTuningJobRequest = new MessageSpec("google.cloud.aiplatform.v1.CancelTuningJobRequest").Strings("name");

    public static readonly MessageSpec VertexGenerateContentRequest = BuildGenerateContentRequest("google.cloud.aiplatform.v1");

    public static readonly MessageSpec GeminiGenerateContentRequest = BuildGenerateContentRequest("google.ai.generativelanguage.v1beta");

    public static readonly MessageSpec TunedModel = BuildTunedModel();

    public static readonly MessageSpec ExportTimeSeriesRequest = new MessageSpec("google.cloud.aiplatform.v1.ExportTensorboardTimeSeriesDataRequest")
        .Strings("tensorboardTimeSeries", "filter", "pageToken", "orderBy")
        .Field("pageSize", FieldKind.Int32);

    private static MessageSpec BuildTuningJob()
    {
        const string P = "google.cloud.aiplatform.v1.";
        var hyper = new MessageSpec(P + "SupervisedHyperParameters")
            .Field("epochCount", FieldKind.Int64)
            .Field("learningRateMultiplier", FieldKind.Double)
            .Enum("adapterSize", AdapterSize)
            .Field("learningRate", FieldKind.Double)
            .Field("batchSize", FieldKind.Int64);
        var spec = new MessageSpec(P + "SupervisedTuningSpec")
            .Strings("trainingDatasetUri", "validationDatasetUri")
            .Message("hyperParameters", hyper)
            .Field("exportLastCheckpointOnly", FieldKind.Bool)
            .Enum("tuningMode", TuningMode)
            .Opaques("evaluationConfig");
        var preferenceHyper = new MessageSpec(P + "PreferenceOptimizationHyperParameters")
            .Field("epochCount", FieldKind.Int64)
            .Field("learningRateMultiplier", FieldKind.Double)
            .Enum("adapterSize", AdapterSize)
            .Field("beta", FieldKind.Double);
        var preference = new MessageSpec(P + "PreferenceOptimizationSpec")
            .Strings("trainingDatasetUri", "validationDatasetUri")
            .Message("hyperParameters", preferenceHyper)
            .Field("exportLastCheckpointOnly", FieldKind.Bool)
            .Opaques("evaluationConfig");
        var preTuned = new MessageSpec(P + "PreTunedModel").Strings("tunedModelName", "checkpointId", "baseModel");
        var encryption = new MessageSpec(P + "EncryptionSpec").Strings("kmsKeyName");
        return new MessageSpec(P + "TuningJob")
            .Strings("name", "tunedModelDisplayName", "description", "baseModel", "experiment", "serviceAccount",
                "createTime", "startTime", "endTime", "updateTime", "pipelineJob", "outputUri")
            .Message("preTunedModel", preTuned)
            .Message("supervisedTuningSpec", spec)
            .Message("preferenceOptimizationSpec", preference)
            .Enum("state", JobState)
            .Field("labels", FieldKind.MapOfStrings)
            .Message("encryptionSpec", encryption)
            .Field("satisfiesPzs", FieldKind.Bool)
            .Field("satisfiesPzi", FieldKind.Bool)
            // Output-only, or other tuning kinds the emulator does not simulate (v1beta1): accepted as they are.
            .Opaques("error", "tunedModel", "tuningDataStats", "evaluateDatasetRuns", "customBaseModel",
                "distillationSpec", "partnerModelTuningSpec", "veoTuningSpec",
                "tunedModelRef", "fullFineTuningSpec");
    }

    private static MessageSpec BuildGenerateContentRequest(string package)
    {
        var p = package + ".";
        var blob = new MessageSpec(p + "Blob").Strings("mimeType", "displayName").Field("data", FieldKind.Bytes);
        var fileData = new MessageSpec(p + "FileData").Strings("mimeType", "fileUri", "displayName");
        var part = new MessageSpec(p + "Part")
            .Field("text", FieldKind.String)
            .Message("inlineData", blob)
            .Message("fileData", fileData)
            .Opaques("functionCall", "functionResponse", "executableCode", "codeExecutionResult", "videoMetadata", "mediaResolution", "partMetadata")
            .Field("thought", FieldKind.Bool)
            .Field("thoughtSignature", FieldKind.Bytes);
        var content = new MessageSpec(p + "Content").Field("role", FieldKind.String).RepeatedMessage("parts", part);
        var thinkingConfig = new MessageSpec(p + "GenerationConfig.ThinkingConfig")
            .Optional("includeThoughts", FieldKind.Bool)
            .Optional("thinkingBudget", FieldKind.Int32)
            .Enum("thinkingLevel", new EnumSpec(p + "GenerationConfig.ThinkingConfig.ThinkingLevel",
                ("THINKING_LEVEL_UNSPECIFIED", 0), ("LOW", 1), ("MEDIUM", 2), ("HIGH", 3), ("MINIMAL", 4)));
        var generationConfig = new MessageSpec(p + "GenerationConfig")
            .Field("temperature", FieldKind.Double)
            .Field("topP", FieldKind.Double)
            .Field("topK", FieldKind.Double)
            .Field("candidateCount", FieldKind.Int32)
            .Field("maxOutputTokens", FieldKind.Int32)
            .Repeated("stopSequences", FieldKind.String)
            .Field("seed", FieldKind.Int32)
            .Field("responseMimeType", FieldKind.String)
            .Field("presencePenalty", FieldKind.Double)
            .Field("frequencyPenalty", FieldKind.Double)
            .Field("responseLogprobs", FieldKind.Bool)
            .Field("logprobs", FieldKind.Int32)
            .Repeated("responseModalities", FieldKind.String)
            .Field("mediaResolution", FieldKind.String)
            .Field("audioTimestamp", FieldKind.Bool)
            .Field("enableAffectiveDialog", FieldKind.Bool)
            .Field("enableEnhancedCivicAnswers", FieldKind.Bool)
            .Message("thinkingConfig", thinkingConfig)
            .Opaques("responseSchema", "responseJsonSchema", "speechConfig", "imageConfig", "routingConfig", "modelConfig", "_responseJsonSchema");
        var safety = new MessageSpec(p + "SafetySetting").Strings("category", "threshold", "method");
        return new MessageSpec(p + "GenerateContentRequest")
            .Field("model", FieldKind.String)
            .RepeatedMessage("contents", content)
            .Message("systemInstruction", content)
            .Message("generationConfig", generationConfig)
            .RepeatedMessage("safetySettings", safety)
            .Repeated("tools", FieldKind.Opaque)
            .Opaques("toolConfig", "modelArmorConfig")
            .Field("cachedContent", FieldKind.String)
            .Field("labels", FieldKind.MapOfStrings);
    }

    private static MessageSpec BuildTunedModel()
    {
        const string P = "google.ai.generativelanguage.v1beta.";
        var example = new MessageSpec(P + "TuningExample").Strings("textInput", "output");
        var examples = new MessageSpec(P + "TuningExamples").RepeatedMessage("examples", example);
        var dataset = new MessageSpec(P + "Dataset").Message("examples", examples);
        var hyper = new MessageSpec(P + "Hyperparameters")
            .Field("learningRate", FieldKind.Double)
            .Field("learningRateMultiplier", FieldKind.Double)
            .Field("epochCount", FieldKind.Int32)
            .Field("batchSize", FieldKind.Int32);
        var task = new MessageSpec(P + "TuningTask")
            .Strings("startTime", "completeTime")
            .Repeated("snapshots", FieldKind.Opaque)
            .Message("trainingData", dataset)
            .Message("hyperparameters", hyper);
        var source = new MessageSpec(P + "TunedModelSource").Strings("tunedModel", "baseModel");
        return new MessageSpec(P + "TunedModel")
            .Strings("name", "baseModel", "displayName", "description", "createTime", "updateTime")
            .Message("tunedModelSource", source)
            .Field("temperature", FieldKind.Double)
            .Field("topP", FieldKind.Double)
            .Field("topK", FieldKind.Int32)
            .Enum("state", GeminiModelState)
            .Message("tuningTask", task)
            .Repeated("readerProjectNumbers", FieldKind.Int64);
    }
}
