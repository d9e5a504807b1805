using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using GeminiTuning.Generation;

namespace GeminiTuning.PowerShell.Commands;

// Invoke-GeminiTunedModel's thinking, file and conversation parameters, read once before any prompt is sent.
public sealed partial class InvokeGeminiTunedModelCommand
{
    private IReadOnlyList<GeminiContentPart> _attachments = Array.Empty<GeminiContentPart>();
    private IReadOnlyList<GeminiConversationTurn> _history = Array.Empty<GeminiConversationTurn>();

    /// <summary>Thinking tokens allowed: 0 turns thinking off where the model allows it, -1 lets the model decide (Gemini 2.5).</summary>
    [Parameter]
    [ValidateRange(-1, int.MaxValue)]
    public int? ThinkingBudget { get; set; }

    /// <summary>How much the model thinks, for Gemini 3 and later models.</summary>
    [Parameter]
    public GeminiThinkingLevel? ThinkingLevel { get; set; }

    /// <summary>Files sent with every prompt: local paths (wildcards allowed) sent inline, gs:// URIs and URLs by reference.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Attachment { get; set; }

    /// <summary>The conversation so far: answers this cmdlet wrote (their Turns are sent before each prompt).</summary>
    [Parameter]
    [ValidateNotNull]
    [AllowEmptyCollection]
    public object[]? History { get; set; }

    /// <summary>The tuned model's base model, bound from a piped job, so that thinking settings it refuses are refused before sending.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? BaseModel { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        try
        {
            new GenerationOptions { ThinkingBudget = ThinkingBudget, ThinkingLevel = ThinkingLevel }.Validate();
            if (History is not null)
            {
                _history = HistoryInput.Read(History);
            }

            if (Attachment is not null)
            {
                var items = Attachment.SelectMany(ResolveAttachment).ToList();
                _attachments = RunSync(ct => Attachments.LoadAsync(items, warning => Post(() => WriteWarning(warning)), ct));
            }
        }
        catch (GeminiTuningException ex)
        {
            ThrowTerminatingFor(ex, ex is GeminiTuningArgumentException { ParameterName: "History" } ? History : Attachment);
        }
    }

    private GenerationOptions OptionsFor(string? baseModel) => new()
    {
        SystemInstruction = SystemInstruction,
        Temperature = Temperature,
        TopP = TopP,
        TopK = TopK,
        MaxOutputTokens = MaxOutputTokens,
        StopSequences = StopSequence ?? Array.Empty<string>(),
        Seed = Seed,
        ThinkingBudget = ThinkingBudget,
        ThinkingLevel = ThinkingLevel,
        BaseModel = string.IsNullOrWhiteSpace(baseModel) ? null : baseModel,
        Attachments = _attachments,
        History = _history,
    };

    /// <summary>A URI as it is; a local path through the provider, wildcards expanded.</summary>
    private IEnumerable<string> ResolveAttachment(string item)
    {
        if (Attachments.IsUri(item))
        {
            return new[] { item };
        }

        if (!WildcardPattern.ContainsWildcardCharacters(item))
        {
            return new[] { ProviderPath(item) };
        }

        try
        {
            var files = SessionState.Path.GetResolvedProviderPathFromPSPath(item, out _);
            if (files.Count > 0)
            {
                return files;
            }
        }
        catch (ItemNotFoundException)
        {
        }

        throw new GeminiTuningArgumentException("Attachment", $"No file matches '{item}'.", "Check the path and the pattern.");
    }
}
