using System;
using System.Globalization;
using System.Text;
using GeminiTuning.Emulator.Vertex;

namespace GeminiTuning.Emulator.Metrics;

/// <summary>The names and ids of a job's metric resources: its TensorBoard (one per project and location), run, run
/// context and time series. Ids are derived from stable inputs, so every read names the same resources.</summary>
internal static class MetricNames
{
    /// <summary>The one TensorBoard of a project and location that backs tuning experiments.</summary>
    public static string TensorboardId(string projectNumber, string location) => StableDigits("tensorboard/" + projectNumber + "/" + location, 19);

    public static string TensorboardName(TuningJob job) => job.Parent + "/tensorboards/" + TensorboardId(job.ProjectNumber, job.Location);

    public static string RunName(TuningJob job) => TensorboardName(job) + "/experiments/" + job.ExperimentId + "/runs/" + job.Id;

    public static string RunContextId(TuningJob job) => job.ExperimentId + "-" + job.Id;

    public static string SeriesId(TuningJob job, string series) => StableDigits("series/" + job.Id + "/" + series, 19);

    public static string Etag(JobTimeline timeline) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(timeline.Update.UtcTicks.ToString(CultureInfo.InvariantCulture))).TrimEnd('=');

    /// <summary>A decimal id of <paramref name="length"/> digits (not starting with 0) derived from a text.</summary>
    private static string StableDigits(string text, int length)
    {
        var builder = new StringBuilder(length);
        ulong h = 14695981039346656037UL;
        var round = 0;
        while (builder.Length < length)
        {
            foreach (var b in Encoding.UTF8.GetBytes(text + "#" + round.ToString(CultureInfo.InvariantCulture)))
            {
                h = unchecked((h ^ b) * 1099511628211UL);
            }

            var digits = (h % 10_000_000_000_000_000UL).ToString("D16", CultureInfo.InvariantCulture);
            builder.Append(digits);
            round++;
        }

        var result = builder.ToString(0, length).ToCharArray();
        if (result[0] == '0')
        {
            result[0] = '1';
        }

        return new string(result);
    }
}
