using System.Linq;
using GeminiTuning.Datasets;
using static GeminiTuning.Tests.Datasets.Examples;

namespace GeminiTuning.Tests.Datasets;

/// <summary>The preference format (a prompt, one preferred and one dispreferred completion), checked line by line like the supervised one.</summary>
public sealed class PreferenceDatasetTests
{
    private static string Line(string contents = "[{\"role\":\"user\",\"parts\":[{\"text\":\"What is my favorite fruit?\"}]}]", string completions = null!) =>
        "{\"contents\":" + contents + ",\"completions\":" + (completions ??
            "[{\"score\":1,\"completion\":{\"role\":\"model\",\"parts\":[{\"text\":\"Apple! Apple! Apple!\"}]}}," +
            "{\"score\":0,\"completion\":{\"role\":\"model\",\"parts\":[{\"text\":\"Your favorite fruit is apple.\"}]}}]") + "}";

    private static DatasetReport ValidatePreference(params string[] lines) =>
        Validate(lines, "gemini-2.5-flash", configure: o => o.TuningMethod = GeminiTuningMethod.Preference);

    [Fact]
    public void A_valid_preference_example_has_no_problems_and_bills_its_prompt_twice()
    {
        var report = ValidatePreference(Line(), Line().Replace("\"score\":1", "\"score\":1.0").Replace("\"score\":0", "\"score\":0.0"));

        Assert.Empty(report.Findings());
        Assert.Equal(GeminiTuningMethod.Preference, report.TuningMethod);
        // Prompt 7 tokens, completions 5 and 8: the limit counts the prompt and the longer completion, billing 2 × 7 + 5 + 8.
        Assert.Equal(2 * (7 + 8), report.EstimatedTokens);
        Assert.Equal(2 * ((2 * 7) + 5 + 8), report.EstimatedBillableTokens);
        Assert.Equal("about 162 billable tokens (54 per epoch × 3 epochs)", report.Billable(3).ToString());
    }

    [Fact]
    public void A_supervised_line_is_reported_as_ending_with_a_model_turn_and_missing_completions()
    {
        var report = ValidatePreference(Good);

        var codes = report.Findings().Select(p => (p.Code, p.Line)).ToList();
        Assert.Contains((DatasetProblemCode.LastTurnNotUser, 1L), codes);
        var missing = report.Findings().Single(p => p.Code == DatasetProblemCode.MissingCompletions);
        Assert.Contains("-TuningMethod Supervised", missing.Message);
        Assert.Equal(1, missing.Column);
    }

    [Fact]
    public void The_completions_must_be_two_one_preferred_and_one_dispreferred()
    {
        const string Completion = "{\"score\":1,\"completion\":{\"role\":\"model\",\"parts\":[{\"text\":\"a\"}]}}";
        var three = Line(completions: "[" + Completion + "," + Completion + "," + Completion + "]");
        var twoPreferred = Line(completions: "[" + Completion + "," + Completion + "]");
        var badScore = Line(completions: "[" + Completion + "," + Completion.Replace("\"score\":1", "\"score\":0.5") + "]");

        var report = ValidatePreference(three, twoPreferred, badScore);

        Assert.Equal(DatasetProblemCode.WrongCompletionCount, report.Findings().Single(p => p.Line == 1).Code);
        Assert.Equal(DatasetProblemCode.NoPreferredPair, report.Findings().Single(p => p.Line == 2).Code);
        var score = report.Findings().First(p => p.Line == 3);
        Assert.Equal(DatasetProblemCode.InvalidScore, score.Code);
        Assert.Equal(badScore.IndexOf("0.5", System.StringComparison.Ordinal) + 1, score.Column);
        Assert.Contains("not 0.5", score.Message);
    }

    [Fact]
    public void A_completion_must_be_a_model_turn_of_text()
    {
        var userCompletion = Line(completions:
            "[{\"score\":1,\"completion\":{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]}},{\"score\":0,\"completion\":{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}}]");
        var image = Line(contents: "[{\"role\":\"user\",\"parts\":[{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"gs://b/i.png\"}}]}]");

        var report = ValidatePreference(userCompletion, image);

        Assert.Equal(DatasetProblemCode.InvalidCompletion, report.Findings().Single(p => p.Line == 1).Code);
        var media = report.Findings().Single(p => p.Line == 2);
        Assert.Equal(DatasetProblemCode.UnsupportedPartType, media.Code);
        Assert.StartsWith("Preference tuning takes text only", media.Message);
    }

    [Fact]
    public void Invalid_json_is_reported_at_its_column_as_for_supervised_datasets()
    {
        var broken = Line().Substring(0, 40);

        var problem = ValidatePreference(Line(), broken).Findings().Single();

        Assert.Equal((DatasetProblemCode.InvalidJson, 2L), (problem.Code, problem.Line));
        Assert.True(problem.Column > 0);
    }

    [Fact]
    public void A_preference_line_is_not_a_supervised_example()
    {
        var problem = Validate(new[] { Line() }, "gemini-2.5-flash").Findings();

        Assert.Contains(problem, p => p.Code == DatasetProblemCode.LastTurnNotModel);
        Assert.Contains(problem, p => p.Code == DatasetProblemCode.UnknownField && p.Message.Contains("completions"));
    }
}
