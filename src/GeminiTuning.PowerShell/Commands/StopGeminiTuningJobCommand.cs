using System;
using System.Collections.Generic;
using System.Management.Automation;
using GeminiTuning.Waiting;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Cancels tuning jobs.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "GeminiTuningJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GeminiTuningJob))]
public sealed class StopGeminiTuningJobCommand : GeminiTuningCmdlet
{
    private readonly List<WaitTarget> _toWaitFor = new();

    /// <summary>Job ids or full names.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Write the job after the cancel request (with -Wait: after the cancel settled).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Wait until the cancellation settles (the job reaches an ended state).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: stop waiting after this long. A TimeSpan, '00:10:00', or seconds.</summary>
    [Parameter]
    [TimeSpanArgumentTransformation]
    public TimeSpan? Timeout { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var nameOrId in Name)
        {
            try
            {
                var name = Operations.ResolveJobName(nameOrId, Project, Region);
                if (!ShouldProcess(name, "Cancel tuning job"))
                {
                    continue;
                }

                RunSync(ct => Operations.CancelAsync(name, null, null, ct));
                WriteVerbose($"Cancellation of {name} requested.");
                if (Wait)
                {
                    _toWaitFor.Add(Operations.WaitTargetFor(name, null, null));
                }
                else if (PassThru)
                {
                    WriteObject(RunSync(ct => Operations.GetAsync(name, null, null, ct)));
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
        if (_toWaitFor.Count > 0)
        {
            WaitForJobs(_toWaitFor, WaitOptionsFrom(Timeout, null, any: false), writeEndedJobs: PassThru, reportFailedJobs: false);
        }
    }
}
