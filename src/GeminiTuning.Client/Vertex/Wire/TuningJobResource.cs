using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using GeminiTuning.Internal;

namespace GeminiTuning.Vertex.Wire;

// Vertex AI v1 TuningJob and its parts, as proto3 JSON (vertex-tuning-api.md §3-4). The same classes serve the
// create request (output-only fields stay null and are omitted) and every response. int64 fields are strings on the
// wire: they carry WriteAsString so requests use the canonical form, and the global options read either form.

internal sealed class TuningJobResource
{
    public string? Name { get; set; }
    public string? BaseModel { get; set; }
    public PreTunedModelResource? PreTunedModel { get; set; }
    public SupervisedTuningSpecResource? SupervisedTuningSpec { get; set; }
    public PreferenceOptimizationSpecResource? PreferenceOptimizationSpec { get; set; }
    public string? TunedModelDisplayName { get; set; }
    public string? Description { get; set; }
    [JsonConverter(typeof(JobStateConverter))]
    public string? State { get; set; }
    public DateTimeOffset? CreateTime { get; set; }
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public DateTimeOffset? UpdateTime { get; set; }
    public RpcStatusWire? Error { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public string? Experiment { get; set; }
    public TunedModelResource? TunedModel { get; set; }
    public TuningDataStatsResource? TuningDataStats { get; set; }
    public EncryptionSpecResource? EncryptionSpec { get; set; }
    public string? ServiceAccount { get; set; }
}

internal sealed class PreTunedModelResource
{
    public string? TunedModelName { get; set; }
    public string? CheckpointId { get; set; }
    public string? BaseModel { get; set; }
}

internal sealed class SupervisedTuningSpecResource
{
    public string? TrainingDatasetUri { get; set; }
    public string? ValidationDatasetUri { get; set; }
    public SupervisedHyperParametersResource? HyperParameters { get; set; }
    public bool? ExportLastCheckpointOnly { get; set; }
}

internal sealed class SupervisedHyperParametersResource
{
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? EpochCount { get; set; }
    public double? LearningRateMultiplier { get; set; }
    [JsonConverter(typeof(AdapterSizeConverter))]
    public string? AdapterSize { get; set; }
}

// v1 REST (preference-tuning.md §1): the same shape as the supervised spec, plus beta.
internal sealed class PreferenceOptimizationSpecResource
{
    public string? TrainingDatasetUri { get; set; }
    public string? ValidationDatasetUri { get; set; }
    public PreferenceOptimizationHyperParametersResource? HyperParameters { get; set; }
    public bool? ExportLastCheckpointOnly { get; set; }
}

internal sealed class PreferenceOptimizationHyperParametersResource
{
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? EpochCount { get; set; }
    public double? LearningRateMultiplier { get; set; }
    [JsonConverter(typeof(AdapterSizeConverter))]
    public string? AdapterSize { get; set; }
    public double? Beta { get; set; }
}

internal sealed class EncryptionSpecResource
{
    public string? KmsKeyName { get; set; }
}

internal sealed class TunedModelResource
{
    public string? Model { get; set; }
    public string? Endpoint { get; set; }
    public List<TunedModelCheckpointResource>? Checkpoints { get; set; }
}

internal sealed class TunedModelCheckpointResource
{
    public string? CheckpointId { get; set; }
    public long? Epoch { get; set; }
    public long? Step { get; set; }
    public string? Endpoint { get; set; }
}

internal sealed class TuningDataStatsResource
{
    public SupervisedTuningDataStatsResource? SupervisedTuningDataStats { get; set; }
    public PreferenceOptimizationDataStatsResource? PreferenceOptimizationDataStats { get; set; }
}

// preference-tuning.md §5: its distributions are DatasetDistribution (sum a double, no billableSum), not the SFT kind.
internal sealed class PreferenceOptimizationDataStatsResource
{
    public long? TuningDatasetExampleCount { get; set; }
    public long? TuningStepCount { get; set; }
    public long? TotalBillableTokenCount { get; set; }
    public PreferenceDistributionResource? UserInputTokenDistribution { get; set; }
    public PreferenceDistributionResource? UserOutputTokenDistribution { get; set; }
    public PreferenceDistributionResource? ScoresDistribution { get; set; }
    public PreferenceDistributionResource? ScoreVariancePerExampleDistribution { get; set; }
    public List<long>? DroppedExampleIndices { get; set; }
    public List<string>? DroppedExampleReasons { get; set; }
}

internal sealed class PreferenceDistributionResource
{
    public double? Sum { get; set; }
    public double? Min { get; set; }
    public double? Max { get; set; }
    public double? Mean { get; set; }
    public double? Median { get; set; }
    public double? P5 { get; set; }
    public double? P95 { get; set; }
}

internal sealed class SupervisedTuningDataStatsResource
{
    public long? TuningDatasetExampleCount { get; set; }
    public long? TotalTuningCharacterCount { get; set; }
    public long? TotalBillableTokenCount { get; set; }
    public long? TuningStepCount { get; set; }
    public long? TotalTruncatedExampleCount { get; set; }
    public List<long>? TruncatedExampleIndices { get; set; }
    public List<string>? DroppedExampleReasons { get; set; }
    public DatasetDistributionResource? UserInputTokenDistribution { get; set; }
    public DatasetDistributionResource? UserOutputTokenDistribution { get; set; }
    public DatasetDistributionResource? UserMessagePerExampleDistribution { get; set; }
}

internal sealed class DatasetDistributionResource
{
    public long? Sum { get; set; }
    public long? BillableSum { get; set; }
    public double? Min { get; set; }
    public double? Max { get; set; }
    public double? Mean { get; set; }
    public double? Median { get; set; }
    public double? P5 { get; set; }
    public double? P95 { get; set; }
}

internal sealed class ListTuningJobsResponse
{
    public List<TuningJobResource>? TuningJobs { get; set; }
    public string? NextPageToken { get; set; }
}
