using System.Management.Automation;
using GeminiTuning.Config;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Get-GeminiTuningContext cmdlet. Its help (docs/help/Get-GeminiTuningContext.md) says what it does.</summary>
[Cmdlet(VerbsCommon.Get, "GeminiTuningContext")]
[OutputType(typeof(GeminiTuningContextInfo))]
public sealed class GetGeminiTuningContextCommand : GeminiTuningCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var info = new SettingsResolver(GeminiTuningSession.Current).Describe();
        foreach (var warning in info.Warnings)
        {
            WriteWarning(warning);
        }

        WriteObject(info);
    }
}
