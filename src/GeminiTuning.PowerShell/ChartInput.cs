using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace GeminiTuning.PowerShell;

/// <summary>
/// What Show-GeminiTuningMetric was given, one item at a time: metric points (as Get-GeminiTuningMetric writes them,
/// or rows of them read back with Import-Csv), or jobs (job objects, saved rows of them, names and ids), whose points
/// it reads itself.
/// </summary>
internal static class ChartInput
{
    /// <summary>Calls <paramref name="point"/> for each point and <paramref name="job"/> for each job name in <paramref name="input"/>; false for something else.</summary>
    public static bool Sort(object? input, Action<GeminiTuningMetricPoint> point, Action<string> job)
    {
        var value = input is PSObject pso ? pso.BaseObject : input;
        switch (value)
        {
            case null:
                return false;
            case GeminiTuningMetricPoint p:
                point(p);
                return true;
            case GeminiTuningJob j:
                job(j.Name);
                return true;
            case string name:
                if (string.IsNullOrWhiteSpace(name))
                {
                    return false;
                }

                job(name.Trim());
                return true;
            case IEnumerable items and not IDictionary:
                var all = true;
                foreach (var item in items)
                {
                    all &= Sort(item, point, job);
                }

                return all;
        }

        var row = PSObject.AsPSObject(input);
        if (PointOf(row) is { } saved)
        {
            point(saved);
            return true;
        }

        if (new JobNameTransformationAttribute().Transform(null!, input) is string jobName)
        {
            job(jobName);
            return true;
        }

        return false;
    }

    /// <summary>A point from a row with Metric, Step and Value (and JobName, Epoch, Time), as Export-Csv wrote it.</summary>
    private static GeminiTuningMetricPoint? PointOf(PSObject row)
    {
        var metric = Text(row, "Metric");
        var step = Text(row, "Step");
        var value = Text(row, "Value");
        if (metric is null || !long.TryParse(step, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ||
            !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            return null;
        }

        return new GeminiTuningMetricPoint
        {
            JobName = Text(row, "JobName") ?? string.Empty,
            Metric = metric,
            Step = s,
            Value = v,
            Epoch = long.TryParse(Text(row, "Epoch"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var e) ? e : null,
            Time = DateTimeOffset.TryParse(Text(row, "Time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null,
        };
    }

    private static string? Text(PSObject row, string property)
    {
        try
        {
            var value = row.Properties[property]?.Value;
            value = value is PSObject pso ? pso.BaseObject : value;
            return value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        }
        catch (GetValueException)
        {
            return null;
        }
    }
}
