namespace GeminiTuning;

/// <summary>How a Vertex AI tuning job tunes its model: which tuning spec the job carries.</summary>
public enum GeminiTuningMethod
{
    /// <summary>Supervised fine-tuning (<c>supervisedTuningSpec</c>): the model learns the answers in the dataset.</summary>
    Supervised,

    /// <summary>Preference tuning (<c>preferenceOptimizationSpec</c>, DPO): the model learns which of two completions is preferred.</summary>
    Preference,
}
