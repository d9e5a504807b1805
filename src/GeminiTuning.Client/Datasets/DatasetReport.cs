using System.Collections.Generic;
using System.Globalization;

namespace GeminiTuning.Datasets;

/// <summary>What <see cref="DatasetValidator"/> found in one JSONL file: its examples, their estimated tokens, and its problems.</summary>
/// <remarks>
/// Token counts are estimates: the characters of every text part (and of function calls and responses) divided by 4,
/// rounded up per part, as Google's rule of thumb and the emulator's dataset statistics do. Media parts
/// (<c>fileData</c>) add tokens the estimate cannot see. For exact counts call the model's <c>countTokens</c>.
/// </remarks>
public sealed class DatasetReport
{
    internal DatasetReport(string path, DatasetPurpose purpose, string? baseModel, DatasetLimits limits)
    {
        Path = path;
        Purpose = purpose;
        BaseModel = baseModel;
        Limits = limits;
    }

    /// <summary>The file that was checked (full path).</summary>
    public string Path { get; }

    /// <summary>Training or validation.</summary>
    public DatasetPurpose Purpose { get; }

    /// <summary>The base model as given, or null.</summary>
    public string? BaseModel { get; }

    /// <summary>The limits applied (the base model's, or those of current Gemini models).</summary>
    public DatasetLimits Limits { get; }

    /// <summary>File size in bytes.</summary>
    public long SizeBytes { get; internal set; }

    /// <summary>Non-blank lines: each is one example (valid or not).</summary>
    public long ExampleCount { get; internal set; }

    /// <summary>Examples with at least one media part (<c>fileData</c> or <c>inlineData</c>).</summary>
    public long MultimodalExampleCount { get; internal set; }

    /// <summary>Estimated tokens of all examples that could be read (characters / 4, see remarks).</summary>
    public long EstimatedTokens { get; internal set; }

    /// <summary>
    /// Estimated billable tokens of one epoch: <see cref="EstimatedTokens"/> for supervised tuning; for preference tuning
    /// each example's prompt counts twice, plus its completions (Google's billing rule for preference tuning).
    /// </summary>
    public long EstimatedBillableTokens { get; internal set; }

    /// <summary>How the dataset was checked: as a supervised or a preference dataset.</summary>
    public GeminiTuningMethod TuningMethod { get; internal set; }

    /// <summary>The billable size of a run over this dataset with <paramref name="epochCount"/> epochs (null: the service chooses).</summary>
    public BillableEstimate Billable(long? epochCount) => new(EstimatedBillableTokens, epochCount);

    /// <summary>The epochs <see cref="BillableSize"/> assumes (Test-GeminiTuningDataset -EpochCount); null when the service would choose.</summary>
    public long? EpochCount { get; set; }

    /// <summary>The billable size of a run over this dataset: its billable tokens × <see cref="EpochCount"/>.</summary>
    public BillableEstimate BillableSize => Billable(EpochCount);

    /// <summary>Fewest estimated tokens in one example, or null when no example could be read.</summary>
    public long? MinExampleTokens { get; internal set; }

    /// <summary>Most estimated tokens in one example, or null.</summary>
    public long? MaxExampleTokens { get; internal set; }

    /// <summary>Mean estimated tokens per example, or null.</summary>
    public double? MeanExampleTokens { get; internal set; }

    /// <summary>Problems of severity Error.</summary>
    public long ErrorCount { get; internal set; }

    /// <summary>Problems of severity Warning.</summary>
    public long WarningCount { get; internal set; }

    /// <summary>Every problem found (errors and warnings).</summary>
    public long ProblemCount => ErrorCount + WarningCount;

    /// <summary>The first problems, in file order (at most <see cref="DatasetValidationOptions.MaxProblemsKept"/>).</summary>
    public IReadOnlyList<DatasetProblem> Problems => _problems;

    /// <summary>Problems found but not kept in <see cref="Problems"/>.</summary>
    public long OmittedProblemCount { get; internal set; }

    /// <summary>True when no error was found (warnings allowed).</summary>
    public bool IsValid => ErrorCount == 0;

    /// <summary>What the numbers mean and which limits were applied.</summary>
    public IReadOnlyList<string> Notes => _notes;

    internal List<DatasetProblem> ProblemList => _problems;

    internal List<string> NoteList => _notes;

    private readonly List<DatasetProblem> _problems = new();
    private readonly List<string> _notes = new();

    /// <summary>"train.jsonl: 1200 examples, 2 errors, 1 warning".</summary>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}: {1} example(s), {2} error(s), {3} warning(s)",
        System.IO.Path.GetFileName(Path), ExampleCount, ErrorCount, WarningCount);
}
