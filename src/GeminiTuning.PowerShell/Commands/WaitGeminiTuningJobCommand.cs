using System;
using System.Collections.Generic;
using System.Management.Automation;
using GeminiTuning.Waiting;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Waits until tuning jobs end, showing their progress, and writes each ended job.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "GeminiTuningJob")]
[OutputType(typeof(GeminiTuningJob))]
public sealed class WaitGeminiTuningJobCommand : GeminiTuningCmdlet
{
    private readonly List<WaitTarget> _targets = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Job ids or full names; pipe jobs from New- or Get-GeminiTuningJob.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Stop waiting (never cancel) after this long. A TimeSpan, '04:00:00', or seconds.</summary>
    [Parameter]
    [TimeSpanArgumentTransformation]
    public TimeSpan? Timeout { get; set; }

    /// <summary>Pause between polls (clamped to 1 second .. 10 minutes). Without it, polls start at 2 s and slow to 30 s.</summary>
    [Parameter]
    [TimeSpanArgumentTransformation]
    public TimeSpan? PollingInterval { get; set; }

    /// <summary>Return as soon as any one of the jobs has ended.</summary>
    [Parameter]
    public SwitchParameter Any { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var nameOrId in Name)
        {
            try
            {
                var target = Operations.WaitTargetFor(nameOrId, Project, Region);
                if (_seen.Add(target.Name))
                {
                    _targets.Add(target);
                }
            }
            catch (GeminiTuningException ex)
            {
                WriteErrorFor(ex, nameOrId);
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        WaitOptions options;
        try
        {
            options = WaitOptionsFrom(Timeout, PollingInterval, Any);
        }
        catch (PSArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "WaitGeminiTuningJobInvalidTimeout", ErrorCategory.InvalidArgument, Timeout));
            return;
        }

        WaitForJobs(_targets, options, writeEndedJobs: true, reportFailedJobs: true);
    }
}
