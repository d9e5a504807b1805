using System;
using System.Collections.Generic;
using System.Linq;

namespace GeminiTuning.Metrics;

/// <summary>The series tuning writes, and how a name the user typed matches them.</summary>
public static class MetricNames
{
    /// <summary>Vertex AI: loss on the training data at each step.</summary>
    public const string TrainLoss = "/train_total_loss";

    /// <summary>Vertex AI: loss on the validation data at each evaluation (with a validation dataset).</summary>
    public const string EvalLoss = "/eval_total_loss";

    /// <summary>The Gemini API's one series: the mean training loss of each step's batch.</summary>
    public const string GeminiMeanLoss = "meanLoss";

    /// <summary>Every series the services are documented to write (metrics.md §1, §5), Vertex AI's first.</summary>
    public static IReadOnlyList<string> Known { get; } = new[]
    {
        TrainLoss, "/train_fraction_of_correct_next_step_preds", "/train_num_predictions",
        EvalLoss, "/eval_fraction_of_correct_next_step_preds", "/eval_num_predictions",
        GeminiMeanLoss,
    };

    /// <summary>The name without TensorBoard's leading '/', as users tend to type it.</summary>
    public static string Bare(string metric) => metric.StartsWith("/", StringComparison.Ordinal) ? metric.Substring(1) : metric;

    /// <summary>True for a loss series (the ones a loss chart draws).</summary>
    public static bool IsLoss(string metric) => metric.EndsWith("loss", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a series measured on the validation data.</summary>
    public static bool IsEvaluation(string metric) => Bare(metric).StartsWith("eval", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A matcher for names the user gave, e.g. from -Metric: each test takes a series name and its bare form, so that
    /// <c>train_total_loss</c> finds <c>/train_total_loss</c>. No tests match every series.
    /// </summary>
    public static Func<string, bool> Matcher(IReadOnlyCollection<Func<string, bool>> tests) =>
        tests.Count == 0 ? _ => true : metric => tests.Any(t => t(metric) || t(Bare(metric)));
}
