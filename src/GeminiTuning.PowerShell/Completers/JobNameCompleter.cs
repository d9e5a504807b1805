using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeminiTuning.Completion;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Completes job ids from the service (Gemini API tuned model names with -Backend GeminiApi, or when the word starts with
/// tunedModels/), cached for a minute, within 200 ms; a failed lookup is not tried again for a few seconds.
/// </summary>
public sealed class JobNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var (project, region) = CompletionArguments.ProjectAndRegion(fakeBoundParameters);
        return CompletionArguments.Results(JobCompletion.Candidates(wordToComplete, project, region, GeminiTuningSession.Current,
            backend: CompletionArguments.Backend(fakeBoundParameters)), j => j.Backend == GeminiTuningBackend.GeminiApi ? j.Name : j.Id);
    }
}
