using System;
using System.Collections.Generic;
using System.Linq;

namespace GeminiTuning;

/// <summary>A tuning job (Vertex AI: supervised or preference, from a base model or continuing a tuned model) or a tuned model (Gemini API), as the cmdlets output it.</summary>
/// <remarks>
/// Property names match the parameters of the next cmdlet in a pipeline: <c>Name</c> binds to
/// Get/Stop/Wait-GeminiTuningJob's <c>-Name</c>, <c>TunedModelEndpoint</c> to Invoke-GeminiTunedModel's
/// <c>-Endpoint</c>, <c>Project</c> and <c>Region</c> to every cmdlet's.
/// </remarks>
public sealed class GeminiTuningJob
{
    private IDictionary<string, string> _labels = new GeminiTuningLabels();
    private IReadOnlyList<GeminiTuningCheckpoint> _checkpoints = GeminiTuningCheckpointList.Empty;

    /// <summary>Full resource name: <c>projects/P/locations/R/tuningJobs/ID</c> or <c>tunedModels/ID</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The last segment of the name.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Which service the job belongs to.</summary>
    public GeminiTuningBackend Backend { get; set; } = GeminiTuningBackend.VertexAI;

    /// <summary>Project (the service usually answers with the project number).</summary>
    public string? Project { get; set; }

    /// <summary>Region (location) of the job.</summary>
    public string? Region { get; set; }

    /// <summary>The job's state.</summary>
    public GeminiTuningJobState State { get; set; }

    /// <summary>The state exactly as the service wrote it, e.g. <c>JOB_STATE_RUNNING</c>.</summary>
    public string? ServiceState { get; set; }

    /// <summary>The base model being tuned, e.g. <c>gemini-2.5-flash</c> (for continuous tuning, the tuned model's own base).</summary>
    public string? BaseModel { get; set; }

    /// <summary>Vertex AI: how the job tunes, from the spec it carries (<c>supervisedTuningSpec</c> or <c>preferenceOptimizationSpec</c>); null for the Gemini API.</summary>
    public GeminiTuningMethod? TuningMethod { get; set; }

    /// <summary>Continuous tuning: the tuned model the job continues from (<c>preTunedModel.tunedModelName</c>), or null when it starts from a base model.</summary>
    public string? PreTunedModelName { get; set; }

    /// <summary>Continuous tuning: the checkpoint of <see cref="PreTunedModelName"/> it continues from; null for the model's default checkpoint.</summary>
    public string? PreTunedCheckpointId { get; set; }

    /// <summary>Display name of the tuned model.</summary>
    public string? TunedModelDisplayName { get; set; }

    /// <summary>Description.</summary>
    public string? Description { get; set; }

    /// <summary>Cloud Storage URI of the training dataset.</summary>
    public string? TrainingDatasetUri { get; set; }

    /// <summary>Cloud Storage URI of the validation dataset.</summary>
    public string? ValidationDatasetUri { get; set; }

    /// <summary>Number of epochs.</summary>
    public long? EpochCount { get; set; }

    /// <summary>Adapter size.</summary>
    public GeminiAdapterSize? AdapterSize { get; set; }

    /// <summary>Learning rate multiplier (Vertex AI).</summary>
    public double? LearningRateMultiplier { get; set; }

    /// <summary>Preference tuning: the weight of the KL-divergence regularization (how closely the model stays to its base).</summary>
    public double? Beta { get; set; }

    /// <summary>Vertex AI: true when only the last checkpoint is exported (no intermediate checkpoints); the service omits false.</summary>
    public bool ExportLastCheckpointOnly { get; set; }

    /// <summary>Batch size (Gemini API).</summary>
    public int? BatchSize { get; set; }

    /// <summary>Learning rate (Gemini API).</summary>
    public double? LearningRate { get; set; }

    /// <summary>Labels; as text (Export-Csv) <c>key=value; key=value</c>.</summary>
    public IDictionary<string, string> Labels
    {
        get => _labels;
        set => _labels = value as GeminiTuningLabels ?? new GeminiTuningLabels(value ?? new Dictionary<string, string>());
    }

    /// <summary>When the job was created.</summary>
    public DateTimeOffset? CreateTime { get; set; }

    /// <summary>When the job first started running.</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>When the job ended.</summary>
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>When the job last changed.</summary>
    public DateTimeOffset? UpdateTime { get; set; }

    /// <summary>The tuned model's resource name (Vertex: <c>projects/P/locations/R/models/M@1</c>); set once the job succeeded.</summary>
    public string? TunedModelName { get; set; }

    /// <summary>The endpoint serving the tuned model; pipe the job to Invoke-GeminiTunedModel to use it.</summary>
    public string? TunedModelEndpoint { get; set; }

    /// <summary>Intermediate checkpoints, each with its own endpoint; as text (Export-Csv) <c>ID (epoch E, step S); …</c>.</summary>
    public IReadOnlyList<GeminiTuningCheckpoint> Checkpoints
    {
        get => _checkpoints;
        set => _checkpoints = value as GeminiTuningCheckpointList ?? (value is null ? GeminiTuningCheckpointList.Empty : new GeminiTuningCheckpointList(value.ToList()));
    }

    /// <summary>The Vertex ML Metadata experiment holding the training metrics.</summary>
    public string? Experiment { get; set; }

    /// <summary>Why the job failed or was cancelled.</summary>
    public GeminiTuningJobError? Error { get; set; }

    /// <summary>Statistics the service computed from the training dataset.</summary>
    public GeminiTuningDataStats? TuningDataStats { get; set; }

    /// <summary>The service account the tuning workload runs as.</summary>
    public string? ServiceAccount { get; set; }

    /// <summary>Cloud KMS key protecting the job's resources.</summary>
    public string? KmsKeyName { get; set; }

    /// <summary>Percentage of training steps done, when known (Gemini API; Vertex AI while Wait-GeminiTuningJob watches the job).</summary>
    public double? CompletedPercent { get; set; }

    /// <summary>
    /// The latest training loss, when known: the Gemini API's mean loss from its snapshots, or, while Wait-GeminiTuningJob
    /// watches a Vertex AI job, the latest <c>/train_total_loss</c>.
    /// </summary>
    public double? MeanLoss { get; set; }

    /// <summary>Training steps done, when known (Gemini API progress; Vertex AI while Wait-GeminiTuningJob watches the job).</summary>
    public long? CompletedSteps { get; set; }

    /// <summary>The epoch being trained, counting from 1, when known (same sources as <see cref="CompletedSteps"/>).</summary>
    public long? CurrentEpoch { get; set; }

    /// <summary>Training loss by step (Gemini API).</summary>
    public IReadOnlyList<GeminiTuningSnapshot> Snapshots { get; set; } = Array.Empty<GeminiTuningSnapshot>();

    /// <summary>The long-running operation that creates a Gemini API tuned model (<c>tunedModels/ID/operations/OP</c>).</summary>
    public string? OperationName { get; set; }

    /// <summary>True once the job reached a state it will not leave (Succeeded, Failed, Cancelled, Expired, PartiallySucceeded).</summary>
    public bool HasEnded => JobStates.IsEnded(State);

    /// <summary>The job's page in the Google Cloud console (Vertex AI jobs).</summary>
    public Uri? ConsoleUri =>
        Backend == GeminiTuningBackend.VertexAI && !string.IsNullOrEmpty(Project) && !string.IsNullOrEmpty(Region) && !string.IsNullOrEmpty(Id)
            ? new Uri($"https://console.cloud.google.com/vertex-ai/generative/language/locations/{Uri.EscapeDataString(Region)}/tuning/tuningJob/{Uri.EscapeDataString(Id)}?project={Uri.EscapeDataString(Project)}")
            : null;

    /// <summary>How long the job has run, in whole seconds: from start (or creation) to its end, or to now while it runs.</summary>
    public TimeSpan? Duration
    {
        get
        {
            var start = StartTime ?? CreateTime;
            if (start is null)
            {
                return null;
            }

            // Whole seconds, the precision of every duration the module shows (progress, views, Export-Csv): the
            // service's timestamps carry microseconds that say nothing about a job that runs for hours.
            var end = EndTime ?? (HasEnded ? UpdateTime : null) ?? DateTimeOffset.UtcNow;
            return end > start ? TimeSpan.FromTicks((end - start.Value).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond) : TimeSpan.Zero;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>An intermediate checkpoint of a Vertex AI tuning job. Pipe it to New-GeminiTuningJob to continue tuning from it.</summary>
/// <remarks>
/// <c>TunedModelName</c> and <c>CheckpointId</c> bind to New-GeminiTuningJob's parameters of those names, so
/// <c>$job.Checkpoints[1] | New-GeminiTuningJob -TrainingDatasetUri …</c> continues the job's tuned model at that
/// checkpoint; <c>Endpoint</c> binds to Invoke-GeminiTunedModel's.
/// </remarks>
public sealed class GeminiTuningCheckpoint
{
    /// <summary>Checkpoint id.</summary>
    public string? CheckpointId { get; set; }

    /// <summary>The tuned model the checkpoint belongs to (the job's <c>TunedModelName</c>).</summary>
    public string? TunedModelName { get; set; }

    /// <summary>The job that made it.</summary>
    public string? JobName { get; set; }

    /// <summary>Epoch at which it was taken.</summary>
    public long? Epoch { get; set; }

    /// <summary>Step at which it was taken.</summary>
    public long? Step { get; set; }

    /// <summary>Endpoint serving this checkpoint.</summary>
    public string? Endpoint { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"checkpoint {CheckpointId} (epoch {Epoch}, step {Step})";
}

/// <summary>The mean loss at one training step of a Gemini API tuned model.</summary>
public sealed class GeminiTuningSnapshot
{
    /// <summary>Step.</summary>
    public int? Step { get; set; }

    /// <summary>Epoch (absent while 0).</summary>
    public int? Epoch { get; set; }

    /// <summary>Mean training loss at this step.</summary>
    public double? MeanLoss { get; set; }

    /// <summary>When it was computed.</summary>
    public DateTimeOffset? ComputeTime { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"step {Step}: loss {MeanLoss}";
}

/// <summary>Why a job failed or was cancelled (a <c>google.rpc.Status</c>).</summary>
public sealed class GeminiTuningJobError
{
    /// <summary>The gRPC status code (1 = CANCELLED, 3 = INVALID_ARGUMENT, 13 = INTERNAL …).</summary>
    public int Code { get; set; }

    /// <summary>The name of the code.</summary>
    public string Status { get; set; } = "UNKNOWN";

    /// <summary>The service's message.</summary>
    public string Message { get; set; } = string.Empty;

    /// <inheritdoc />
    public override string ToString() => Status + ": " + Message;
}

/// <summary>Statistics of the tuning dataset, as the service computed them (supervised or preference).</summary>
public sealed class GeminiTuningDataStats
{
    /// <summary>Which kind of statistics these are: supervised (<c>supervisedTuningDataStats</c>) or preference (<c>preferenceOptimizationDataStats</c>).</summary>
    public GeminiTuningMethod TuningMethod { get; set; }

    /// <summary>Number of examples.</summary>
    public long? ExampleCount { get; set; }

    /// <summary>Characters in the dataset.</summary>
    public long? TotalTuningCharacterCount { get; set; }

    /// <summary>Billable tokens (dataset tokens × epochs are billed).</summary>
    public long? TotalBillableTokenCount { get; set; }

    /// <summary>Number of tuning steps planned.</summary>
    public long? TuningStepCount { get; set; }

    /// <summary>Examples truncated for exceeding limits.</summary>
    public long? TotalTruncatedExampleCount { get; set; }

    /// <summary>1-based indices of truncated examples.</summary>
    public IReadOnlyList<long> TruncatedExampleIndices { get; set; } = Array.Empty<long>();

    /// <summary>Why examples were dropped.</summary>
    public IReadOnlyList<string> DroppedExampleReasons { get; set; } = Array.Empty<string>();

    /// <summary>Distribution of user input tokens per example.</summary>
    public GeminiTokenDistribution? UserInputTokenDistribution { get; set; }

    /// <summary>Distribution of model output tokens per example.</summary>
    public GeminiTokenDistribution? UserOutputTokenDistribution { get; set; }

    /// <summary>Distribution of messages per example.</summary>
    public GeminiTokenDistribution? UserMessagePerExampleDistribution { get; set; }

    /// <summary>Preference tuning: distribution of the completions' scores.</summary>
    public GeminiTokenDistribution? ScoresDistribution { get; set; }

    /// <summary>Preference tuning: distribution of the score variance per example.</summary>
    public GeminiTokenDistribution? ScoreVariancePerExampleDistribution { get; set; }

    /// <summary>Preference tuning: 1-based indices of (a sample of) the examples the service dropped; <see cref="DroppedExampleReasons"/> says why.</summary>
    public IReadOnlyList<long> DroppedExampleIndices { get; set; } = Array.Empty<long>();

    /// <inheritdoc />
    public override string ToString() => $"{ExampleCount} examples, {TotalBillableTokenCount} billable tokens, {TuningStepCount} steps";
}

/// <summary>A distribution summary from the service.</summary>
public sealed class GeminiTokenDistribution
{
    /// <summary>Sum.</summary>
    public long? Sum { get; set; }

    /// <summary>Billable sum.</summary>
    public long? BillableSum { get; set; }

    /// <summary>Minimum.</summary>
    public double? Min { get; set; }

    /// <summary>Maximum.</summary>
    public double? Max { get; set; }

    /// <summary>Mean.</summary>
    public double? Mean { get; set; }

    /// <summary>Median.</summary>
    public double? Median { get; set; }

    /// <summary>5th percentile.</summary>
    public double? P5 { get; set; }

    /// <summary>95th percentile.</summary>
    public double? P95 { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"min {Min}, mean {Mean}, max {Max}";
}
