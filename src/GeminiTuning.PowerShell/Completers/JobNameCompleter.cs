using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeminiTuning.Completion;

namespace GeminiTuning.PowerShell;

/// <summary>Completes job ids (and tunedModels/ names) from the service, cached for a minute, within 250 ms.</summary>
public sealed class JobNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var project = fakeBoundParameters["Project"] as string;
        var region = (fakeBoundParameters["Region"] ?? fakeBoundParameters["Location"]) as string;
        return JobCompletion.Candidates(wordToComplete, project, region, GeminiTuningSession.Current)
            .Select(j =>
            {
                var text = j.Backend == GeminiTuningBackend.GeminiApi ? j.Name : j.Id;
                var label = string.Format(CultureInfo.InvariantCulture, "{0} ({1}{2})", text, j.State,
                    string.IsNullOrEmpty(j.TunedModelDisplayName) ? string.Empty : ", " + j.TunedModelDisplayName);
                return new CompletionResult(text, label, CompletionResultType.ParameterValue, j.Name);
            })
            .ToArray();
    }
}
