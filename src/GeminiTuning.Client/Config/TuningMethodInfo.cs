using System.Collections.Generic;

namespace GeminiTuning.Config;

/// <summary>What a base model supports for one tuning method: its adapter sizes and the kinds of data it tunes on.</summary>
public sealed class TuningMethodInfo
{
    internal TuningMethodInfo(GeminiTuningMethod method, IReadOnlyList<GeminiAdapterSize> adapterSizes, IReadOnlyList<string> modalities)
    {
        Method = method;
        AdapterSizes = adapterSizes;
        Modalities = modalities;
    }

    /// <summary>The tuning method.</summary>
    public GeminiTuningMethod Method { get; }

    /// <summary>The adapter sizes the model accepts for this method, smallest first.</summary>
    public IReadOnlyList<GeminiAdapterSize> AdapterSizes { get; }

    /// <summary>The kinds of data a dataset may hold: text, image, audio, video, document.</summary>
    public IReadOnlyList<string> Modalities { get; }

    /// <summary>True when the method tunes on text only.</summary>
    public bool TextOnly => Modalities.Count == 1 && Modalities[0] == "text";
}
