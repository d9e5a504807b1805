using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GeminiTuning.Generation;

/// <summary>Sampling and output settings for a generateContent call.</summary>
public sealed class GenerationOptions
{
    /// <summary>A system instruction (text).</summary>
    public string? SystemInstruction { get; set; }

    /// <summary>Temperature, 0 to 2.</summary>
    public double? Temperature { get; set; }

    /// <summary>Nucleus sampling, 0 to 1.</summary>
    public double? TopP { get; set; }

    /// <summary>Top-k sampling, at least 1.</summary>
    public int? TopK { get; set; }

    /// <summary>Most tokens to generate.</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>Up to 5 sequences that stop generation.</summary>
    public IList<string> StopSequences { get; set; } = new List<string>();

    /// <summary>Seed for best-effort determinism.</summary>
    public int? Seed { get; set; }

    /// <summary>Thinking tokens allowed (0 turns thinking off where the model allows, -1 lets it decide); Gemini 2.5 models.</summary>
    public int? ThinkingBudget { get; set; }

    /// <summary>How much to think, for Gemini 3 and later models.</summary>
    public GeminiThinkingLevel? ThinkingLevel { get; set; }

    /// <summary>The tuned model's base model, when known (a piped job's BaseModel): thinking settings it would refuse are refused before sending.</summary>
    public string? BaseModel { get; set; }

    /// <summary>Files sent before the prompt's text (see <see cref="Generation.Attachments"/>).</summary>
    public IReadOnlyList<GeminiContentPart> Attachments { get; set; } = Array.Empty<GeminiContentPart>();

    /// <summary>The conversation so far, sent before the prompt (see <see cref="Conversation.FromAnswers"/>).</summary>
    public IReadOnlyList<GeminiConversationTurn> History { get; set; } = Array.Empty<GeminiConversationTurn>();

    internal bool HasThinking => ThinkingBudget is not null || ThinkingLevel is not null;

    /// <summary>Checks the ranges the service enforces, before sending.</summary>
    public void Validate()
    {
        if (Temperature is { } t && (double.IsNaN(t) || t < 0 || t > 2))
        {
            throw new GeminiTuningArgumentException(nameof(Temperature), $"The temperature must be between 0 and 2, not {t.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (TopP is { } p && (double.IsNaN(p) || p < 0 || p > 1))
        {
            throw new GeminiTuningArgumentException(nameof(TopP), $"TopP must be between 0 and 1, not {p.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (TopK is < 1)
        {
            throw new GeminiTuningArgumentException(nameof(TopK), $"TopK must be at least 1, not {TopK}.");
        }

        if (MaxOutputTokens is < 1)
        {
            throw new GeminiTuningArgumentException(nameof(MaxOutputTokens), $"MaxOutputTokens must be at least 1, not {MaxOutputTokens}.");
        }

        if (StopSequences.Count > 5)
        {
            throw new GeminiTuningArgumentException("StopSequence", $"{StopSequences.Count} stop sequences were given; at most 5 are allowed.");
        }

        if (StopSequences.Any(string.IsNullOrEmpty))
        {
            throw new GeminiTuningArgumentException("StopSequence", "A stop sequence is empty.");
        }

        if (ThinkingBudget is < -1)
        {
            throw new GeminiTuningArgumentException(nameof(ThinkingBudget), $"The thinking budget must be -1 (the model decides), 0 (off) or a number of tokens, not {ThinkingBudget}.",
                "Give -ThinkingBudget 0 to turn thinking off, a number of tokens to limit it, or -1 to let the model decide.");
        }

        if (ThinkingBudget is not null && ThinkingLevel is not null)
        {
            // The service answers "You can only set only one of thinking budget and thinking level."
            throw new GeminiTuningArgumentException(nameof(ThinkingLevel), "A thinking budget and a thinking level cannot be sent together.",
                "Use -ThinkingBudget for Gemini 2.5 models and -ThinkingLevel for Gemini 3 and later.");
        }

        ThinkingSupport.For(BaseModel)?.Check(ThinkingBudget, ThinkingLevel);
    }
}
