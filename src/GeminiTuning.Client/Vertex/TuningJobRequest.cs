using System;
using System.Collections.Generic;
using System.Linq;
using GeminiTuning.Vertex.Wire;

namespace GeminiTuning.Vertex;

/// <summary>
/// What to create: a Vertex AI tuning job, supervised or preference, from a base model or continuing a tuned model (at
/// a checkpoint). <see cref="Validate"/> checks it before anything is sent; Workflows.CreateCheck checks
/// it against the <see cref="Config.TuningCatalog"/> and Cloud Storage.
/// </summary>
public sealed class TuningJobRequest
{
    /// <summary>The label that carries the client's request id, so a create whose answer was lost can be found again.</summary>
    public const string RequestIdLabel = "gemini-tuning-request-id";

    /// <summary>The most labels a Vertex AI resource may carry.</summary>
    public const int MaxLabels = 64;

    /// <summary>Base model, e.g. <c>gemini-2.5-flash</c>; a tuned model's name (<c>projects/…/models/…</c>) continues tuning it.</summary>
    public string BaseModel { get; set; } = string.Empty;

    /// <summary>Supervised (the default) or preference tuning.</summary>
    public GeminiTuningMethod TuningMethod { get; set; } = GeminiTuningMethod.Supervised;

    /// <summary>
    /// With a tuned model as <see cref="BaseModel"/>: the checkpoint to continue from (<c>preTunedModel.checkpointId</c>);
    /// the model's default checkpoint when null.
    /// </summary>
    public string? CheckpointId { get; set; }

    /// <summary><c>gs://</c> URI of the JSONL training dataset.</summary>
    public string TrainingDatasetUri { get; set; } = string.Empty;

    /// <summary><c>gs://</c> URI of the validation dataset.</summary>
    public string? ValidationDatasetUri { get; set; }

    /// <summary>Number of epochs (the service chooses when null).</summary>
    public long? EpochCount { get; set; }

    /// <summary>Adapter size (the service chooses when null).</summary>
    public GeminiAdapterSize? AdapterSize { get; set; }

    /// <summary>Learning rate multiplier (default 1.0).</summary>
    public double? LearningRateMultiplier { get; set; }

    /// <summary>Preference tuning: the weight of the KL-divergence regularization, how closely the tuned model stays to its base (typically 0.01 to 0.5).</summary>
    public double? Beta { get; set; }

    /// <summary>Display name of the tuned model, at most 128 characters.</summary>
    public string? TunedModelDisplayName { get; set; }

    /// <summary>Description.</summary>
    public string? Description { get; set; }

    /// <summary>Labels.</summary>
    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    /// <summary>Cloud KMS key for the job's resources.</summary>
    public string? KmsKeyName { get; set; }

    /// <summary>Service account the tuning workload runs as.</summary>
    public string? ServiceAccount { get; set; }

    /// <summary>Export only the last checkpoint (no intermediate checkpoints).</summary>
    public bool? ExportLastCheckpointOnly { get; set; }

    /// <summary>
    /// An id that makes creation safe to repeat: when a job carrying it already exists, it is returned instead of
    /// creating a second one. Lowercase letters, digits, <c>-</c> and <c>_</c>, at most 63. Generated when null.
    /// </summary>
    public string? RequestId { get; set; }

    /// <summary>Checks every field, throwing <see cref="GeminiTuningArgumentException"/> for the first that is wrong.</summary>
    public void Validate() => TuningJobRequestRules.Validate(this);

    /// <summary>A new random request id.</summary>
    public static string NewRequestId() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// True when the labels leave no room for the request-id label (64 labels of the user's own): the create is then
    /// sent without it, and a lost answer is resolved by the job's whole fingerprint instead (see VertexTuningClient).
    /// </summary>
    public bool LabelsAreFull => UserLabelCount >= MaxLabels;

    internal int UserLabelCount => Labels.Keys.Count(k => k != RequestIdLabel);

    /// <summary>The wire body; <paramref name="requestId"/> null sends no request-id label (the labels are full).</summary>
    internal TuningJobResource ToResource(string? requestId)
    {
        // A piped job's own request-id label is dropped: the new job gets its own.
        var labels = Labels.Where(p => p.Key != RequestIdLabel).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (requestId is not null)
        {
            labels[RequestIdLabel] = requestId;
        }

        var baseModel = BaseModel.Trim();
        var continuing = IsTunedModel(baseModel);
        return new TuningJobResource
        {
            BaseModel = continuing ? null : baseModel,
            PreTunedModel = continuing ? new PreTunedModelResource { TunedModelName = baseModel, CheckpointId = NullIfEmpty(CheckpointId) } : null,
            SupervisedTuningSpec = TuningMethod == GeminiTuningMethod.Supervised ? SupervisedSpec() : null,
            PreferenceOptimizationSpec = TuningMethod == GeminiTuningMethod.Preference ? PreferenceSpec() : null,
            TunedModelDisplayName = NullIfEmpty(TunedModelDisplayName),
            Description = NullIfEmpty(Description),
            Labels = labels.Count == 0 ? null : labels,
            EncryptionSpec = KmsKeyName is null ? null : new EncryptionSpecResource { KmsKeyName = KmsKeyName },
            ServiceAccount = ServiceAccount,
        };
    }

    /// <summary>True for a tuned model's resource name (<c>projects/…/models/…</c>), which continues tuning it.</summary>
    internal static bool IsTunedModel(string baseModel) =>
        baseModel.StartsWith("projects/", StringComparison.Ordinal) && baseModel.IndexOf("/publishers/", StringComparison.Ordinal) < 0;

    private SupervisedTuningSpecResource SupervisedSpec() => new()
    {
        TrainingDatasetUri = TrainingDatasetUri.Trim(),
        ValidationDatasetUri = ValidationDatasetUri?.Trim(),
        HyperParameters = EpochCount is not null || LearningRateMultiplier is not null || AdapterSize is not null
            ? new SupervisedHyperParametersResource
            {
                EpochCount = EpochCount,
                LearningRateMultiplier = LearningRateMultiplier,
                AdapterSize = AdapterSize is { } size ? JobStates.ToWire(size) : null,
            }
            : null,
        ExportLastCheckpointOnly = ExportLastCheckpointOnly,
    };

    private PreferenceOptimizationSpecResource PreferenceSpec() => new()
    {
        TrainingDatasetUri = TrainingDatasetUri.Trim(),
        ValidationDatasetUri = ValidationDatasetUri?.Trim(),
        HyperParameters = EpochCount is not null || LearningRateMultiplier is not null || AdapterSize is not null || Beta is not null
            ? new PreferenceOptimizationHyperParametersResource
            {
                EpochCount = EpochCount,
                LearningRateMultiplier = LearningRateMultiplier,
                AdapterSize = AdapterSize is { } size ? JobStates.ToWire(size) : null,
                Beta = Beta,
            }
            : null,
        ExportLastCheckpointOnly = ExportLastCheckpointOnly,
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
