using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using GeminiTuning.Emulator.Json;
using GeminiTuning.Emulator.Vertex;

namespace GeminiTuning.Emulator.Metrics;

/// <summary>The scalar time series a tuning job writes (<c>/train_*</c>, and <c>/eval_*</c> with a validation dataset)
/// and their points up to the job's current step.</summary>
internal static class MetricSeries
{
    private static readonly string[] TrainSeries = { "/train_total_loss", "/train_fraction_of_correct_next_step_preds", "/train_num_predictions" };
    private static readonly string[] EvalSeries = { "/eval_total_loss", "/eval_fraction_of_correct_next_step_preds", "/eval_num_predictions" };

    /// <summary>The series of a job, training first.</summary>
    public static IEnumerable<string> Of(TuningJob job)
    {
        foreach (var series in TrainSeries)
        {
            yield return series;
        }

        if (job.Validation is not null)
        {
            foreach (var series in EvalSeries)
            {
                yield return series;
            }
        }
    }

    /// <summary>The points written so far: training series every step, evaluation series at the end of every epoch.</summary>
    public static List<JsonObject> Points(TuningJob job, JobTimeline timeline, string series)
    {
        var points = new List<JsonObject>();
        var total = job.TotalSteps;
        var current = (long)Math.Floor(timeline.Progress * total);
        var eval = series.StartsWith("/eval_", StringComparison.Ordinal);
        var span = (job.TrainingEnd - job.PendingEnd).Ticks;
        var trainTokensPerStep = Math.Max(1, job.Training.TotalTokens / Math.Max(1, job.StepsPerEpoch));
        var evalTokens = Math.Max(1, job.Validation?.TotalTokens ?? 1);
        for (long step = eval ? job.StepsPerEpoch : 1; step <= current; step += eval ? job.StepsPerEpoch : 1)
        {
            double value;
            switch (series)
            {
                case "/train_total_loss": value = LossCurve.Loss(step, total, job.Id); break;
                case "/train_fraction_of_correct_next_step_preds": value = LossCurve.Accuracy(step, total, job.Id); break;
                case "/train_num_predictions": value = Math.Round(trainTokensPerStep * (1 + (LossCurve.Wobble(step, job.Id + "n") * 0.1))); break;
                case "/eval_total_loss": value = LossCurve.Loss(step, total, job.Id + "eval", start: 2.5, floor: 0.45); break;
                case "/eval_fraction_of_correct_next_step_preds": value = LossCurve.Accuracy(step, total, job.Id + "eval") - 0.03; break;
                default: value = evalTokens; break;
            }

            var wallTime = job.PendingEnd + TimeSpan.FromTicks(span * step / Math.Max(1, total));
            points.Add(new JsonObject
            {
                ["wallTime"] = ProtoTime.Format(wallTime),
                ["step"] = step.ToString(CultureInfo.InvariantCulture),
                ["scalar"] = new JsonObject { ["value"] = value },
            });
        }

        return points;
    }

    /// <summary>Evenly spaced points, always keeping the last one.</summary>
    public static List<JsonObject> Downsample(List<JsonObject> points, int max)
    {
        var result = new List<JsonObject>(max);
        for (var i = 0; i < max; i++)
        {
            result.Add(points[(int)((long)(i + 1) * points.Count / max) - 1]);
        }

        return result;
    }
}
