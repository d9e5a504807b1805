using System.Management.Automation;
using GeminiTuning.Config;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Disconnect-GeminiTuning cmdlet. Its help (docs/help/Disconnect-GeminiTuning.md) says what it does.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "GeminiTuning", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GeminiTuningContextInfo))]
public sealed class DisconnectGeminiTuningCommand : GeminiTuningCmdlet
{
    /// <summary>Write what is in effect after disconnecting (the environment's and gcloud's settings).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var current = GeminiTuningSession.Current;
        var what = current is null ? "no connection (cached tokens only)" : $"the connection to {current.Endpoint?.ToString() ?? "Google Cloud"} ({current.CredentialType})";
        if (!ShouldProcess(what, "Forget the GeminiTuning connection and its cached tokens"))
        {
            return;
        }

        GeminiTuningSession.Disconnect();
        WriteVerbose(current is null
            ? "Nothing was connected; cached Application Default Credentials tokens were cleared."
            : "Disconnected: the credential, API key and cached tokens are forgotten.");
        if (PassThru)
        {
            WriteObject(new SettingsResolver(null).Describe());
        }
    }
}
