using System;
using System.Collections.Generic;
using System.Linq;

namespace GeminiTuning;

/// <summary>A job's labels. A dictionary that reads as <c>key=value; key=value</c> (sorted by key) wherever it becomes text,
/// so that Export-Csv and string expansion show the labels instead of a type name.</summary>
public sealed class GeminiTuningLabels : Dictionary<string, string>
{
    /// <summary>Creates empty labels.</summary>
    public GeminiTuningLabels()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>Copies <paramref name="labels"/>.</summary>
    public GeminiTuningLabels(IDictionary<string, string> labels)
        : base(labels, StringComparer.Ordinal)
    {
    }

    /// <inheritdoc />
    public override string ToString() => string.Join("; ", this.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));
}
