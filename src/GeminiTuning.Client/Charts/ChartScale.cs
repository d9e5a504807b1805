using System;
using System.Collections.Generic;
using System.Globalization;

namespace GeminiTuning.Charts;

/// <summary>An axis: its bounds rounded out to "nice" numbers (1, 2, 2.5 or 5 × 10^k apart) and the ticks between them.</summary>
internal sealed class ChartScale
{
    private ChartScale(double low, double high, double step, bool integral)
    {
        Low = low;
        High = high;
        Step = step;
        Integral = integral;
    }

    public double Low { get; }

    public double High { get; }

    public double Step { get; }

    private bool Integral { get; }

    /// <summary>A scale for values from <c>min</c> to <c>max</c> with about <c>ticks</c> ticks. With <c>integral</c>, ticks
    /// fall on whole numbers only (steps) and the bounds stay at the data (a step axis starts where training did).</summary>
    public static ChartScale For(double min, double max, int ticks, bool integral)
    {
        if (max <= min)
        {
            var pad = integral ? 1 : Math.Max(Math.Abs(min) * 0.1, 0.5);
            min -= integral ? 0 : pad;
            max += pad;
        }

        var step = NiceStep((max - min) / Math.Max(1, ticks));
        if (integral)
        {
            step = Math.Max(1, Math.Round(step));
            return new ChartScale(min, max, step, true);
        }

        return new ChartScale(Math.Floor((min / step) + 1e-9) * step, Math.Ceiling((max / step) - 1e-9) * step, step, false);
    }

    /// <summary>The tick values inside the bounds.</summary>
    public IReadOnlyList<double> Ticks()
    {
        var ticks = new List<double>();
        var first = Math.Ceiling((Low / Step) - 1e-9) * Step;
        for (var i = 0; i < 1000; i++)
        {
            var value = first + (i * Step);
            if (value > High + (Step * 1e-6))
            {
                break;
            }

            ticks.Add(Math.Abs(value) < Step * 1e-9 ? 0 : value);
        }

        return ticks;
    }

    /// <summary>Where a value lies, from 0 (Low) to 1 (High).</summary>
    public double Fraction(double value) => High <= Low ? 0 : (value - Low) / (High - Low);

    /// <summary>A tick value as text, with as many decimals as the step needs.</summary>
    public string Format(double value)
    {
        if (Integral)
        {
            return Math.Round(value).ToString("0", CultureInfo.InvariantCulture);
        }

        var decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(Step) + 1e-9));
        if (Math.Abs((Step / Math.Pow(10, -decimals)) - Math.Round(Step / Math.Pow(10, -decimals))) > 1e-6)
        {
            decimals++; // 2.5 × 10^k needs one more
        }

        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static double NiceStep(double rough)
    {
        if (rough <= 0 || double.IsNaN(rough) || double.IsInfinity(rough))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var f = rough / magnitude;
        var nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
