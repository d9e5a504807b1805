using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace GeminiTuning.Emulator.Gemini;

/// <summary>A simulated Gemini API tuned model. Like tuning jobs, its state is computed from the clock at read time:
/// CREATING from create, training from 10 % of the duration, ACTIVE (or FAILED at half time in the fail scenario).</summary>
internal sealed class TunedModel
{
    public const string FailMarker = "emulator-scenario:fail";
    public const string DurationMarker = "emulator-duration-seconds:";

    public TunedModel(string id, string operationId, DateTimeOffset createTime, TimeSpan duration, bool fails, string baseModel, string? sourceModel,
        int exampleCount, int epochs, int batchSize, double? learningRate, double? learningRateMultiplier)
    {
        Id = id;
        OperationId = operationId;
        CreateTime = createTime;
        UpdateTime = createTime;
        Duration = duration;
        Fails = fails;
        BaseModel = baseModel;
        SourceModel = sourceModel;
        ExampleCount = exampleCount;
        Epochs = epochs;
        BatchSize = batchSize;
        LearningRate = learningRate;
        LearningRateMultiplier = learningRateMultiplier;
        TotalSteps = Math.Max(1, (int)Math.Ceiling((double)exampleCount * epochs / batchSize));
    }

    public string Id { get; }

    public string Name => "tunedModels/" + Id;

    public string OperationId { get; }

    public string OperationName => Name + "/operations/" + OperationId;

    public DateTimeOffset CreateTime { get; }

    /// <summary>The time of the last PATCH (or the create); guarded by the service's lock.</summary>
    public DateTimeOffset UpdateTime { get; set; }

    public TimeSpan Duration { get; }

    public bool Fails { get; }

    public string BaseModel { get; }

    /// <summary>The tuned model this one was tuned from, when it was.</summary>
    public string? SourceModel { get; }

    public int ExampleCount { get; }

    public int Epochs { get; }

    public int BatchSize { get; }

    public double? LearningRate { get; }

    public double? LearningRateMultiplier { get; }

    public int TotalSteps { get; }

    public int StepsPerEpoch => Math.Max(1, TotalSteps / Math.Max(1, Epochs));

    // Mutable through PATCH; guarded by the service's lock.
    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    public double? Temperature { get; set; }

    public double? TopP { get; set; }

    public int? TopK { get; set; }

    public List<long> ReaderProjectNumbers { get; } = new List<long>();

    public DateTimeOffset TrainingStart => CreateTime + TimeSpan.FromTicks(Duration.Ticks / 10);

    /// <summary>When a cancel of the create operation was asked (guarded by the service's lock); tuning then stops and the model fails.</summary>
    public DateTimeOffset? CancelledAt { get; set; }

    public DateTimeOffset NaturalEnd => CreateTime + (Fails ? TimeSpan.FromTicks(Duration.Ticks / 2) : Duration);

    public DateTimeOffset End => CancelledAt is { } cancelled && cancelled < NaturalEnd ? cancelled : NaturalEnd;

    /// <summary>True when the model ended by a cancel rather than on its own.</summary>
    public bool Cancelled => CancelledAt is { } cancelled && cancelled < NaturalEnd;

    public string State(DateTimeOffset now) => now < End ? "CREATING" : Fails || Cancelled ? "FAILED" : "ACTIVE";

    /// <summary>Training steps completed at <paramref name="now"/>.</summary>
    public int CompletedSteps(DateTimeOffset now)
    {
        var until = now < End ? now : End;
        if (until <= TrainingStart)
        {
            return 0;
        }

        var span = (CreateTime + Duration - TrainingStart).Ticks;
        var done = span <= 0 ? TotalSteps : (int)Math.Floor(TotalSteps * (double)(until - TrainingStart).Ticks / span);
        return Math.Min(TotalSteps, done);
    }

    /// <summary>When a step finished.</summary>
    public DateTimeOffset StepTime(int step) =>
        TrainingStart + TimeSpan.FromTicks((CreateTime + Duration - TrainingStart).Ticks * step / TotalSteps);

    public JsonObject Hyperparameters()
    {
        var hyper = new JsonObject();
        if (LearningRate is double rate)
        {
            hyper["learningRate"] = rate;
        }
        else if (LearningRateMultiplier is double multiplier)
        {
            hyper["learningRateMultiplier"] = multiplier;
        }

        hyper["epochCount"] = Epochs;
        hyper["batchSize"] = BatchSize;
        return hyper;
    }
}
