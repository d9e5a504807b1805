using GeminiTuning.Datasets;

namespace GeminiTuning.Tests;

public sealed class ValidationShareTests
{
    [Theory]
    [InlineData(10_000, 1_000, false)]
    [InlineData(10_000, 3_000, false)]
    [InlineData(5_000, 1_600, true)]
    [InlineData(100, 1_001, true)]
    [InlineData(100, 999, false)]
    public void A_validation_set_over_1000_examples_and_30_percent_of_training_is_warned_about(long training, long validation, bool warned)
    {
        var warning = DatasetStaging.ValidationShareWarning(training, validation);

        Assert.Equal(warned, warning is not null);
        if (warned)
        {
            Assert.Contains(validation.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), warning);
        }
    }
}
