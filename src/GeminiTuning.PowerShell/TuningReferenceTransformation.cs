using System.Management.Automation;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Lets -RebaseTunedModel take what a user has at hand: a job (its tuned model, once it has one, else the job's name), a
/// checkpoint (its tuned model), or a resource name as a string.
/// </summary>
public sealed class TuningReferenceTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject pso ? pso.BaseObject : inputData) switch
        {
            GeminiTuningJob job => string.IsNullOrEmpty(job.TunedModelName) ? job.Name : job.TunedModelName,
            GeminiTuningCheckpoint checkpoint => checkpoint.TunedModelName ?? inputData,
            _ => inputData,
        };
}
