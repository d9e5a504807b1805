using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace GeminiTuning;

/// <summary>A job's checkpoints. A read-only list that reads as <c>1 (epoch 1, step 10); 2 (epoch 2, step 20)</c> wherever
/// it becomes text, so that Export-Csv shows the checkpoints instead of a type name.</summary>
public sealed class GeminiTuningCheckpointList : ReadOnlyCollection<GeminiTuningCheckpoint>
{
    /// <summary>No checkpoints.</summary>
    public static readonly GeminiTuningCheckpointList Empty = new(new GeminiTuningCheckpoint[0]);

    /// <summary>Wraps <paramref name="checkpoints"/>.</summary>
    public GeminiTuningCheckpointList(IList<GeminiTuningCheckpoint> checkpoints)
        : base(checkpoints)
    {
    }

    /// <inheritdoc />
    public override string ToString() => string.Join("; ", this.Select(c => $"{c.CheckpointId} (epoch {c.Epoch}, step {c.Step})"));
}
