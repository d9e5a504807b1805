using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;

namespace GeminiTuning.Emulator.Datasets;

/// <summary>
/// Renders <c>tuningDataStats.preferenceOptimizationDataStats</c> (preference-tuning.md §5): int64 counters as strings,
/// and distributions of the <c>DatasetDistribution</c> kind, whose <c>sum</c> is a double and whose buckets' counts are
/// int64 strings, unlike the supervised statistics.
/// </summary>
internal static class PreferenceDataStats
{
    public static JsonObject Render(DatasetAnalysis analysis, long epochs, long totalSteps)
    {
        var variances = new List<double>();
        for (var i = 0; i + 1 < analysis.Scores.Count; i += 2)
        {
            var mean = (analysis.Scores[i] + analysis.Scores[i + 1]) / 2;
            variances.Add((Math.Pow(analysis.Scores[i] - mean, 2) + Math.Pow(analysis.Scores[i + 1] - mean, 2)) / 2);
        }

        var stats = new JsonObject
        {
            ["tuningDatasetExampleCount"] = Int64(analysis.ExampleCount),
            ["tuningStepCount"] = Int64(totalSteps),
            ["totalBillableTokenCount"] = Int64(analysis.BillableTokensPerEpoch * epochs),
            ["userInputTokenDistribution"] = Distribution(analysis.InputTokens.ConvertAll(v => (double)v)),
            ["userOutputTokenDistribution"] = Distribution(analysis.OutputTokens.ConvertAll(v => (double)v)),
            ["scoresDistribution"] = Distribution(analysis.Scores),
            ["scoreVariancePerExampleDistribution"] = Distribution(variances),
        };
        if (analysis.SampleUserContents.Count > 0 && analysis.SampleUserContents[0]["completions"] is not null)
        {
            var samples = new JsonArray();
            foreach (var example in analysis.SampleUserContents)
            {
                samples.Add(example.DeepClone());
            }

            stats["userDatasetExamples"] = samples;
        }

        if (analysis.TruncatedIndices.Count > 0)
        {
            var indices = new JsonArray();
            var reasons = new JsonArray();
            foreach (var index in analysis.TruncatedIndices)
            {
                indices.Add(Int64(index));
                reasons.Add("Example exceeds the maximum of " + DatasetAnalysis.MaxTokensPerExample.ToString(CultureInfo.InvariantCulture) + " tokens.");
            }

            stats["droppedExampleIndices"] = indices;
            stats["droppedExampleReasons"] = reasons;
        }

        return new JsonObject { ["preferenceOptimizationDataStats"] = stats };
    }

    private static JsonObject Distribution(List<double> values)
    {
        var sorted = new List<double>(values);
        sorted.Sort();
        double sum = 0;
        foreach (var v in sorted)
        {
            sum += v;
        }

        var result = new JsonObject();
        Put(result, "sum", sum);
        if (sorted.Count == 0)
        {
            return result;
        }

        Put(result, "min", sorted[0]);
        Put(result, "max", sorted[sorted.Count - 1]);
        Put(result, "mean", Math.Round(sum / sorted.Count, 4));
        Put(result, "median", sorted[Math.Max(0, (int)Math.Ceiling(0.5 * sorted.Count) - 1)]);
        Put(result, "p5", sorted[Math.Max(0, (int)Math.Ceiling(0.05 * sorted.Count) - 1)]);
        Put(result, "p95", sorted[Math.Max(0, (int)Math.Ceiling(0.95 * sorted.Count) - 1)]);
        var bucket = new JsonObject { ["count"] = Int64(sorted.Count) };
        Put(bucket, "left", sorted[0]);
        Put(bucket, "right", sorted[sorted.Count - 1]);
        result["buckets"] = new JsonArray(bucket);
        return result;
    }

    /// <summary>proto3 JSON omits a double that is 0.</summary>
    private static void Put(JsonObject obj, string name, double value)
    {
        if (value != 0)
        {
            obj[name] = value;
        }
    }

    private static string Int64(long value) => value.ToString(CultureInfo.InvariantCulture);
}
