using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using GeminiTuning.Datasets;
using static GeminiTuning.Tests.Datasets.Examples;

namespace GeminiTuning.Tests.Datasets;

/// <summary>The per-model limits: example counts, tokens per example, file size.</summary>
public sealed class DatasetLimitTests
{
    [Theory]
    [InlineData(null, 5000, true)]
    [InlineData("gemini-2.5-flash", 5000, false)]
    [InlineData("gemini-2.5-pro", 5000, false)]
    [InlineData("publishers/google/models/gemini-2.5-flash-lite", 5000, false)]
    [InlineData("gemini-3.5-flash", 5000, false)]
    [InlineData("gemini-2.0-flash-001", 5000, false)]
    [InlineData("gemini-1.5-flash-002", 256, false)]
    [InlineData("gemini-1.5-pro-002", 256, false)]
    [InlineData("gemini-1.0-pro-002", 256, false)]
    [InlineData("my-own-model", 5000, true)]
    public void Each_base_model_gets_its_validation_example_limit(string? model, int maxValidation, bool generic)
    {
        var limits = DatasetLimits.For(model);

        Assert.Equal(maxValidation, limits.MaxValidationExamples);
        Assert.Equal(generic, limits.IsGeneric);
        Assert.Equal(1_000_000_000, limits.MaxFileBytes);
    }

    [Fact]
    public void A_validation_set_of_5001_examples_is_refused_at_line_5001_for_current_models()
    {
        var report = Validate(Repeat(Good, 5001), "gemini-2.5-flash", DatasetPurpose.Validation);

        var problem = Assert.Single(report.Problems);
        Assert.Equal((DatasetProblemCode.TooManyExamples, DatasetProblemSeverity.Error, 5001L), (problem.Code, problem.Severity, problem.Line));
        Assert.Contains("5,000", problem.Message);
        Assert.Contains(report.Notes, n => n.Contains("30%"));
    }

    [Fact]
    public void A_validation_set_of_5000_examples_is_fine()
    {
        Assert.Empty(Validate(Repeat(Good, 5000), "gemini-2.5-flash", DatasetPurpose.Validation).Problems);
    }

    [Fact]
    public void A_gemini_1_5_validation_set_holds_256_examples()
    {
        var report = Validate(Repeat(Good, 300), "gemini-1.5-flash-002", DatasetPurpose.Validation);

        var problem = Assert.Single(report.Problems);
        Assert.Equal((DatasetProblemCode.TooManyExamples, 257L), (problem.Code, problem.Line));
        Assert.Contains("256", problem.Message);
    }

    [Fact]
    public void The_training_limit_does_not_apply_to_validation_and_vice_versa()
    {
        Assert.DoesNotContain(Validate(Repeat(Good, 300), "gemini-1.5-flash-002").Problems, p => p.Code == DatasetProblemCode.TooManyExamples);
    }

    [Fact]
    public void An_example_over_131072_estimated_tokens_is_a_warning_for_current_models()
    {
        // 524,288 characters = 131,072 tokens, plus the model's answer: one token over.
        var report = Validate(new[] { Text(new string('a', 524_288), "b"), Good });

        var problem = report.Only();
        Assert.Equal((DatasetProblemCode.ExampleOverTokenLimit, DatasetProblemSeverity.Warning, 1L), (problem.Code, problem.Severity, problem.Line));
        Assert.Contains("131,073", problem.Message);
        Assert.Contains("characters / 4", problem.Message);
        Assert.True(report.IsValid);
        Assert.Equal(131_073, report.MaxExampleTokens);
    }

    [Fact]
    public void Gemini_1_5_pro_examples_are_held_to_32000_tokens()
    {
        var line = Text(new string('a', 128_000), "b");

        Assert.Empty(Validate(new[] { line }, "gemini-2.5-pro").Findings());
        Assert.Equal(DatasetProblemCode.ExampleOverTokenLimit, Validate(new[] { line }, "gemini-1.5-pro-002").Only().Code);
    }

    [Fact]
    public void Fewer_than_16_training_examples_is_an_error_for_gemini_1_0_and_fewer_than_100_a_warning_otherwise()
    {
        var legacy = Assert.Single(Validate(Repeat(Good, 10), "gemini-1.0-pro-002").Problems);
        var current = Assert.Single(Validate(Repeat(Good, 10), "gemini-2.5-flash").Problems);

        Assert.Equal((DatasetProblemCode.TooFewExamples, DatasetProblemSeverity.Error, 0L), (legacy.Code, legacy.Severity, legacy.Line));
        Assert.Equal((DatasetProblemCode.TooFewExamples, DatasetProblemSeverity.Warning), (current.Code, current.Severity));
        Assert.Contains("100", current.Message);
        Assert.Empty(Validate(Repeat(Good, 10), "gemini-2.5-flash", DatasetPurpose.Validation).Problems);
        Assert.Empty(Validate(Repeat(Good, 100), "gemini-2.5-flash").Problems);
    }

    [Fact]
    public void A_file_over_1_GiB_is_an_error_and_one_between_1_GB_and_1_GiB_a_warning()
    {
        var over = ValidateSized(DatasetLimits.OneGibibyte + 1);
        var between = ValidateSized(1_050_000_000);
        var under = ValidateSized(999_999_999);

        var error = over.Problems[0];
        Assert.Equal((DatasetProblemCode.FileTooLarge, DatasetProblemSeverity.Error, 0L, 0), (error.Code, error.Severity, error.Line, error.Column));
        Assert.Contains("1,073,741,825", error.Message);
        Assert.Equal((DatasetProblemCode.FileTooLarge, DatasetProblemSeverity.Warning), (between.Problems[0].Code, between.Problems[0].Severity));
        Assert.DoesNotContain(under.Problems, p => p.Code == DatasetProblemCode.FileTooLarge);
    }

    [Fact]
    public void An_unknown_base_model_is_checked_against_current_limits_with_a_note()
    {
        var report = Validate(Repeat(Good, 100), "projects/p/locations/us-central1/models/123@1");

        Assert.Empty(report.Problems);
        Assert.True(report.Limits.IsGeneric);
        Assert.Contains(report.Notes, n => n.Contains("is not one this module knows"));
        Assert.Equal("projects/p/locations/us-central1/models/123@1", report.BaseModel);
    }

    [Fact]
    public void Without_a_base_model_the_report_says_which_limits_were_used()
    {
        Assert.Contains(Validate(Repeat(Good, 100)).Notes, n => n.StartsWith("No base model given", StringComparison.Ordinal));
    }

    private static DatasetReport ValidateSized(long length)
    {
        using var stream = new SizedStream(Encoding.UTF8.GetBytes(string.Join("\n", Repeat(Good, 100)) + "\n"), length);
        return DatasetValidator.Validate(stream, "big.jsonl", new DatasetValidationOptions(), CancellationToken.None);
    }

    /// <summary>A small stream that reports a large length, to check the size rule without writing a gigabyte.</summary>
    private sealed class SizedStream : MemoryStream
    {
        private readonly long _length;

        public SizedStream(byte[] content, long length)
            : base(content) => _length = length;

        public override long Length => _length;
    }
}
