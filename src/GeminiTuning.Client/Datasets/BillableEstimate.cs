using System.Globalization;

namespace GeminiTuning.Datasets;

/// <summary>
/// The billable size of a tuning run, estimated before it is paid for: the dataset's billable tokens times the
/// epochs ("training tokens = tokens in training dataset × epochs"; for preference tuning each example counts its
/// prompt twice plus its completions; tuning-catalog.md).
/// </summary>
public sealed class BillableEstimate
{
    /// <summary>Creates the estimate.</summary>
    public BillableEstimate(long tokensPerEpoch, long? epochCount)
    {
        TokensPerEpoch = tokensPerEpoch;
        EpochCount = epochCount;
    }

    /// <summary>Estimated billable tokens of one pass over the dataset.</summary>
    public long TokensPerEpoch { get; }

    /// <summary>The epochs, when given; null when the service chooses them.</summary>
    public long? EpochCount { get; }

    /// <summary>Estimated billable tokens of the whole run, or null when the epochs are not known yet.</summary>
    public long? TotalTokens => EpochCount is { } epochs ? TokensPerEpoch * epochs : null;

    /// <summary>"about 1,234,560 billable tokens (123,456 per epoch × 10 epochs)", or per epoch when the service chooses the epochs.</summary>
    public override string ToString() => EpochCount is { } epochs
        ? string.Format(CultureInfo.InvariantCulture, "about {0:N0} billable tokens ({1:N0} per epoch × {2} epoch{3})", TokensPerEpoch * epochs, TokensPerEpoch, epochs, epochs == 1 ? string.Empty : "s")
        : string.Format(CultureInfo.InvariantCulture, "about {0:N0} billable tokens per epoch (× the epochs the service chooses; give -EpochCount to know the total)", TokensPerEpoch);
}
