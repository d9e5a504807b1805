using System;
using System.Collections.Generic;
using System.Linq;

namespace GeminiTuning.Config;

/// <summary>Where a base model stands with Google.</summary>
public enum TunableModelStatus
{
    /// <summary>Listed as tunable in Google's current documentation.</summary>
    Available,

    /// <summary>Listed in older copies of the documentation only; the service may already refuse it.</summary>
    Deprecated,

    /// <summary>Retired: the service refuses to tune it.</summary>
    Retired,
}

/// <summary>One base model of the <see cref="TuningCatalog"/>: what it can be tuned with, where, and on what data.</summary>
/// <remarks>
/// Facts Google's documentation does not settle are listed in <see cref="Unconfirmed"/> by name
/// (<c>preference</c>, <c>adapterSizes</c>, <c>tuningRegions</c>, <c>cmek</c>, <c>modalities</c>, <c>continuousTuning</c>, <c>status</c>):
/// the checks still apply them, and their messages say that <c>-Force</c> sends the request anyway.
/// </remarks>
public sealed class TunableModel
{
    internal TunableModel(string id, string displayName, TunableModelStatus status, IReadOnlyList<string> aliases,
        IReadOnlyDictionary<GeminiTuningMethod, TuningMethodInfo> methods, bool continuousTuning, IReadOnlyList<string> tuningRegions,
        bool tuningRegionsComplete, IReadOnlyList<string>? servingLocations, bool? cmek, ModelDatasetLimits limits, IReadOnlyList<string> unconfirmed)
    {
        Id = id;
        DisplayName = displayName;
        Status = status;
        Aliases = aliases;
        Methods = methods;
        ContinuousTuning = continuousTuning;
        TuningRegions = tuningRegions;
        TuningRegionsComplete = tuningRegionsComplete;
        ServingLocations = servingLocations;
        Cmek = cmek;
        Limits = limits;
        Unconfirmed = unconfirmed;
    }

    /// <summary>The <c>baseModel</c> id, e.g. <c>gemini-2.5-flash</c>.</summary>
    public string Id { get; }

    /// <summary>The name Google's documentation uses, e.g. "Gemini 2.5 Flash".</summary>
    public string DisplayName { get; }

    /// <summary>Available, deprecated or retired.</summary>
    public TunableModelStatus Status { get; }

    /// <summary>Other ids that name the same model (e.g. <c>gemini-1.5-pro-001</c>).</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The tuning methods the model supports, with their adapter sizes and modalities.</summary>
    public IReadOnlyDictionary<GeminiTuningMethod, TuningMethodInfo> Methods { get; }

    /// <summary>True when a model tuned from this one can be tuned further (continuous tuning, <c>preTunedModel</c>).</summary>
    public bool ContinuousTuning { get; }

    /// <summary>The regions where the model can be tuned; empty when the catalog does not know.</summary>
    public IReadOnlyList<string> TuningRegions { get; }

    /// <summary>True when <see cref="TuningRegions"/> is the whole list (a region outside it is refused); false when Google's list was cut off (a warning).</summary>
    public bool TuningRegionsComplete { get; }

    /// <summary>Where the tuned model is served: null for the tuning region itself, else the multi-regions (<c>us</c>, <c>eu</c>).</summary>
    public IReadOnlyList<string>? ServingLocations { get; }

    /// <summary>Whether a tuning job may use a customer-managed encryption key: true, false, or null when Google does not say.</summary>
    public bool? Cmek { get; }

    /// <summary>Dataset limits for this model.</summary>
    public ModelDatasetLimits Limits { get; }

    /// <summary>The facts that Google's documentation does not settle for this model.</summary>
    public IReadOnlyList<string> Unconfirmed { get; }

    /// <summary>What the model supports for <paramref name="method"/>, or null when it does not support it.</summary>
    public TuningMethodInfo? Method(GeminiTuningMethod method) => Methods.TryGetValue(method, out var info) ? info : null;

    /// <summary>True when <paramref name="fact"/> (e.g. <c>cmek</c>) is not settled by Google's documentation.</summary>
    public bool IsUnconfirmed(string fact) => Unconfirmed.Contains(fact, StringComparer.Ordinal);

    /// <summary>True when <paramref name="id"/> names this model (its id or an alias).</summary>
    public bool Matches(string id) => string.Equals(Id, id, StringComparison.Ordinal) || Aliases.Contains(id, StringComparer.Ordinal);

    /// <summary>"Gemini 2.5 Flash (gemini-2.5-flash): supervised (adapter sizes 1, 2, 4, 8, 16), preference (...)".</summary>
    public string Describe()
    {
        var methods = string.Join(", ", Methods.Values.Select(m =>
            m.Method.ToString().ToLowerInvariant() + " (adapter sizes " + string.Join(", ", m.AdapterSizes.Select(a => ((int)a).ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")"));
        var regions = TuningRegionsComplete && TuningRegions.Count > 0 ? "; tuned in " + string.Join(" and ", TuningRegions) : string.Empty;
        var serving = ServingLocations is { Count: > 0 } s ? "; served from the " + string.Join("/", s) + " multi-regions" : string.Empty;
        var status = Status == TunableModelStatus.Available ? string.Empty : " [" + Status.ToString().ToLowerInvariant() + "]";
        return DisplayName + status + ": " + methods + regions + serving;
    }

    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>The dataset limits of one base model.</summary>
public sealed class ModelDatasetLimits
{
    internal ModelDatasetLimits(long maxTokensPerExample, int maxValidationExamples, long? maxTrainingExamples, long? maxMultimodalTrainingExamples,
        long maxFileBytes, int? minTrainingExamples)
    {
        MaxTokensPerExample = maxTokensPerExample;
        MaxValidationExamples = maxValidationExamples;
        MaxTrainingExamples = maxTrainingExamples;
        MaxMultimodalTrainingExamples = maxMultimodalTrainingExamples;
        MaxFileBytes = maxFileBytes;
        MinTrainingExamples = minTrainingExamples;
    }

    /// <summary>Most input + output tokens in one training example.</summary>
    public long MaxTokensPerExample { get; }

    /// <summary>Most examples in a validation dataset.</summary>
    public int MaxValidationExamples { get; }

    /// <summary>Most text-only training examples, or null when no limit is documented.</summary>
    public long? MaxTrainingExamples { get; }

    /// <summary>Most multimodal training examples, or null.</summary>
    public long? MaxMultimodalTrainingExamples { get; }

    /// <summary>Largest JSONL file in bytes ("1 GB").</summary>
    public long MaxFileBytes { get; }

    /// <summary>Fewest training examples, or null when there is no hard minimum.</summary>
    public int? MinTrainingExamples { get; }
}
