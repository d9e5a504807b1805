using System;
using System.Collections.Generic;
using System.Management.Automation;
using GeminiTuning.Waiting;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Stop-GeminiTuningJob cmdlet. Its help (docs/help/Stop-GeminiTuningJob.md) says what it does.</summary>
[Cmdlet(VerbsLifecycle.Stop, "GeminiTuningJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(GeminiTuningJob))]
public sealed class StopGeminiTuningJobCommand : GeminiTuningCloudCmdlet
{
    private readonly List<WaitTarget> _toWaitFor = new();
    private WaitOptions _options = new();

    /// <summary>Job ids or full names; pipe jobs, or saved rows of them.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [JobNameTransformation]
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

    /// <summary>Cancel without asking for confirmation (a cancelled job cannot be resumed, and its training so far is lost).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _options = WaitParameters.Resolve(this, Timeout, null, any: false);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var nameOrId in Name)
        {
            try
            {
                var name = Operations.ResolveJobName(nameOrId, Project, Region);
                if (ShouldProcess($"Cancel tuning job {name}.",
                        $"Cancel tuning job {name}? A cancelled job cannot be resumed: the training done so far is discarded, and what it used is still billed.",
                        "Cancel tuning job", Force))
                {
                    Cancel(name);
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
        JobWaitReporter.Wait(this, Operations, _toWaitFor, _options, writeEndedJobs: PassThru, reportFailedJobs: false);

    private void Cancel(string name)
    {
        // Until the user hears of it, a requested cancellation is told if the command is stopped.
        Notices.Set(name, $"Stopped while the cancellation of {name} was being requested: it may have been requested. Get-GeminiTuningJob {name} shows its state.");
        try
        {
            RunSync(ct => Operations.CancelAsync(name, null, null, ct));
        }
        catch (GeminiTuningException)
        {
            Notices.Remove(name);
            throw;
        }

        WriteVerbose($"Cancellation of {name} requested.");
        if (Wait)
        {
            var target = Operations.WaitTargetFor(name, null, null);
            Notices.Remove(name);
            Notices.Set(target.Name, $"The cancellation of {name} was requested; you stopped waiting for it to settle. Wait-GeminiTuningJob {name} waits for the job to end.");
            _toWaitFor.Add(target);
            return;
        }

        Notices.Remove(name);
        if (PassThru)
        {
            WriteObject(RunSync(ct => Operations.GetAsync(name, null, null, ct)));
        }
    }
}
