using System;
using System.Management.Automation;
using GeminiTuning.Generation;
using GeminiTuning.Workflows;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Invoke-GeminiTunedModel cmdlet. Its help (docs/help/Invoke-GeminiTunedModel.md) says what it does.</summary>
/// <remarks>
/// Two parameter sets decide what a piped string is: a prompt when -Endpoint is given (or comes from a piped job's
/// TunedModelEndpoint), an endpoint when -Prompt is given, as in <c>'tunedModels/ID' | Invoke-GeminiTunedModel -Prompt 'Hello'</c>.
/// </remarks>
[Cmdlet(VerbsLifecycle.Invoke, "GeminiTunedModel", DefaultParameterSetName = PipedPromptSet)]
[OutputType(typeof(GeminiTunedModelResponse))]
public sealed partial class InvokeGeminiTunedModelCommand : GeminiTuningCloudCmdlet
{
    private const string PipedPromptSet = "PipedPrompt";
    private const string PipedEndpointSet = "PipedEndpoint";
    private OrderedAnswers? _answers;

    /// <summary>The tuned model's endpoint (a job's TunedModelEndpoint), or tunedModels/ID for the Gemini API.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = PipedPromptSet)]
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PipedEndpointSet)]
    [Alias("TunedModelEndpoint")]
    [ArgumentCompleter(typeof(TunedModelEndpointCompleter))]
    [AllowNull]
    [AllowEmptyString]
    public string? Endpoint { get; set; }

    /// <summary>The prompts; each one is a separate request.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PipedPromptSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PipedEndpointSet)]
    [ValidateNotNullOrEmpty]
    public string[] Prompt { get; set; } = Array.Empty<string>();

    /// <summary>A system instruction sent with every prompt.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SystemInstruction { get; set; }

    /// <summary>Sampling temperature, 0 to 2.</summary>
    [Parameter]
    [ValidateRange(0.0, 2.0)]
    public double? Temperature { get; set; }

    /// <summary>Nucleus sampling probability, 0 to 1.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double? TopP { get; set; }

    /// <summary>Top-k sampling.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? TopK { get; set; }

    /// <summary>Most tokens to generate.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? MaxOutputTokens { get; set; }

    /// <summary>Up to five sequences that end generation.</summary>
    [Parameter]
    [ValidateCount(1, 5)]
    public string[]? StopSequence { get; set; }

    /// <summary>Seed for best-effort reproducible answers.</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <summary>A Gemini API key for tunedModels/ID endpoints (else Connect-GeminiTuning -ApiKey, GEMINI_API_KEY, GOOGLE_API_KEY, or OAuth).</summary>
    [Parameter]
    [ValidateNotNull]
    public System.Security.SecureString? ApiKey { get; set; }

    /// <summary>
    /// How many prompts are sent at once (default 4; 1 sends them one after another). Answers are written in the order of
    /// the prompts. Ignored with -Stream, which answers one prompt at a time.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 64)]
    [PSDefaultValue(Value = 4)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>Stream the answer: write each chunk as it arrives.</summary>
    [Parameter]
    public SwitchParameter Stream { get; set; }

    /// <inheritdoc />
    protected override string? ApiKeyForServices() => ApiKey is null ? null : PlainText(ApiKey);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (string.IsNullOrWhiteSpace(Endpoint))
        {
            WriteError(ToErrorRecord(new ErrorReport(
                new GeminiTuningArgumentException(nameof(Endpoint), "No tuned model endpoint was given."),
                "NoEndpoint", ErrorCategoryHint.InvalidArgument,
                "No tuned model endpoint was given: a tuning job has one (TunedModelEndpoint) only after it succeeded.",
                "Wait for the job with Wait-GeminiTuningJob before piping it here, or pass -Endpoint.", Prompt)));
            return;
        }

        GenerationTarget target;
        try
        {
            target = Operations.ResolveTarget(Endpoint!, Project, Region);
        }
        catch (GeminiTuningException ex)
        {
            WriteErrorFor(ex, Endpoint);
            return;
        }

        var options = OptionsFor(BaseModel);
        try
        {
            // What the base model would refuse is refused before this record's prompts are sent.
            options.Validate();
        }
        catch (GeminiTuningException ex)
        {
            WriteErrorFor(ex, Endpoint);
            return;
        }

        foreach (var prompt in Prompt)
        {
            if (!Stream && ThrottleLimit > 1)
            {
                _answers ??= new OrderedAnswers(this, Services.Generation, ThrottleLimit, WriteResponse, CancellationToken);
                _answers.Add(target, prompt, options);
                continue;
            }

            try
            {
                if (Stream)
                {
                    RunSync(ct => Services.Generation.StreamAsync(target, prompt, options, chunk => Post(() => WriteResponse(chunk)), ct));
                }
                else
                {
                    WriteResponse(RunSync(ct => Services.Generation.GenerateAsync(target, prompt, options, ct)));
                }
            }
            catch (GeminiTuningException ex)
            {
                WriteErrorFor(ex, prompt);
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        _answers?.Drain();
        WritePosted();
    }

    private void WriteResponse(GeminiTunedModelResponse response)
    {
        if (response.BlockReason is not null)
        {
            var ratings = response.PromptSafetyRatings.Count == 0 ? string.Empty : " Ratings: " + string.Join(", ", response.PromptSafetyRatings) + ".";
            WriteWarning($"The prompt was blocked ({response.BlockReason}){(response.BlockReasonMessage is null ? "." : ": " + response.BlockReasonMessage)}{ratings}");
        }
        else if (response.FinishReason is "SAFETY" or "PROHIBITED_CONTENT" or "BLOCKLIST" or "SPII" or "RECITATION" or "MODEL_ARMOR")
        {
            WriteWarning($"The answer was stopped ({response.FinishReason}).");
        }

        WriteObject(response);
    }
}
