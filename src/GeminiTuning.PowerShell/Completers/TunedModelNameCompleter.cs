using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeminiTuning.Completion;

namespace GeminiTuning.PowerShell;

/// <summary>Completes Gemini API tuned model names (tunedModels/ID) only: what Remove-GeminiTunedModel can delete.</summary>
public sealed class TunedModelNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionArguments.Results(JobCompletion.Candidates(wordToComplete, null, null, GeminiTuningSession.Current, backend: GeminiTuningBackend.GeminiApi),
            j => j.Name);
}
