using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeminiTuning.Completion;

namespace GeminiTuning.PowerShell;

/// <summary>Completes the endpoints of tuned models that can be called: succeeded Vertex AI jobs' endpoints, and ready tunedModels/ names.</summary>
public sealed class TunedModelEndpointCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var (project, region) = CompletionArguments.ProjectAndRegion(fakeBoundParameters);
        return CompletionArguments.Results(JobCompletion.EndpointCandidates(wordToComplete, project, region, GeminiTuningSession.Current),
            j => j.Backend == GeminiTuningBackend.GeminiApi ? j.Name : j.TunedModelEndpoint!);
    }
}
