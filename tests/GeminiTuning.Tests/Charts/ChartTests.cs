using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using GeminiTuning.Charts;

namespace GeminiTuning.Tests.Charts;

public sealed class ChartTests
{
    private const string Job = "projects/123/locations/us-central1/tuningJobs/4567";

    /// <summary>A falling training loss over 60 steps and an evaluation at the end of each of 3 epochs.</summary>
    internal static List<GeminiTuningMetricPoint> LossPoints(int steps = 60)
    {
        var points = Enumerable.Range(1, steps)
            .Select(s => new GeminiTuningMetricPoint { JobName = Job, Metric = "/train_total_loss", Step = s, Value = 0.3 + (2.1 * Math.Exp(-3.5 * s / steps)) })
            .ToList();
        points.AddRange(new[] { steps / 3, 2 * steps / 3, steps }.Select(s =>
            new GeminiTuningMetricPoint { JobName = Job, Metric = "/eval_total_loss", Step = s, Value = 0.45 + (2.05 * Math.Exp(-3.5 * s / steps)) }));
        return points;
    }

    private static Chart Loss() => Assert.Single(MetricCharts.FromPoints(LossPoints()));

    /// <summary>The rows of the plot area: between the "loss" line and the x axis.</summary>
    private static List<string> PlotRows(IReadOnlyList<string> lines) => lines.Skip(2).TakeWhile(l => !l.TrimStart().StartsWith("└", StringComparison.Ordinal) && !l.TrimStart().StartsWith("++", StringComparison.Ordinal)).ToList();

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void The_chart_fits_the_width_with_axes_legend_and_summary(int width)
    {
        var lines = TextChart.Render(Loss(), width);

        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} > {width}: {l}"));
        Assert.Equal("Loss by step: tuning job 4567", lines[0]);
        Assert.Equal("loss", lines[1].Trim());
        Assert.Equal(TextChart.DefaultHeight, PlotRows(lines).Count);
        var axis = lines[2 + TextChart.DefaultHeight];
        Assert.Matches(@"^ +└[─┬]+┬ step$", axis);
        Assert.Equal(width, axis.Length);
        var labels = lines[3 + TextChart.DefaultHeight];
        Assert.Matches(@"^ +1 .* 60$", labels);
        // Each step label sits under a tick mark.
        foreach (var label in System.Text.RegularExpressions.Regex.Matches(labels, "[0-9]+").Cast<System.Text.RegularExpressions.Match>())
        {
            Assert.Contains('┬', axis.Substring(label.Index, label.Length));
        }

        Assert.Contains("⠒⠒ train_total_loss   ● eval_total_loss", lines);
        Assert.Contains("train_total_loss: 2.281 (step 1) → 0.3634 (step 60), lowest 0.3634 (step 60)", lines);
        Assert.Contains(lines, l => l.StartsWith("eval_total_loss: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wider_console_gets_a_wider_plot()
    {
        var narrow = PlotRows(TextChart.Render(Loss(), 80)).Max(r => r.TrimEnd().Length);
        var wide = PlotRows(TextChart.Render(Loss(), 120)).Max(r => r.TrimEnd().Length);

        Assert.Equal(40, wide - narrow);
    }

    [Fact]
    public void The_falling_line_starts_top_left_and_ends_bottom_right_with_eval_markers_in_their_step_columns()
    {
        var rows = PlotRows(TextChart.Render(Loss(), 80));
        var plotStart = rows[0].IndexOf('┤') + 1;

        int FirstRowWith(Func<string, bool> test) => rows.FindIndex(r => test(r));
        var topmost = FirstRowWith(r => r.Length > plotStart && r.Substring(plotStart).Any(c => c >= '\u2801' && c <= '\u28FF'));
        Assert.InRange(topmost, 0, 2);
        var topRow = rows[topmost].Substring(plotStart);
        Assert.InRange(topRow.IndexOfAny(Enumerable.Range(0x2801, 255).Select(c => (char)c).ToArray()), 0, 1);

        var markers = rows.SelectMany((r, i) => r.Select((c, col) => (c, col, i))).Where(x => x.c == '●').ToList();
        Assert.Equal(3, markers.Count);
        Assert.True(markers.Select(m => m.i).SequenceEqual(markers.OrderBy(m => m.col).Select(m => m.i).OrderBy(i => i)), "eval loss falls");
        Assert.Equal(rows.Max(r => r.Length) - 1, markers.Max(m => m.col)); // the last evaluation is at the last step
    }

    [Fact]
    public void Ascii_output_has_only_printable_ascii_and_the_same_layout()
    {
        var unicode = TextChart.Render(Loss(), 80);
        var ascii = TextChart.Render(Loss(), 80, ascii: true);

        Assert.All(ascii, l => Assert.All(l, c => Assert.InRange(c, ' ', '~')));
        Assert.Equal(unicode.Count, ascii.Count);
        Assert.Matches(@"^ +\+[-+]+\+ step$", ascii[2 + TextChart.DefaultHeight]);
        Assert.Contains("** train_total_loss   o eval_total_loss", ascii);
        Assert.Equal(3, string.Concat(ascii.Skip(2).Take(TextChart.DefaultHeight)).Count(c => c == 'o'));
        Assert.Contains(ascii, l => l.Contains("(step 1) -> ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_points_and_width_always_give_the_same_text()
    {
        Assert.Equal(TextChart.Render(Loss(), 100), TextChart.Render(Loss(), 100));
        Assert.Equal(TextChart.Render(Loss(), 100, 10, true), TextChart.Render(Loss(), 100, 10, true));
    }

    [Fact]
    public void A_too_narrow_width_is_raised_to_the_minimum_and_a_chart_without_points_says_so()
    {
        Assert.All(TextChart.Render(Loss(), 10), l => Assert.True(l.Length <= TextChart.MinimumWidth));
        Assert.Equal(new[] { "Loss by step: tuning job 4567", "(no points yet)" }, TextChart.Render(MetricCharts.Empty(Job), 80));
    }

    [Fact]
    public void One_chart_is_made_per_job_with_the_series_named_without_the_slash()
    {
        var points = LossPoints().Concat(LossPoints().Select(p => new GeminiTuningMetricPoint { JobName = "tunedModels/m1", Metric = "meanLoss", Step = p.Step, Value = p.Value }));

        var charts = MetricCharts.FromPoints(points);

        Assert.Equal(new[] { "Loss by step: tuning job 4567", "Loss by step: tunedModels/m1" }, charts.Select(c => c.Title));
        Assert.Equal(new[] { "train_total_loss", "eval_total_loss" }, charts[0].Series.Select(s => s.Name));
        Assert.Equal(new[] { "meanLoss" }, charts[1].Series.Select(s => s.Name));
    }

    [Fact]
    public void The_svg_is_well_formed_with_one_path_per_series_carrying_every_point()
    {
        var points = LossPoints();
        points.Add(new GeminiTuningMetricPoint { JobName = Job, Metric = "<b>&odd", Step = 5, Value = 1 });

        var svg = XDocument.Parse(SvgChart.Render(MetricCharts.FromPoints(points)));

        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        var paths = svg.Descendants(ns + "path").ToList();
        Assert.Equal(new[] { "train_total_loss", "eval_total_loss", "<b>&odd" }, paths.Select(p => (string)p.Attribute("data-series")!));
        Assert.Equal(60, paths[0].Attribute("d")!.Value.Split('L').Length);
        Assert.Equal(3, paths[1].Attribute("d")!.Value.Split('L').Length);
        Assert.Equal(4, svg.Descendants(ns + "circle").Count()); // eval markers and the odd series' one point
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "step");
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "<b>&odd");
    }
}
