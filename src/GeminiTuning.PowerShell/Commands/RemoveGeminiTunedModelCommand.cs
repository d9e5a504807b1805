using System;
using System.Management.Automation;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Deletes Gemini API tuned models.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "GeminiTunedModel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(GeminiTuningJob))]
public sealed class RemoveGeminiTunedModelCommand : GeminiTuningCmdlet
{
    /// <summary>Tuned model names (tunedModels/ID); pipe tuned models from Get-GeminiTuningJob -Backend GeminiApi.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Write each deleted model as it was just before deletion.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            try
            {
                var canonical = Operations.ResolveJobName(name, Project, Region);
                if (!ShouldProcess(canonical, "Delete tuned model"))
                {
                    continue;
                }

                var deleted = RunSync(ct => Operations.DeleteTunedModelAsync(canonical, ct));
                WriteVerbose($"Deleted {deleted.Name}.");
                if (PassThru)
                {
                    WriteObject(deleted);
                }
            }
            catch (GeminiTuningException ex)
            {
                WriteErrorFor(ex, name);
            }
        }
    }
}
