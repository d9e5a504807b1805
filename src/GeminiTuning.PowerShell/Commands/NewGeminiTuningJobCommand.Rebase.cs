using GeminiTuning.Vertex;
using GeminiTuning.Workflows;

namespace GeminiTuning.PowerShell.Commands;

// New-GeminiTuningJob -RebaseTunedModel: tuningJobs:rebaseTunedModel, a new job re-tuning a tuned model's data on a
// newer base model, returned like any created job. It is sent once at most: a lost answer is resolved by the request-id
// label, and -RequestId makes running the command again return the job instead of rebasing twice.
public sealed partial class NewGeminiTuningJobCommand
{
    private void Rebase()
    {
        var request = ToRebaseRequest();
        string target;
        var warnings = new System.Collections.Generic.List<string>();
        try
        {
            RefuseBlankProjectOrRegion();
            RefuseForRebase(nameof(EpochCount), EpochCount is not null);
            request.Validate();
            // The base model it rebases onto, checked against the catalog in the referenced model's region.
            CatalogCheck.CheckRequest(new TuningJobRequest { BaseModel = request.BaseModel!, TrainingDatasetUri = "gs://unused/unused.jsonl" }, request.RefLocation, warnings);
            target = TuningJobOperations.DescribeRebase(request);
        }
        catch (GeminiTuningException ex)
        {
            WriteErrorFor(ex, RebaseTunedModel);
            return;
        }

        foreach (var warning in warnings)
        {
            WriteWarning(warning);
        }

        if (ShouldProcess(target, "Rebase tuned model") && Create(ct => Operations.RebaseAsync(request, ct), target, RebaseTunedModel) is { } result)
        {
            if (result.OperationName is { } operation)
            {
                WriteVerbose($"The rebase runs as operation {operation}.");
            }

            Created(result);
        }
    }

    private void RefuseForRebase(string parameter, bool given)
    {
        if (given)
        {
            throw new GeminiTuningArgumentException(parameter, $"-{parameter} does not apply to -RebaseTunedModel: a rebase re-tunes with the original job's settings.",
                $"Leave -{parameter} out, or create a new job with -BaseModel and -TrainingDatasetUri instead.");
        }
    }
}
