using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using GeminiTuning.Config;
using GeminiTuning.GeminiApi.Wire;

namespace GeminiTuning.GeminiApi;

/// <summary>What to create on the Gemini API: a tuned model from inline examples. <see cref="Validate"/> checks it first.</summary>
public sealed class TunedModelRequest
{
    private static readonly Regex ModelName = new(@"^(models|tunedModels)/[a-z0-9][a-z0-9._-]{0,127}$", RegexOptions.CultureInvariant);
    private static readonly Regex TunedModelIdPattern = new(@"^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$", RegexOptions.CultureInvariant);

    /// <summary>The base model, e.g. <c>models/gemini-1.5-flash-001-tuning</c> (a bare name gets the <c>models/</c> prefix), or <c>tunedModels/…</c> to tune a tuned model further.</summary>
    public string BaseModel { get; set; } = string.Empty;

    /// <summary>Display name, at most 40 characters.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Description.</summary>
    public string? Description { get; set; }

    /// <summary>The training examples.</summary>
    public IList<TuningExample> Examples { get; set; } = new List<TuningExample>();

    /// <summary>Epochs (the service defaults to 5).</summary>
    public int? EpochCount { get; set; }

    /// <summary>Batch size (the service chooses 4 or 16).</summary>
    public int? BatchSize { get; set; }

    /// <summary>Learning rate (the service chooses 0.001 or 0.0002).</summary>
    public double? LearningRate { get; set; }

    /// <summary>The id to give the model (<c>tunedModels/ID</c>); derived from the display name when null.</summary>
    public string? TunedModelId { get; set; }

    /// <summary>The base model with the <c>models/</c> prefix added when it was left out.</summary>
    public string NormalizedBaseModel
    {
        get
        {
            var model = BaseModel.Trim();
            return model.StartsWith("models/", StringComparison.Ordinal) || model.StartsWith("tunedModels/", StringComparison.Ordinal) ? model : "models/" + model;
        }
    }

    /// <summary>Checks every field, throwing <see cref="GeminiTuningArgumentException"/> for the first that is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BaseModel) || !ModelName.IsMatch(NormalizedBaseModel))
        {
            throw new GeminiTuningArgumentException(nameof(BaseModel), $"'{Identifiers.Printable(BaseModel)}' is not a Gemini API model name.",
                "Give a base model such as 'models/gemini-1.5-flash-001-tuning', or a tuned model 'tunedModels/ID' to tune further.");
        }

        if (DisplayName is not null && DisplayName.Length > 40)
        {
            throw new GeminiTuningArgumentException("TunedModelDisplayName",
                $"The display name has {DisplayName.Length} characters; the Gemini API allows at most 40.");
        }

        if (Examples.Count == 0)
        {
            throw new GeminiTuningArgumentException("TrainingExample", "No training examples were given.",
                "Pipe objects with TextInput and Output properties (e.g. Import-Csv pairs.csv), or pass -TrainingExamplePath.");
        }

        for (var i = 0; i < Examples.Count; i++)
        {
            if (string.IsNullOrEmpty(Examples[i].Output))
            {
                throw new GeminiTuningArgumentException("TrainingExample",
                    string.Format(CultureInfo.InvariantCulture, "Training example {0} has no Output.", i + 1));
            }
        }

        if (EpochCount is < 1)
        {
            throw new GeminiTuningArgumentException(nameof(EpochCount), $"The epoch count must be at least 1, not {EpochCount}.");
        }

        if (BatchSize is < 1)
        {
            throw new GeminiTuningArgumentException(nameof(BatchSize), $"The batch size must be at least 1, not {BatchSize}.");
        }

        if (LearningRate is { } lr && (double.IsNaN(lr) || double.IsInfinity(lr) || lr <= 0))
        {
            throw new GeminiTuningArgumentException(nameof(LearningRate),
                $"The learning rate must be a positive number, not {lr.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (TunedModelId is not null && !TunedModelIdPattern.IsMatch(TunedModelId))
        {
            throw new GeminiTuningArgumentException(nameof(TunedModelId), $"'{Identifiers.Printable(TunedModelId)}' is not a valid tuned model id.",
                "Use a lowercase letter followed by up to 39 lowercase letters, digits or hyphens, not ending with a hyphen.");
        }
    }

    internal TunedModelResource ToResource()
    {
        var source = NormalizedBaseModel;
        var fromTuned = source.StartsWith("tunedModels/", StringComparison.Ordinal);
        var hasHyperparameters = EpochCount is not null || BatchSize is not null || LearningRate is not null;
        return new TunedModelResource
        {
            BaseModel = fromTuned ? null : source,
            TunedModelSource = fromTuned ? new TunedModelSourceResource { TunedModel = source } : null,
            DisplayName = DisplayName,
            Description = Description,
            TuningTask = new TuningTaskResource
            {
                Hyperparameters = hasHyperparameters
                    ? new HyperparametersResource { EpochCount = EpochCount, BatchSize = BatchSize, LearningRate = LearningRate }
                    : null,
                TrainingData = new TrainingDataResource
                {
                    Examples = new TuningExamplesResource
                    {
                        Examples = Examples.Select(e => new TuningExampleResource { TextInput = e.TextInput, Output = e.Output }).ToList(),
                    },
                },
            },
        };
    }
}
