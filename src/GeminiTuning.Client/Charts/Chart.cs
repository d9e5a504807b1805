using System;
using System.Collections.Generic;
using System.Linq;

namespace GeminiTuning.Charts;

/// <summary>One point of a chart series.</summary>
public readonly struct ChartPoint
{
    /// <summary>Creates a point.</summary>
    public ChartPoint(double x, double y)
    {
        X = x;
        Y = y;
    }

    /// <summary>The horizontal value (a step).</summary>
    public double X { get; }

    /// <summary>The vertical value (a loss).</summary>
    public double Y { get; }
}

/// <summary>A named series of points, drawn in one style.</summary>
public sealed class ChartSeries
{
    /// <summary>Creates a series; points that are not finite numbers are left out, the rest sorted by x.</summary>
    public ChartSeries(string name, IEnumerable<ChartPoint> points)
    {
        Name = name;
        Points = points.Where(p => IsFinite(p.X) && IsFinite(p.Y)).OrderBy(p => p.X).ToList();
    }

    /// <summary>The name shown in the legend.</summary>
    public string Name { get; }

    /// <summary>The points, by increasing x.</summary>
    public IReadOnlyList<ChartPoint> Points { get; }

    private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);
}

/// <summary>What a chart shows: a title, axis names and series. Rendering is left to <see cref="TextChart"/> and <see cref="SvgChart"/>.</summary>
public sealed class Chart
{
    /// <summary>Creates a chart; <paramref name="subject"/> says what it is about (a job's name).</summary>
    public Chart(string title, string xLabel, string yLabel, IEnumerable<ChartSeries> series, string subject = "")
    {
        Subject = subject;
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
        Series = series.ToList();
    }

    /// <summary>What the chart is about, e.g. the job whose metrics it draws.</summary>
    public string Subject { get; }

    /// <summary>The title line.</summary>
    public string Title { get; }

    /// <summary>The name of the horizontal axis (e.g. "step").</summary>
    public string XLabel { get; }

    /// <summary>The name of the vertical axis (e.g. "loss").</summary>
    public string YLabel { get; }

    /// <summary>The series, drawn in order (later ones on top).</summary>
    public IReadOnlyList<ChartSeries> Series { get; }

    /// <summary>True when no series has a point.</summary>
    public bool IsEmpty => Series.All(s => s.Points.Count == 0);

    /// <summary>The series drawn as a line: the one with the most points (the training series); the others get markers.</summary>
    internal int LineSeries
    {
        get
        {
            var best = 0;
            for (var i = 1; i < Series.Count; i++)
            {
                if (Series[i].Points.Count > Series[best].Points.Count)
                {
                    best = i;
                }
            }

            return best;
        }
    }

    internal (double Min, double Max) XRange => Range(p => p.X);

    internal (double Min, double Max) YRange => Range(p => p.Y);

    private (double Min, double Max) Range(Func<ChartPoint, double> value)
    {
        var all = Series.SelectMany(s => s.Points).Select(value).ToList();
        return all.Count == 0 ? (0, 1) : (all.Min(), all.Max());
    }
}
