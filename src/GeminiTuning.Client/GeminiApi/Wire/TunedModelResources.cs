using System;
using System.Collections.Generic;
using System.Text.Json;
using GeminiTuning.Internal;

namespace GeminiTuning.GeminiApi.Wire;

// The Gemini API (generativelanguage v1beta) TunedModel, its operation and list response
// (gemini-api-tuned-models.md §3). Note `hyperparameters` in lower case and int32 numbers here, unlike Vertex.

internal sealed class TunedModelResource
{
    public string? Name { get; set; }
    public string? BaseModel { get; set; }
    public TunedModelSourceResource? TunedModelSource { get; set; }
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public int? TopK { get; set; }
    [System.Text.Json.Serialization.JsonConverter(typeof(TunedModelStateConverter))]
    public string? State { get; set; }
    public DateTimeOffset? CreateTime { get; set; }
    public DateTimeOffset? UpdateTime { get; set; }
    public TuningTaskResource? TuningTask { get; set; }
}

internal sealed class TunedModelSourceResource
{
    public string? TunedModel { get; set; }
    public string? BaseModel { get; set; }
}

internal sealed class TuningTaskResource
{
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? CompleteTime { get; set; }
    public List<TuningSnapshotResource>? Snapshots { get; set; }
    public TrainingDataResource? TrainingData { get; set; }
    public HyperparametersResource? Hyperparameters { get; set; }
}

internal sealed class HyperparametersResource
{
    public double? LearningRate { get; set; }
    public double? LearningRateMultiplier { get; set; }
    public int? EpochCount { get; set; }
    public int? BatchSize { get; set; }
}

internal sealed class TrainingDataResource
{
    public TuningExamplesResource? Examples { get; set; }
}

internal sealed class TuningExamplesResource
{
    public List<TuningExampleResource> Examples { get; set; } = new();
}

internal sealed class TuningExampleResource
{
    public string? TextInput { get; set; }
    public string? Output { get; set; }
}

internal sealed class TuningSnapshotResource
{
    public int? Step { get; set; }
    public int? Epoch { get; set; }
    public double? MeanLoss { get; set; }
    public DateTimeOffset? ComputeTime { get; set; }
}

internal sealed class OperationResource
{
    public string? Name { get; set; }
    public JsonElement Metadata { get; set; }
    public bool? Done { get; set; }
    public RpcStatusWire? Error { get; set; }
    public JsonElement Response { get; set; }
}

internal sealed class CreateTunedModelMetadataResource
{
    public string? TunedModel { get; set; }
    public int? TotalSteps { get; set; }
    public int? CompletedSteps { get; set; }
    public double? CompletedPercent { get; set; }
    public List<TuningSnapshotResource>? Snapshots { get; set; }
}

internal sealed class ListTunedModelsResponse
{
    public List<TunedModelResource>? TunedModels { get; set; }
    public string? NextPageToken { get; set; }
}

internal sealed class ListOperationsResponse
{
    public List<OperationResource>? Operations { get; set; }
    public string? NextPageToken { get; set; }
}
