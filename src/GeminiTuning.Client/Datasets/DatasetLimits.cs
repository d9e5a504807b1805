using System;
using GeminiTuning.Config;

namespace GeminiTuning.Datasets;

/// <summary>
/// The dataset limits of one base model, as the <see cref="TuningCatalog"/> records them (Google's "About supervised
/// fine-tuning for Gemini models" page, updated 2026-09-25, and for the retired 1.x generation its older copies; see
/// <c>reference/dataset-format.md</c> §2 and §1.5).
/// </summary>
public sealed class DatasetLimits
{
    /// <summary>"1 GB" as Google writes it, read the strict way (10^9 bytes).</summary>
    public const long OneGigabyte = 1_000_000_000;

    /// <summary>1 GiB (2^30 bytes): a file between <see cref="OneGigabyte"/> and this gets a warning, above it an error.</summary>
    public const long OneGibibyte = 1L << 30;

    private DatasetLimits(string appliesTo, long maxTokensPerExample, int maxValidationExamples, long? maxTrainingExamples,
        long? maxMultimodalTrainingExamples, int? minTrainingExamples, bool acceptsMedia, bool isGeneric)
    {
        AppliesTo = appliesTo;
        MaxTokensPerExample = maxTokensPerExample;
        MaxValidationExamples = maxValidationExamples;
        MaxTrainingExamples = maxTrainingExamples;
        MaxMultimodalTrainingExamples = maxMultimodalTrainingExamples;
        MinTrainingExamples = minTrainingExamples;
        AcceptsMedia = acceptsMedia;
        IsGeneric = isGeneric;
    }

    /// <summary>The models these limits are for, e.g. "gemini-2.5-flash" or "current Gemini models".</summary>
    public string AppliesTo { get; }

    /// <summary>Most input + output tokens in one training example (131,072 for every current model).</summary>
    public long MaxTokensPerExample { get; }

    /// <summary>Most examples in a validation dataset (5,000 now; 256 for the 1.x generation).</summary>
    public int MaxValidationExamples { get; }

    /// <summary>Most examples in a text-only training dataset (10 million now), or null when no limit is documented.</summary>
    public long? MaxTrainingExamples { get; }

    /// <summary>Most multimodal examples (with a <c>fileData</c> part) in a training dataset (300,000 now), or null.</summary>
    public long? MaxMultimodalTrainingExamples { get; }

    /// <summary>Fewest training examples the model accepts (16 for gemini-1.0-pro-002), or null when there is no hard minimum.</summary>
    public int? MinTrainingExamples { get; }

    /// <summary>Google's recommended minimum: "start with 100 examples".</summary>
    public int RecommendedMinTrainingExamples => 100;

    /// <summary>Largest JSONL file: "1 GB". Files above 10^9 bytes are warned about, above 2^30 refused.</summary>
    public long MaxFileBytes => OneGigabyte;

    /// <summary>False for a text-only model (gemini-1.0-pro-002).</summary>
    public bool AcceptsMedia { get; }

    /// <summary>True when the base model was not recognised (or not given) and the current models' limits were used.</summary>
    public bool IsGeneric { get; }

    /// <summary>The limits of current Gemini models (2.5 Flash, Flash-Lite and Pro, 3.x).</summary>
    public static DatasetLimits Current { get; } = new("current Gemini models", 131_072, 5000, 10_000_000, 300_000, null, true, true);

    /// <summary>
    /// The limits for <paramref name="baseModel"/> (a model id such as <c>gemini-2.5-flash</c>, optionally with a
    /// version suffix or a <c>publishers/google/models/</c> prefix). An unknown or missing model gets
    /// <see cref="Current"/>, with <see cref="IsGeneric"/> set.
    /// </summary>
    public static DatasetLimits For(string? baseModel)
    {
        var id = Normalize(baseModel);
        if (id.Length == 0 || TuningCatalog.Default.FindModel(id) is not { } model)
        {
            return Current;
        }

        var l = model.Limits;
        var acceptsMedia = model.Method(GeminiTuningMethod.Supervised) is not { TextOnly: true };
        return new DatasetLimits(id, l.MaxTokensPerExample, l.MaxValidationExamples, l.MaxTrainingExamples, l.MaxMultimodalTrainingExamples,
            l.MinTrainingExamples, acceptsMedia, false);
    }

    /// <summary>The model id without a resource-name prefix: <c>publishers/google/models/gemini-2.5-flash</c> → <c>gemini-2.5-flash</c>.</summary>
    internal static string Normalize(string? baseModel) => TuningCatalog.NormalizeModelId(baseModel);

    /// <inheritdoc />
    public override string ToString() => AppliesTo;
}
