using System.Linq;
using System.Management.Automation;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Stop-GeminiTuningEmulator cmdlet. Its help (docs/help/Stop-GeminiTuningEmulator.md) says what it does.</summary>
[Cmdlet(VerbsLifecycle.Stop, "GeminiTuningEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GeminiTuningEmulatorInfo))]
public sealed class StopGeminiTuningEmulatorCommand : GeminiTuningCmdlet
{
    /// <summary>Ports of the emulators to stop; without it, every emulator started in this PowerShell process (any runspace) stops.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public int[]? Port { get; set; }

    /// <summary>Write the stopped emulator.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var targets = Port ?? RunningEmulators.All.Select(e => e.Port);
        foreach (var port in targets)
        {
            if (!ShouldProcess("emulator on 127.0.0.1:" + port, "Stop"))
            {
                continue;
            }

            var info = RunningEmulators.Remove(port);
            if (info is null)
            {
                WriteError(new ErrorRecord(new PSArgumentException($"No emulator started by this session listens on port {port}.", nameof(Port)),
                    "StopGeminiTuningEmulatorNotFound", ErrorCategory.ObjectNotFound, port));
                continue;
            }

            // Stopping deletes its service account key file too.
            info.Emulator.Dispose();
            WriteVerbose($"Stopped the emulator on {info.Uri}.");

            // A session left pointing at it would spend its retries on a refused connection: it goes back to the
            // environment's and gcloud's settings instead.
            if (GeminiTuningSession.DisconnectIfEndpoint(info.Uri))
            {
                WriteVerbose($"Disconnected the session, which pointed at {info.Uri}.");
            }

            if (PassThru)
            {
                WriteObject(info);
            }
        }
    }
}
