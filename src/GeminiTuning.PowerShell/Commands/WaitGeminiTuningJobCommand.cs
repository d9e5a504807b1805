using System;
using System.Collections.Generic;
using System.Management.Automation;
using GeminiTuning.Waiting;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Wait-GeminiTuningJob cmdlet. Its help (docs/help/Wait-GeminiTuningJob.md) says what it does.</summary>
[Cmdlet(VerbsLifecycle.Wait, "GeminiTuningJob")]
[OutputType(typeof(GeminiTuningJob))]
public sealed class WaitGeminiTuningJobCommand : GeminiTuningCloudCmdlet
{
    private readonly List<WaitTarget> _targets = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private WaitOptions _options = new();

    /// <summary>Job ids or full names; pipe jobs from New- or Get-GeminiTuningJob, or saved rows of them.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [JobNameTransformation]
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
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _options = WaitParameters.Resolve(this, Timeout, PollingInterval, Any);
    }

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
    protected override void EndProcessing() =>
        JobWaitReporter.Wait(this, Operations, _targets, _options, writeEndedJobs: true, reportFailedJobs: true);
}
