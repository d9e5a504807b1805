using System;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using GeminiTuning.Datasets;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Checks JSONL tuning datasets locally and reports every problem with its line and column.</para>
/// </summary>
/// <remarks>
/// Writes a <see cref="DatasetReport"/> per file, or with -Quiet only <c>$true</c> (no errors) or <c>$false</c>.
/// The checking itself is <see cref="DatasetValidator"/>; this cmdlet resolves paths through the provider, shows
/// progress and turns file errors into ErrorRecords. It runs offline: -Project and -Region are accepted like
/// everywhere in the module and not used.
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

    /// <summary>Writes only $true (no errors) or $false for each file.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == LiteralPathSet)
        {
            foreach (var path in LiteralPath)
            {
                if (ResolveLiteral(path) is { } file)
                {
                    Check(file);
                }
            }

            return;
        }

        foreach (var path in Path)
        {
            foreach (var file in ResolveWildcards(path))
            {
                Check(file);
            }
        }
    }

    private string? ResolveLiteral(string path)
    {
        try
        {
            var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            return IsFileSystem(provider, path) ? file : null;
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
        {
            Fail(DatasetValidator.FileNotFound(path), path);
            return null;
        }
    }

    private Collection<string> ResolveWildcards(string path)
    {
        try
        {
            var files = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
            if (!IsFileSystem(provider, path))
            {
                return new Collection<string>();
            }

            if (files.Count == 0)
            {
                Fail(DatasetValidator.FileNotFound(path), path);
            }

            return files;
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
        {
            Fail(DatasetValidator.FileNotFound(path), path);
            return new Collection<string>();
        }
    }

    private bool IsFileSystem(ProviderInfo provider, string path)
    {
        if (string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        Fail(new GeminiTuningException($"'{path}' is on the {provider.Name} provider, not the file system.", "NotAFile", ErrorCategoryHint.InvalidArgument,
            "Give the path of a .jsonl file on a file-system drive."), path);
        return false;
    }

    private void Check(string file)
    {
        var progress = new ProgressBar(this, file);
        var options = new DatasetValidationOptions
        {
            Purpose = Purpose,
            BaseModel = BaseModel,
            BytesRead = progress.Update,
            ProblemFound = problem => WriteVerbose(System.IO.Path.GetFileName(file) + ": " + problem),
        };
        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Checking {0} as a {1} dataset against the limits of {2}.", file,
            Purpose.ToString().ToLowerInvariant(), DatasetLimits.For(BaseModel).AppliesTo));
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

    /// <summary>Writes the progress <see cref="ValidationProgress"/> decides on, and completes the bar if it was shown.</summary>
    private sealed class ProgressBar
    {
        private readonly TestGeminiTuningDatasetCommand _cmdlet;
        private readonly ValidationProgress _progress;

        public ProgressBar(TestGeminiTuningDatasetCommand cmdlet, string file)
        {
            _cmdlet = cmdlet;
            long size;
            try
            {
                size = new FileInfo(file).Length;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                size = 0;
            }

            _progress = new ValidationProgress(System.IO.Path.GetFileName(file), size);
        }

        public void Update(long bytesRead)
        {
            if (_progress.Update(bytesRead) is not { } update)
            {
                return;
            }

            var record = new ProgressRecord(1, "Test-GeminiTuningDataset", update.Status);
            if (update.PercentComplete is { } percent)
            {
                record.PercentComplete = percent;
            }

            if (update.SecondsRemaining is { } seconds)
            {
                record.SecondsRemaining = seconds;
            }

            _cmdlet.WriteProgress(record);
        }

        public void Complete()
        {
            if (!_progress.Shown)
            {
                return;
            }

            try
            {
                _cmdlet.WriteProgress(new ProgressRecord(1, "Test-GeminiTuningDataset", "Done") { RecordType = ProgressRecordType.Completed });
            }
            catch (PipelineStoppedException)
            {
                // Stopping: the host clears progress bars itself.
            }
        }
    }
}
