using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace GeminiTuning.Bench;

/// <summary>
/// The one table the benchmarks print, in Markdown so that it goes into the README as printed: per section, the
/// measurements (median, range and number of runs) and the ratios that compare them, each with its goal when the
/// issue set one.
/// </summary>
internal sealed class ResultTable
{
    private readonly List<string[]> _rows = new();

    public void Section(string title) => _rows.Add(new[] { "**" + title + "**", string.Empty, string.Empty, string.Empty });

    /// <summary>A measurement: the median of <paramref name="values"/>, shown with <paramref name="unit"/>.</summary>
    public void Measure(string label, IReadOnlyCollection<double> values, string unit, string format = "N0")
    {
        if (values.Count == 0)
        {
            _rows.Add(new[] { label, "not measured", string.Empty, string.Empty });
            return;
        }

        var (min, max) = Stats.Range(values);
        var runs = "(" + values.Count.ToString(CultureInfo.InvariantCulture) + ")";
        var range = values.Count == 1 ? runs : Number(min, format) + "–" + Number(max, format) + " " + runs;
        _rows.Add(new[] { label, Number(Stats.Median(values), format) + " " + unit, range, string.Empty });
    }

    /// <summary>A ratio of two measurements (or a measurement held against a goal).</summary>
    public void Ratio(string label, double value, string format, string? goal, bool? met)
    {
        var verdict = goal is null ? string.Empty : "goal " + goal + (met is bool ok ? (ok ? ": met" : ": **not met**") : string.Empty);
        _rows.Add(new[] { label, double.IsNaN(value) ? "not measured" : value.ToString(format, CultureInfo.InvariantCulture), string.Empty, verdict });
    }

    public void Print(TextWriter writer)
    {
        writer.WriteLine("| Measure | Median | Range (runs) | Goal |");
        writer.WriteLine("|---|---:|---:|---|");
        foreach (var row in _rows)
        {
            // A pipe inside a cell (even in a code span) would end the cell in Markdown.
            writer.WriteLine("| " + string.Join(" | ", Array.ConvertAll(row, cell => cell.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
