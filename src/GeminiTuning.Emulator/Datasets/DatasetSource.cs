using System.IO;

namespace GeminiTuning.Emulator.Datasets;

/// <summary>A tuning job's dataset as the emulator finds it: bytes to analyse, or a synthetic dataset.</summary>
internal sealed class DatasetSource
{
    public static readonly DatasetSource SyntheticDataset = new DatasetSource(null);

    public DatasetSource(Stream? content) => Content = content;

    /// <summary>The bytes; null for a synthetic dataset (its statistics follow from its URI).</summary>
    public Stream? Content { get; }
}
