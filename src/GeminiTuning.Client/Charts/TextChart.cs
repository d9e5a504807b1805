using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace GeminiTuning.Charts;

/// <summary>
/// Draws a <see cref="Chart"/> as lines of text for a terminal: a y axis with value labels, the plot, an x axis with
/// step labels, a legend and a one-line summary per series. The series with the most points is drawn as a line, the
/// others as markers on top of it. With Unicode the line is made of braille dots (2 × 4 per character, so a
/// 60-character plot has 120 points across); in ASCII it is made of '*'. A pure function of its arguments: the same
/// chart, width and style always give the same text.
/// </summary>
public static class TextChart
{
    /// <summary>The narrowest chart drawn; a smaller width is raised to this.</summary>
    public const int MinimumWidth = 40;

    /// <summary>Rows of plot by default.</summary>
    public const int DefaultHeight = 15;

    private static readonly char[] UnicodeMarkers = { '●', '■', '▲', '◆', '○' };
    private static readonly char[] AsciiMarkers = { 'o', 'x', '#', '@', '%' };

    /// <summary>Renders the chart in at most <paramref name="width"/> columns, with <paramref name="height"/> rows of plot.</summary>
    /// <param name="chart">What to draw.</param>
    /// <param name="width">Columns available (at least <see cref="MinimumWidth"/> are used); no line is longer.</param>
    /// <param name="height">Rows of plot (4 to 100).</param>
    /// <param name="ascii">Plain ASCII (for redirected output and consoles without Unicode) instead of braille and box-drawing characters.</param>
    public static IReadOnlyList<string> Render(Chart chart, int width, int height = DefaultHeight, bool ascii = false)
    {
        width = Math.Max(width, MinimumWidth);
        height = Math.Max(4, Math.Min(100, height));
        var lines = new List<string> { Fit(chart.Title, width) };
        if (chart.IsEmpty)
        {
            lines.Add("(no points yet)");
            return lines;
        }

        var (yMin, yMax) = chart.YRange;
        var yScale = ChartScale.For(yMin, yMax, Math.Max(2, height / 3), integral: false);
        var yTicks = yScale.Ticks();
        var labelWidth = Math.Max(chart.YLabel.Length, yTicks.Max(t => yScale.Format(t).Length));
        // The x axis's name goes at its right end.
        var plotWidth = width - labelWidth - 2 - (chart.XLabel.Length + 1);
        var (xMin, xMax) = chart.XRange;
        var xScale = ChartScale.For(xMin, xMax, Math.Max(2, plotWidth / 8), integral: true);

        var cells = Plot(chart, xScale, yScale, plotWidth, height, ascii);
        var tickRows = new Dictionary<int, string>();
        foreach (var tick in yTicks)
        {
            tickRows[Row(yScale.Fraction(tick), height)] = yScale.Format(tick);
        }

        lines.Add(chart.YLabel.PadLeft(labelWidth));
        for (var row = 0; row < height; row++)
        {
            var isTick = tickRows.TryGetValue(row, out var label);
            var line = new StringBuilder(width);
            line.Append((label ?? string.Empty).PadLeft(labelWidth)).Append(' ');
            line.Append(isTick ? (ascii ? '+' : '┤') : (ascii ? '|' : '│'));
            for (var col = 0; col < plotWidth; col++)
            {
                line.Append(cells[row, col]);
            }

            lines.Add(line.ToString().TrimEnd());
        }

        var (axis, tickLabels) = XAxis(chart.XLabel, xScale, labelWidth, plotWidth, width, ascii);
        lines.Add(axis);
        lines.Add(tickLabels);
        lines.AddRange(Legend(chart, width, ascii));
        lines.AddRange(chart.Series.Where(s => s.Points.Count > 0).Select(s => Fit(Summary(s, ascii), width)));
        return lines;
    }

    private static char[,] Plot(Chart chart, ChartScale x, ChartScale y, int plotWidth, int height, bool ascii)
    {
        var cells = new char[height, plotWidth];
        var dots = new int[height, plotWidth];
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < plotWidth; c++)
            {
                cells[r, c] = ' ';
            }
        }

        var lineIndex = chart.LineSeries;
        var line = chart.Series[lineIndex].Points;
        // Braille: 2 dots across and 4 down per character; ASCII: one '*' per character.
        var across = ascii ? plotWidth : plotWidth * 2;
        var down = ascii ? height : height * 4;
        (int, int)? previous = null;
        foreach (var p in line)
        {
            var at = ((int)Math.Round(x.Fraction(p.X) * (across - 1)), (int)Math.Round((1 - y.Fraction(p.Y)) * (down - 1)));
            foreach (var (dx, dy) in Segment(previous ?? at, at))
            {
                if (ascii)
                {
                    cells[dy, dx] = '*';
                }
                else
                {
                    dots[dy / 4, dx / 2] |= BrailleBit(dx % 2, dy % 4);
                }
            }

            previous = at;
        }

        if (!ascii)
        {
            for (var r = 0; r < height; r++)
            {
                for (var c = 0; c < plotWidth; c++)
                {
                    if (dots[r, c] != 0)
                    {
                        cells[r, c] = (char)(0x2800 + dots[r, c]);
                    }
                }
            }
        }

        var markers = ascii ? AsciiMarkers : UnicodeMarkers;
        var marker = 0;
        for (var i = 0; i < chart.Series.Count; i++)
        {
            if (i == lineIndex)
            {
                continue;
            }

            var glyph = markers[marker++ % markers.Length];
            foreach (var p in chart.Series[i].Points)
            {
                cells[Row(y.Fraction(p.Y), height), (int)Math.Round(x.Fraction(p.X) * (plotWidth - 1))] = glyph;
            }
        }

        return cells;
    }

    private static int Row(double fraction, int height) => (int)Math.Round((1 - fraction) * (height - 1));

    /// <summary>The x axis line with a tick mark under each labelled step, and the labels: first and last step always, nice steps between where they fit.</summary>
    private static (string Axis, string Labels) XAxis(string name, ChartScale x, int labelWidth, int plotWidth, int width, bool ascii)
    {
        var axis = new StringBuilder(new string(' ', labelWidth + 1)).Append(ascii ? '+' : '└').Append(ascii ? '-' : '─', plotWidth);
        var labels = new char[width];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = ' ';
        }

        var taken = new List<(int From, int To)>();
        bool Place(double value, bool force)
        {
            var col = labelWidth + 2 + (int)Math.Round(x.Fraction(value) * (plotWidth - 1));
            var text = x.Format(value);
            var start = Math.Max(0, Math.Min(width - text.Length, col - ((text.Length - 1) / 2)));
            var end = start + text.Length;
            if (!force && taken.Any(t => start <= t.To && end >= t.From))
            {
                return false;
            }

            text.CopyTo(0, labels, start, text.Length);
            // At least three spaces between two labels, so that neighbours read as separate numbers.
            taken.Add((start - 3, end + 2));
            axis[col] = ascii ? '+' : '┬';
            return true;
        }

        Place(x.Low, force: true);
        if (x.High > x.Low)
        {
            Place(x.High, force: false);
        }

        foreach (var tick in x.Ticks().Where(t => t > x.Low && t < x.High))
        {
            Place(tick, force: false);
        }

        return (axis.Append(' ').Append(name).ToString(), new string(labels).TrimEnd());
    }

    private static IEnumerable<string> Legend(Chart chart, int width, bool ascii)
    {
        var markers = ascii ? AsciiMarkers : UnicodeMarkers;
        var items = new List<string>();
        var marker = 0;
        for (var i = 0; i < chart.Series.Count; i++)
        {
            var sample = i == chart.LineSeries ? (ascii ? "**" : "⠒⠒") : markers[marker++ % markers.Length].ToString();
            items.Add(sample + " " + chart.Series[i].Name);
        }

        var line = new StringBuilder();
        foreach (var item in items)
        {
            if (line.Length > 0 && line.Length + 3 + item.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? "   " : string.Empty).Append(item);
        }

        yield return Fit(line.ToString(), width);
    }

    private static string Summary(ChartSeries series, bool ascii)
    {
        var first = series.Points[0];
        var last = series.Points[series.Points.Count - 1];
        var lowest = series.Points.Aggregate((a, b) => b.Y < a.Y ? b : a);
        return string.Format(CultureInfo.InvariantCulture, "{0}: {1} (step {2}) {3} {4} (step {5}), lowest {6} (step {7})",
            series.Name, Number(first.Y), first.X, ascii ? "->" : "→", Number(last.Y), last.X, Number(lowest.Y), lowest.X);
    }

    private static string Number(double value) => Math.Abs(value) >= 1000 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Fit(string text, int width) => text.Length <= width ? text : text.Substring(0, width - 3) + "...";

    /// <summary>The points of a straight line between two grid positions (Bresenham), both ends included.</summary>
    private static IEnumerable<(int X, int Y)> Segment((int X, int Y) from, (int X, int Y) to)
    {
        int x = from.X, y = from.Y;
        int dx = Math.Abs(to.X - x), dy = -Math.Abs(to.Y - y);
        int sx = x < to.X ? 1 : -1, sy = y < to.Y ? 1 : -1;
        var error = dx + dy;
        while (true)
        {
            yield return (x, y);
            if (x == to.X && y == to.Y)
            {
                yield break;
            }

            var twice = 2 * error;
            if (twice >= dy)
            {
                error += dy;
                x += sx;
            }

            if (twice <= dx)
            {
                error += dx;
                y += sy;
            }
        }
    }

    // Braille dot numbering: dots 1-3 and 7 down the left column, 4-6 and 8 down the right (U+2800 + bits).
    private static int BrailleBit(int column, int row) => (column, row) switch
    {
        (0, 3) => 0x40,
        (1, 3) => 0x80,
        (0, _) => 1 << row,
        _ => 0x08 << row,
    };
}
