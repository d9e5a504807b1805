using System;
using System.IO;
using System.Management.Automation;
using GeminiTuning.Datasets;

namespace GeminiTuning.PowerShell;

/// <summary>Test-GeminiTuningDataset's progress bar: writes what <see cref="ValidationProgress"/> decides on, and completes the bar if it was shown.</summary>
internal sealed class ValidationProgressBar
{
    private const string Activity = "Test-GeminiTuningDataset";
    private readonly Cmdlet _cmdlet;
    private readonly ValidationProgress _progress;

    public ValidationProgressBar(Cmdlet cmdlet, string file)
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

        _progress = new ValidationProgress(Path.GetFileName(file), size);
    }

    /// <summary>Called on the pipeline thread as the validator reads.</summary>
    public void Update(long bytesRead)
    {
        if (_progress.Update(bytesRead) is not { } update)
        {
            return;
        }

        var record = new ProgressRecord(1, Activity, update.Status);
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
            _cmdlet.WriteProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
        catch (PipelineStoppedException)
        {
            // Stopping: the host clears progress bars itself.
        }
    }
}
