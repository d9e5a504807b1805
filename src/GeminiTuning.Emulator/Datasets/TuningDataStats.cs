using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;

namespace GeminiTuning.Emulator.Datasets;

/// <summary>Renders <c>tuningDataStats.supervisedTuningDataStats</c> (int64 counters as JSON strings).</summary>
internal static class TuningDataStats
{
    public static JsonObject Render(DatasetAnalysis analysis, long epochs, long totalSteps)
    {
        var tokens = analysis.TotalTokens;
        var stats = new JsonObject
        {
            ["tuningDatasetExampleCount"] = Int64(analysis.ExampleCount),
            ["totalTuningCharacterCount"] = Int64(analysis.TotalCharacters),
            ["totalBillableCharacterCount"] = Int64(analysis.TotalCharacters),
            ["totalBillableTokenCount"] = Int64(tokens * epochs),
            ["tuningStepCount"] = Int64(totalSteps),
            ["userInputTokenDistribution"] = Distribution(analysis.InputTokens),
            ["userOutputTokenDistribution"] = Distribution(analysis.OutputTokens),
            ["userMessagePerExampleDistribution"] = Distribution(analysis.MessageCounts),
        };
        if (analysis.SampleUserContents.Count > 0)
        {
            var samples = new JsonArray();
            foreach (var content in analysis.SampleUserContents)
            {
                samples.Add(content.DeepClone());
            }

            stats["userDatasetExamples"] = samples;
        }

        if (analysis.TruncatedIndices.Count > 0)
        {
            stats["totalTruncatedExampleCount"] = Int64(analysis.TruncatedIndices.Count);
            var indices = new JsonArray();
            foreach (var index in analysis.TruncatedIndices)
            {
                indices.Add(Int64(index));
            }

            stats["truncatedExampleIndices"] = indices;
            stats["droppedExampleReasons"] = new JsonArray((JsonNode)("Example exceeds the maximum of " +
                DatasetAnalysis.MaxTokensPerExample.ToString(CultureInfo.InvariantCulture) + " tokens."));
        }

        return new JsonObject { ["supervisedTuningDataStats"] = stats };
    }

    internal static JsonObject Distribution(List<long> values)
    {
        var sorted = new List<long>(values);
        sorted.Sort();
        long sum = 0;
        foreach (var v in sorted)
        {
            sum += v;
        }

        var result = new JsonObject
        {
            ["sum"] = Int64(sum),
            ["billableSum"] = Int64(sum),
        };
        if (sorted.Count == 0)
        {
            return result;
        }

        double min = sorted[0], max = sorted[sorted.Count - 1];
        PutNonZero(result, "min", min);
        PutNonZero(result, "max", max);
        PutNonZero(result, "mean", Math.Round((double)sum / sorted.Count, 2));
        PutNonZero(result, "median", Percentile(sorted, 0.5));
        PutNonZero(result, "p5", Percentile(sorted, 0.05));
        PutNonZero(result, "p95", Percentile(sorted, 0.95));
        var buckets = new JsonArray();
        var bucketCount = max > min ? Math.Min(5, sorted.Count) : 1;
        var width = (max - min) / bucketCount;
        var counts = new int[bucketCount];
        foreach (var v in sorted)
        {
            var index = width <= 0 ? 0 : Math.Min(bucketCount - 1, (int)((v - min) / width));
            counts[index]++;
        }

        for (var i = 0; i < bucketCount; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            var bucket = new JsonObject { ["count"] = (double)counts[i] };
            PutNonZero(bucket, "left", Math.Round(min + (i * width), 2));
            PutNonZero(bucket, "right", i == bucketCount - 1 ? max : Math.Round(min + ((i + 1) * width), 2));
            buckets.Add(bucket);
        }

        result["buckets"] = buckets;
        return result;
    }

    /// <summary>proto3 JSON omits a double that is 0.</summary>
    private static void PutNonZero(JsonObject obj, string name, double value)
    {
        if (value != 0)
        {
            obj[name] = value;
        }
    }

    private static double Percentile(List<long> sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Max(0, Math.Min(sorted.Count - 1, rank))];
    }

    private static string Int64(long value) => value.ToString(CultureInfo.InvariantCulture);
}
