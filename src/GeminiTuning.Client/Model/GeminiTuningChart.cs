using System;
using System.Collections.Generic;

namespace GeminiTuning;

/// <summary>A chart drawn as text by Show-GeminiTuningMetric: one job's metric series against step.</summary>
public sealed class GeminiTuningChart
{
    /// <summary>The job (or tuned model) whose metrics are drawn.</summary>
    public string JobName { get; set; } = string.Empty;

    /// <summary>The title line.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The series drawn, in legend order.</summary>
    public IReadOnlyList<string> Series { get; set; } = Array.Empty<string>();

    /// <summary>The width the chart was drawn for; no line is longer.</summary>
    public int Width { get; set; }

    /// <summary>True when drawn in plain ASCII.</summary>
    public bool Ascii { get; set; }

    /// <summary>The chart's lines.</summary>
    public IReadOnlyList<string> Lines { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    public override string ToString() => string.Join(Environment.NewLine, Lines);
}
