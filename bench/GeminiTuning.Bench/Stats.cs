using System;
using System.Collections.Generic;
using System.Linq;

namespace GeminiTuning.Bench;

/// <summary>Medians and ranges of repeated measurements.</summary>
internal static class Stats
{
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static (double Min, double Max) Range(IReadOnlyCollection<double> values) =>
        values.Count == 0 ? (double.NaN, double.NaN) : (values.Min(), values.Max());

    /// <summary>The median of per-round ratios a / b: a busy machine slows the two sides of one round alike.</summary>
    public static double MedianRatio(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var count = Math.Min(a.Count, b.Count);
        return Median(Enumerable.Range(0, count).Select(i => a[i] / b[i]).ToList());
    }
}
