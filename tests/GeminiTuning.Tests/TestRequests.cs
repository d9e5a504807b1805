using System.Collections.Generic;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests;

/// <summary>A create request with every parameter set, and the exact JSON the service must receive for it.</summary>
internal static class TestRequests
{
    public static TuningJobRequest EveryParameter(string? requestId = null) => new()
    {
        BaseModel = "gemini-2.5-flash",
        TrainingDatasetUri = "gs://bucket/train.jsonl",
        ValidationDatasetUri = "gs://bucket/validation.jsonl",
        EpochCount = 3,
        AdapterSize = GeminiAdapterSize.Four,
        LearningRateMultiplier = 0.5,
        TunedModelDisplayName = "support-bot",
        Description = "first try",
        Labels = new Dictionary<string, string> { ["team"] = "search" },
        KmsKeyName = "projects/my-project/locations/us-central1/keyRings/r/cryptoKeys/k",
        ServiceAccount = "tuner@my-project.iam.gserviceaccount.com",
        ExportLastCheckpointOnly = true,
        RequestId = requestId,
    };

    public static string EveryParameterJson(string requestId) =>
        "{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://bucket/train.jsonl\"," +
        "\"validationDatasetUri\":\"gs://bucket/validation.jsonl\",\"hyperParameters\":{\"epochCount\":\"3\",\"learningRateMultiplier\":0.5," +
        "\"adapterSize\":\"ADAPTER_SIZE_FOUR\"},\"exportLastCheckpointOnly\":true},\"tunedModelDisplayName\":\"support-bot\"," +
        "\"description\":\"first try\",\"labels\":{\"team\":\"search\",\"gemini-tuning-request-id\":\"" + requestId + "\"}," +
        "\"encryptionSpec\":{\"kmsKeyName\":\"projects/my-project/locations/us-central1/keyRings/r/cryptoKeys/k\"}," +
        "\"serviceAccount\":\"tuner@my-project.iam.gserviceaccount.com\"}";
}
