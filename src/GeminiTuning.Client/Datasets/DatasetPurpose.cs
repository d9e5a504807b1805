namespace GeminiTuning.Datasets;

/// <summary>What a JSONL dataset is used for; the limits differ (a validation set holds at most 5,000 examples).</summary>
public enum DatasetPurpose
{
    /// <summary>The training dataset (<c>supervisedTuningSpec.trainingDatasetUri</c>).</summary>
    Training,

    /// <summary>The validation dataset (<c>supervisedTuningSpec.validationDatasetUri</c>).</summary>
    Validation,
}
