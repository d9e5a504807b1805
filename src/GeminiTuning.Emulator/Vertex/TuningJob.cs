using System;
using System.Text.Json.Nodes;
using GeminiTuning.Emulator.Datasets;

namespace GeminiTuning.Emulator.Vertex;

/// <summary>A simulated Vertex AI tuning job. Its state is not stored but computed from the clock at read time, so a
/// <see cref="ManualClock"/> makes every transition deterministic and no timers run.</summary>
internal sealed class TuningJob
{
    public const string InternalErrorMessage =
        "Internal error occurred. Please retry in a few minutes. If you still experience errors, contact Vertex AI.";

    public const string ExpiredMessage = "The tuning job expired before it could be completed.";

    public const string SupervisedSpec = "supervisedTuningSpec";

    public const string PreferenceSpec = "preferenceOptimizationSpec";

    public TuningJob(string id, string projectNumber, string location, DateTimeOffset createTime, TimeSpan duration, Scenario scenario,
        JsonObject request, string baseModel, long epochs, DatasetAnalysis training, DatasetAnalysis? validation, string experimentId, string modelId, string[] checkpointEndpointIds,
        string specField = SupervisedSpec, int modelVersion = 1)
    {
        SpecField = specField;
        ModelVersion = modelVersion;
        Id = id;
        ProjectNumber = projectNumber;
        Location = location;
        CreateTime = createTime;
        Duration = duration;
        Scenario = scenario;
        Request = request;
        BaseModel = baseModel;
        Epochs = epochs;
        Training = training;
        Validation = validation;
        ExperimentId = experimentId;
        ModelId = modelId;
        CheckpointEndpointIds = checkpointEndpointIds;
        StepsPerEpoch = Math.Max(1, (training.ExampleCount + 15) / 16);
    }

    public string Id { get; }

    public string ProjectNumber { get; }

    public string Location { get; }

    public string Parent => "projects/" + ProjectNumber + "/locations/" + Location;

    public string Name => Parent + "/tuningJobs/" + Id;

    public DateTimeOffset CreateTime { get; }

    public TimeSpan Duration { get; }

    public Scenario Scenario { get; }

    /// <summary>The create request in canonical form (camelCase, defaults dropped), echoed back in responses.</summary>
    public JsonObject Request { get; }

    /// <summary>The base model (for a job tuned from a tuned model: that model's base).</summary>
    public string BaseModel { get; }

    public long Epochs { get; }

    public DatasetAnalysis Training { get; }

    public DatasetAnalysis? Validation { get; }

    public string ExperimentId { get; }

    public string ModelId { get; }

    /// <summary>The version of <see cref="ModelId"/> the job makes: 1 for a new model, the next one when continuous tuning adds a version.</summary>
    public int ModelVersion { get; }

    /// <summary>The tuning spec the job carries: <see cref="SupervisedSpec"/> or <see cref="PreferenceSpec"/>.</summary>
    public string SpecField { get; }

    /// <summary>One endpoint per epoch checkpoint; the last is also the tuned model's endpoint.</summary>
    public string[] CheckpointEndpointIds { get; }

    public string EndpointId => CheckpointEndpointIds[CheckpointEndpointIds.Length - 1];

    public long StepsPerEpoch { get; }

    public long TotalSteps => StepsPerEpoch * Epochs;

    public bool ExportLastCheckpointOnly => Request[SpecField]?["exportLastCheckpointOnly"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>When a user cancelled the job (guarded by the store's lock).</summary>
    public DateTimeOffset? CancelRequestedAt { get; set; }

    /// <summary>When the cancellation completes (guarded by the store's lock).</summary>
    public DateTimeOffset? CancelCompletesAt { get; set; }

    public DateTimeOffset PendingEnd => CreateTime + Scale(0.1);

    /// <summary>When training would finish on schedule (the base of progress and metrics).</summary>
    public DateTimeOffset TrainingEnd => CreateTime + Duration;

    public JobTimeline At(DateTimeOffset now)
    {
        var (naturalState, naturalEnd, errorCode, errorMessage, runs) = NaturalEnd();
        if (CancelRequestedAt is DateTimeOffset cancel && CancelCompletesAt is DateTimeOffset cancelled)
        {
            var started = runs && PendingEnd <= cancel ? PendingEnd : (DateTimeOffset?)null;
            if (now >= cancelled)
            {
                return new JobTimeline("JOB_STATE_CANCELLED", started, cancelled, cancelled, 1, "CANCELED", Progress(started, cancel));
            }

            return new JobTimeline("JOB_STATE_CANCELLING", started, null, cancel, null, null, Progress(started, Min(now, cancel)));
        }

        var start = runs && now >= PendingEnd ? PendingEnd : (DateTimeOffset?)null;
        if (now >= naturalEnd)
        {
            return new JobTimeline(naturalState, start, naturalEnd, naturalEnd, errorCode, errorMessage, Progress(start, naturalEnd));
        }

        if (start is null)
        {
            return new JobTimeline("JOB_STATE_PENDING", null, null, CreateTime, null, null, 0);
        }

        return new JobTimeline("JOB_STATE_RUNNING", start, null, start.Value, null, null, Progress(start, now));
    }

    /// <summary>The state at the moment of creation, which is what the create call returns.</summary>
    public JobTimeline AtCreation() => new JobTimeline("JOB_STATE_PENDING", null, null, CreateTime, null, null, 0);

    private (string State, DateTimeOffset End, int? Code, string? Message, bool Runs) NaturalEnd()
    {
        if (Training.Error is not null || Validation?.Error is not null)
        {
            return ("JOB_STATE_FAILED", PendingEnd, 3, Training.Error ?? Validation!.Error, false);
        }

        switch (Scenario)
        {
            case Scenario.FailInternal:
                return ("JOB_STATE_FAILED", CreateTime + Scale(0.5), 13, InternalErrorMessage, true);
            case Scenario.FailValidation:
                return ("JOB_STATE_FAILED", PendingEnd, 3, ValidationFailureMessage(), false);
            case Scenario.Expire:
                return ("JOB_STATE_EXPIRED", TrainingEnd, 4, ExpiredMessage, true);
            case Scenario.CancelMidRun:
                return ("JOB_STATE_CANCELLED", CreateTime + Scale(0.5), 1, "CANCELED", true);
            default:
                return ("JOB_STATE_SUCCEEDED", TrainingEnd, null, null, true);
        }
    }

    private string ValidationFailureMessage()
    {
        var uri = Request[SpecField]?["trainingDatasetUri"]?.GetValue<string>() ?? "the training dataset";
        return "The dataset " + uri + " is invalid: line 1 does not end with a \"" + (SpecField == PreferenceSpec ? "user" : "model") + "\" turn.";
    }

    private double Progress(DateTimeOffset? start, DateTimeOffset until)
    {
        if (start is null)
        {
            return 0;
        }

        var span = (TrainingEnd - start.Value).Ticks;
        if (span <= 0)
        {
            return 1;
        }

        return Math.Max(0, Math.Min(1, (double)(until - start.Value).Ticks / span));
    }

    private TimeSpan Scale(double fraction) => TimeSpan.FromTicks((long)(Duration.Ticks * fraction));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>A job's state at one moment.</summary>
internal readonly struct JobTimeline
{
    public JobTimeline(string state, DateTimeOffset? start, DateTimeOffset? end, DateTimeOffset update, int? errorCode, string? errorMessage, double progress)
    {
        State = state;
        Start = start;
        End = end;
        Update = update;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Progress = progress;
    }

    public string State { get; }

    public DateTimeOffset? Start { get; }

    public DateTimeOffset? End { get; }

    public DateTimeOffset Update { get; }

    public int? ErrorCode { get; }

    public string? ErrorMessage { get; }

    /// <summary>The share of the training schedule completed, 0 to 1.</summary>
    public double Progress { get; }

    public bool Ended => End is not null;

    public bool Succeeded => State == "JOB_STATE_SUCCEEDED";
}
