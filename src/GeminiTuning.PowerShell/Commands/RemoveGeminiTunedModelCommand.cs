using System;
using System.Management.Automation;
using GeminiTuning.Workflows;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Remove-GeminiTunedModel cmdlet. Its help (docs/help/Remove-GeminiTunedModel.md) says what it does.</summary>
/// <remarks>Gemini API tuned models belong to no project or region, so it has neither parameter.</remarks>
[Cmdlet(VerbsCommon.Remove, "GeminiTunedModel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(GeminiTuningJob))]
public sealed class RemoveGeminiTunedModelCommand : GeminiTuningCmdlet
{
    /// <summary>Tuned model names (tunedModels/ID); pipe tuned models from Get-GeminiTuningJob -Backend GeminiApi, or saved rows of them.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [JobNameTransformation]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TunedModelNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Write each deleted model, as it was before deletion, with the state Deleted.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Delete without asking for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            var canonical = name;
            try
            {
                // A Vertex AI name is refused here, with the reason, before -WhatIf or a confirmation says anything else.
                canonical = TuningJobOperations.TunedModelToDelete(name);
                if (!ShouldProcess($"Delete tuned model {canonical}.", $"Delete tuned model {canonical}? It cannot be restored.", "Delete tuned model", Force))
                {
                    continue;
                }

                Notices.Set(canonical, $"Stopped while {canonical} was being deleted: it may have been deleted. Get-GeminiTuningJob {canonical} tells.");
                var deleted = RunSync(ct => Operations.DeleteTunedModelAsync(canonical, ct));
                Notices.Remove(canonical);
                WriteVerbose($"Deleted {deleted.Name}.");
                if (PassThru)
                {
                    WriteObject(deleted);
                }
            }
            catch (GeminiTuningException ex)
            {
                Notices.Remove(canonical);
                WriteErrorFor(ex, name);
            }
        }
    }
}
