using System;
using System.Globalization;
using System.Management.Automation;
using GeminiTuning.Datasets;

namespace GeminiTuning.PowerShell;

/// <summary>Shows staging progress (validating, then uploading) as a progress bar, written on the pipeline thread.</summary>
internal sealed class StagingProgressBar : IProgress<DatasetStagingProgress>
{
    private const int ActivityId = 42;
    private readonly GeminiTuningCmdlet _cmdlet;
    private string? _last;

    public StagingProgressBar(GeminiTuningCmdlet cmdlet) => _cmdlet = cmdlet;

    public void Report(DatasetStagingProgress value)
    {
        var key = value.LocalPath + value.Phase + value.PercentComplete;
        if (key == _last)
        {
            return;
        }

        _last = key;
        var record = new ProgressRecord(ActivityId, "Staging " + System.IO.Path.GetFileName(value.LocalPath),
            string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0} of {2:N0} bytes", value.Phase, value.BytesDone, value.BytesTotal))
        {
            PercentComplete = value.PercentComplete,
        };
        _cmdlet.Post(() => _cmdlet.WriteProgress(record));
    }

    public void Complete()
    {
        _last = null;
        try
        {
            _cmdlet.WriteProgress(new ProgressRecord(ActivityId, "Staging", "Done") { RecordType = ProgressRecordType.Completed });
        }
        catch (PipelineStoppedException)
        {
            // Stopping: the host clears progress bars itself.
        }
    }
}
