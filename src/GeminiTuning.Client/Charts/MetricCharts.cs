using System;
using System.Collections.Generic;
using System.Linq;
using GeminiTuning.Metrics;

namespace GeminiTuning.Charts;

/// <summary>Turns metric points into charts: one per job, one series per metric, value against step.</summary>
public static class MetricCharts
{
    /// <summary>
    /// Groups <paramref name="points"/> by job (in the order the jobs first appear) and makes a chart of each. Series keep
    /// the order their metrics first appear (training before evaluation, as the services list them) and are named without
    /// TensorBoard's leading '/'.
    /// </summary>
    public static IReadOnlyList<Chart> FromPoints(IEnumerable<GeminiTuningMetricPoint> points)
    {
        var charts = new List<Chart>();
        foreach (var job in points.GroupBy(p => p.JobName, StringComparer.Ordinal))
        {
            var series = job.GroupBy(p => p.Metric, StringComparer.Ordinal)
                .Select(m => new ChartSeries(MetricNames.Bare(m.Key), m.Select(p => new ChartPoint(p.Step, p.Value))))
                .ToList();
            var allLoss = series.All(s => MetricNames.IsLoss(s.Name));
            var what = allLoss ? "Loss" : string.Join(", ", series.Select(s => s.Name));
            charts.Add(new Chart(what + " by step: " + Describe(job.Key), "step", allLoss ? "loss" : "value", series, job.Key));
        }

        return charts;
    }

    /// <summary>An empty chart for a job that has no points yet.</summary>
    public static Chart Empty(string jobName) => new("Loss by step: " + Describe(jobName), "step", "loss", Array.Empty<ChartSeries>(), jobName);

    private static string Describe(string jobName) =>
        jobName.StartsWith(Config.ResourceName.TunedModelPrefix, StringComparison.Ordinal)
            ? jobName
            : "tuning job " + jobName.Substring(jobName.LastIndexOf('/') + 1);
}
