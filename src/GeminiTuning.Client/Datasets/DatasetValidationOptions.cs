using System;

namespace GeminiTuning.Datasets;

/// <summary>How <see cref="DatasetValidator"/> checks a file, and where it reports as it goes.</summary>
public sealed class DatasetValidationOptions
{
    /// <summary>The largest line read as one example: 16 MiB, far beyond any model's token limit (131,072 tokens ≈ 512 KB of text).</summary>
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    /// <summary>The dataset's format: supervised (the default; <c>contents</c> ending with a model turn) or preference (a prompt and two scored completions).</summary>
    public GeminiTuningMethod TuningMethod { get; set; } = GeminiTuningMethod.Supervised;

    /// <summary>Training (the default) or validation.</summary>
    public DatasetPurpose Purpose { get; set; } = DatasetPurpose.Training;

    /// <summary>The base model whose limits apply, e.g. <c>gemini-2.5-flash</c>; null (or an unknown model) uses the limits of current Gemini models.</summary>
    public string? BaseModel { get; set; }

    /// <summary>How many problems the report keeps in <see cref="DatasetReport.Problems"/> (default 1,000); the rest are counted. <see cref="ProblemFound"/> sees them all.</summary>
    public int MaxProblemsKept { get; set; } = 1000;

    /// <summary>Called for every problem, in file order, as soon as it is found (on the validating thread).</summary>
    public Action<DatasetProblem>? ProblemFound { get; set; }

    /// <summary>Called with the number of bytes read so far, after each block read (about every MiB), on the validating thread.</summary>
    public Action<long>? BytesRead { get; set; }

    /// <summary>A line longer than this is reported as <see cref="DatasetProblemCode.ExampleTooLong"/> and skipped without being held in memory.</summary>
    public int MaxLineBytes { get; set; } = DefaultMaxLineBytes;

    /// <summary>
    /// How many threads check lines at once (default: one per processor, at most 8). Lines are checked in batches of a
    /// block and reported in file order whatever this is.
    /// </summary>
    public int MaxParallelism { get; set; } = Math.Min(Environment.ProcessorCount, 8);

    /// <summary>Size of the read buffer (default 1 MiB); lines longer than it make it grow up to <see cref="MaxLineBytes"/>.</summary>
    internal int BufferBytes { get; set; } = 1024 * 1024;

    /// <summary>Read long strings with escapes from a copy that the JSON reader goes through faster (<see cref="EscapeNeutralizer"/>); tests turn it off to compare.</summary>
    internal bool NeutralizeEscapes { get; set; } = true;

    /// <summary>Read a clean example in the usual shape in one pass of its own (<see cref="CleanExample"/>); tests turn it off to compare.</summary>
    internal bool RecognizeCleanExamples { get; set; } = true;

    /// <summary>Sees every block of the raw file as it is read (the staging path hashes the content with it).</summary>
    internal IContentObserver? ContentObserver { get; set; }
}

/// <summary>Sees the raw bytes of a file, in order, as they are read.</summary>
internal interface IContentObserver
{
    void Observe(byte[] buffer, int offset, int count);
}
