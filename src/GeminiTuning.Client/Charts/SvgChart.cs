using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Xml;

namespace GeminiTuning.Charts;

/// <summary>
/// Draws charts as one SVG document a browser opens: per chart a title, grid, axes with ticks, one <c>path</c> per
/// series (the line series stroked; marker series carry their points as <c>circle</c>s beside an unstroked path of the
/// same points) and a legend. Several charts are stacked. Written with <see cref="XmlWriter"/>, so names with markup
/// characters come out escaped.
/// </summary>
public static class SvgChart
{
    private const int Width = 800;
    private const int ChartHeight = 420;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 80;

    private static readonly string[] Colors = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b" };

    /// <summary>Returns the SVG text of <paramref name="charts"/>, one below the other.</summary>
    public static string Render(IReadOnlyList<Chart> charts)
    {
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false) };
        using (var writer = XmlWriter.Create(new Utf8StringWriter(text), settings))
        {
            var height = Math.Max(1, charts.Count) * ChartHeight;
            writer.WriteStartDocument();
            writer.WriteStartElement("svg", "http://www.w3.org/2000/svg");
            Attr(writer, "width", Width);
            Attr(writer, "height", height);
            writer.WriteAttributeString("viewBox", "0 0 " + Num(Width) + " " + Num(height));
            writer.WriteAttributeString("font-family", "sans-serif");
            writer.WriteAttributeString("font-size", "12");
            writer.WriteElementString("title", string.Join("; ", charts.Select(c => c.Title)));
            Rect(writer, 0, 0, Width, height, "white");
            for (var i = 0; i < charts.Count; i++)
            {
                writer.WriteStartElement("g");
                writer.WriteAttributeString("class", "chart");
                writer.WriteAttributeString("transform", "translate(0," + Num(i * ChartHeight) + ")");
                WriteChart(writer, charts[i]);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return text.ToString();
    }

    private static void WriteChart(XmlWriter w, Chart chart)
    {
        const double plotWidth = Width - Left - Right;
        const double plotHeight = ChartHeight - Top - Bottom;
        Text(w, Left, 24, chart.Title, "start", "14", bold: true);
        if (chart.IsEmpty)
        {
            Text(w, Left, Top + 20, "(no points yet)", "start", "12");
            return;
        }

        var (yMin, yMax) = chart.YRange;
        var (xMin, xMax) = chart.XRange;
        var y = ChartScale.For(yMin, yMax, 5, integral: false);
        var x = ChartScale.For(xMin, xMax, 8, integral: true);
        double Px(double v) => Left + (x.Fraction(v) * plotWidth);
        double Py(double v) => Top + ((1 - y.Fraction(v)) * plotHeight);

        foreach (var tick in y.Ticks())
        {
            Line(w, Left, Py(tick), Left + plotWidth, Py(tick), "#e0e0e0", "grid");
            Text(w, Left - 6, Py(tick) + 4, y.Format(tick), "end", "11");
        }

        foreach (var tick in new[] { x.Low }.Concat(x.Ticks().Where(t => t > x.Low && t < x.High)).Concat(x.High > x.Low ? new[] { x.High } : Array.Empty<double>()))
        {
            Line(w, Px(tick), Top + plotHeight, Px(tick), Top + plotHeight + 5, "#333333", "tick");
            Text(w, Px(tick), Top + plotHeight + 18, x.Format(tick), "middle", "11");
        }

        Line(w, Left, Top, Left, Top + plotHeight, "#333333", "axis");
        Line(w, Left, Top + plotHeight, Left + plotWidth, Top + plotHeight, "#333333", "axis");
        Text(w, Left + (plotWidth / 2), Top + plotHeight + 36, chart.XLabel, "middle", "12");
        Text(w, 14, Top + (plotHeight / 2), chart.YLabel, "middle", "12", rotate: true);

        var lineSeries = chart.LineSeries;
        for (var i = 0; i < chart.Series.Count; i++)
        {
            var series = chart.Series[i];
            var color = Colors[i % Colors.Length];
            var d = new StringBuilder();
            foreach (var p in series.Points)
            {
                d.Append(d.Length == 0 ? "M" : " L").Append(Num(Px(p.X))).Append(' ').Append(Num(Py(p.Y)));
            }

            w.WriteStartElement("path");
            w.WriteAttributeString("class", "series");
            w.WriteAttributeString("data-series", series.Name);
            w.WriteAttributeString("d", d.Length == 0 ? "M0 0" : d.ToString());
            w.WriteAttributeString("fill", "none");
            w.WriteAttributeString("stroke", color);
            w.WriteAttributeString("stroke-width", i == lineSeries ? "1.5" : "1");
            if (i != lineSeries)
            {
                w.WriteAttributeString("stroke-dasharray", "4 3");
            }

            w.WriteElementString("title", series.Name);
            w.WriteEndElement();
            if (i != lineSeries)
            {
                foreach (var p in series.Points)
                {
                    w.WriteStartElement("circle");
                    Attr(w, "cx", Px(p.X));
                    Attr(w, "cy", Py(p.Y));
                    w.WriteAttributeString("r", "3.5");
                    w.WriteAttributeString("fill", color);
                    w.WriteEndElement();
                }
            }

            var legendX = Left + (i % 3 * 230);
            var legendY = ChartHeight - 22 + (i / 3 * 16) - (chart.Series.Count > 3 ? 12 : 0);
            Line(w, legendX, legendY - 4, legendX + 24, legendY - 4, color, "legend");
            Text(w, legendX + 30, legendY, series.Name, "start", "12");
        }
    }

    private static void Line(XmlWriter w, double x1, double y1, double x2, double y2, string stroke, string cls)
    {
        w.WriteStartElement("line");
        w.WriteAttributeString("class", cls);
        Attr(w, "x1", x1);
        Attr(w, "y1", y1);
        Attr(w, "x2", x2);
        Attr(w, "y2", y2);
        w.WriteAttributeString("stroke", stroke);
        w.WriteAttributeString("stroke-width", cls == "legend" ? "2" : "1");
        w.WriteEndElement();
    }

    private static void Rect(XmlWriter w, double x, double y, double width, double height, string fill)
    {
        w.WriteStartElement("rect");
        Attr(w, "x", x);
        Attr(w, "y", y);
        Attr(w, "width", width);
        Attr(w, "height", height);
        w.WriteAttributeString("fill", fill);
        w.WriteEndElement();
    }

    private static void Text(XmlWriter w, double x, double y, string text, string anchor, string size, bool bold = false, bool rotate = false)
    {
        w.WriteStartElement("text");
        Attr(w, "x", x);
        Attr(w, "y", y);
        w.WriteAttributeString("text-anchor", anchor);
        w.WriteAttributeString("font-size", size);
        if (bold)
        {
            w.WriteAttributeString("font-weight", "bold");
        }

        if (rotate)
        {
            w.WriteAttributeString("transform", "rotate(-90 " + Num(x) + " " + Num(y) + ")");
        }

        w.WriteString(text);
        w.WriteEndElement();
    }

    private static void Attr(XmlWriter w, string name, double value) => w.WriteAttributeString(name, Num(value));

    private static string Num(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A StringWriter that declares UTF-8, so the XML declaration says what the file is written in.</summary>
    private sealed class Utf8StringWriter : System.IO.StringWriter
    {
        public Utf8StringWriter(StringBuilder builder)
            : base(builder, CultureInfo.InvariantCulture)
        {
        }

        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
