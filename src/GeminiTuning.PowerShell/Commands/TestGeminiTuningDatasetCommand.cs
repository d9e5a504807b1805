using System;
using System.Linq;
using System.Globalization;
using System.Management.Automation;
using GeminiTuning.Datasets;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Test-GeminiTuningDataset cmdlet. Its help (docs/help/Test-GeminiTuningDataset.md) says what it does.</summary>
/// <remarks>
/// Writes a <see cref="DatasetReport"/> per file, or with -Quiet only <c>$true</c> (no errors) or <c>$false</c>.
/// The checking itself is <see cref="DatasetValidator"/>; this cmdlet resolves paths through the provider, shows
/// progress and turns file errors into ErrorRecords. It runs offline, so it has no -Project or -Region.
/// </remarks>
[Cmdlet(VerbsDiagnostic.Test, "GeminiTuningDataset", DefaultParameterSetName = PathSet)]
[OutputType(typeof(DatasetReport))]
public sealed class TestGeminiTuningDatasetCommand : GeminiTuningCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>Files to check; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Files to check, taken literally (no wildcards); files piped from Get-ChildItem bind here through PSPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>The base model whose limits apply, e.g. gemini-2.5-flash; without it, the limits of current Gemini models.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(BaseModelCompleter))]
    public string? BaseModel { get; set; }

    /// <summary>Training (default) or Validation: a validation dataset holds at most 5,000 examples.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DatasetPurpose Purpose { get; set; } = DatasetPurpose.Training;

    /// <summary>Supervised (default) or Preference: a preference dataset holds a prompt and a preferred and a dispreferred completion per line.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public GeminiTuningMethod TuningMethod { get; set; } = GeminiTuningMethod.Supervised;

    /// <summary>The epochs of the planned run: the report's BillableSize is then its total (billable tokens × epochs).</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    [WholeNumberTransformation]
    public long? EpochCount { get; set; }

    /// <summary>Writes only $true (no errors) or $false for each file.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var paths = new FileSystemPaths(SessionState.Path, Fail);
        var files = ParameterSetName == LiteralPathSet
            ? LiteralPath.Select(paths.Literal).OfType<string>()
            : Path.SelectMany(paths.Expand);
        foreach (var file in files)
        {
            Check(file);
        }
    }

    private void Check(string file)
    {
        var progress = new ValidationProgressBar(this, file);
        var options = new DatasetValidationOptions
        {
            Purpose = Purpose,
            TuningMethod = TuningMethod,
            BaseModel = BaseModel,
            BytesRead = progress.Update,
            ProblemFound = problem => WriteVerbose(System.IO.Path.GetFileName(file) + ": " + problem),
        };
        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Checking {0} as a {1} {2} dataset against the limits of {3}.", file,
            TuningMethod.ToString().ToLowerInvariant(), Purpose.ToString().ToLowerInvariant(), DatasetLimits.For(BaseModel).AppliesTo));
        DatasetReport report;
        try
        {
            // On the pipeline thread: the callbacks write progress and verbose lines directly, and Ctrl+C
            // (StopProcessing) cancels the token, which the validator checks after every block of about 1 MiB.
            report = DatasetValidator.Validate(file, options, CancellationToken);
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (GeminiTuningException ex)
        {
            Fail(ex, file);
            return;
        }
        finally
        {
            progress.Complete();
        }

        report.EpochCount = EpochCount;
        if (report.EstimatedBillableTokens > 0)
        {
            WriteVerbose(System.IO.Path.GetFileName(file) + ": billable size " + report.BillableSize + ".");
        }

        WriteObject(Quiet ? report.IsValid : report);
    }

    private void Fail(GeminiTuningException error, string target)
    {
        WriteErrorFor(error, target);
        if (Quiet)
        {
            WriteObject(false);
        }
    }
}
