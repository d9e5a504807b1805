using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GeminiTuning.Datasets;

namespace GeminiTuning.Generation;

/// <summary>How much a model thinks, for the models that take a level (Gemini 3 and later), sent as <c>thinkingConfig.thinkingLevel</c>.</summary>
public enum GeminiThinkingLevel
{
    /// <summary>As little as the model allows: for most prompts, no thinking.</summary>
    Minimal,

    /// <summary>Low.</summary>
    Low,

    /// <summary>Medium.</summary>
    Medium,

    /// <summary>High.</summary>
    High,
}

/// <summary>
/// What thinking control a base model takes (docs/reference/thinking.md §2): Gemini 2.5 a token budget (Pro from 128,
/// never off; Flash 0 to 24,576; Flash-Lite 0 or 512 to 24,576; -1 for dynamic), Gemini 3 and later a level (3.x Pro
/// without MINIMAL), Gemini 2.0 and older none. A tuned model thinks like its base model. Used to refuse, before
/// anything is sent, settings the service would refuse; an unrecognised model is not checked.
/// </summary>
public sealed class ThinkingSupport
{
    private static readonly GeminiThinkingLevel[] AllLevels = { GeminiThinkingLevel.Minimal, GeminiThinkingLevel.Low, GeminiThinkingLevel.Medium, GeminiThinkingLevel.High };

    private ThinkingSupport(string model, bool thinks, bool takesLevel, int minBudget, int maxBudget, bool canTurnOff, IReadOnlyList<GeminiThinkingLevel> levels)
    {
        Model = model;
        Thinks = thinks;
        TakesLevel = takesLevel;
        MinBudget = minBudget;
        MaxBudget = maxBudget;
        CanTurnOff = canTurnOff;
        Levels = levels;
    }

    /// <summary>The model id the rules were chosen for.</summary>
    public string Model { get; }

    /// <summary>False for models without thinking (any thinkingConfig is refused).</summary>
    public bool Thinks { get; }

    /// <summary>True for models controlled by a level (a budget is accepted for compatibility); false for budget models.</summary>
    public bool TakesLevel { get; }

    /// <summary>The smallest budget above 0 (budget models).</summary>
    public int MinBudget { get; }

    /// <summary>The largest budget (budget models).</summary>
    public int MaxBudget { get; }

    /// <summary>True when a budget of 0 turns thinking off.</summary>
    public bool CanTurnOff { get; }

    /// <summary>The levels a level model takes.</summary>
    public IReadOnlyList<GeminiThinkingLevel> Levels { get; }

    /// <summary>The rules for a base model (e.g. <c>gemini-2.5-flash</c>, with or without a version or resource prefix), or null when it is not recognised.</summary>
    public static ThinkingSupport? For(string? baseModel)
    {
        var id = DatasetLimits.Normalize(baseModel);
        if (id.StartsWith("gemini-2.5-pro", StringComparison.Ordinal))
        {
            return new ThinkingSupport(id, true, false, 128, 32768, false, Array.Empty<GeminiThinkingLevel>());
        }

        if (id.StartsWith("gemini-2.5-flash-lite", StringComparison.Ordinal))
        {
            return new ThinkingSupport(id, true, false, 512, 24576, true, Array.Empty<GeminiThinkingLevel>());
        }

        if (id.StartsWith("gemini-2.5-flash", StringComparison.Ordinal))
        {
            return new ThinkingSupport(id, true, false, 1, 24576, true, Array.Empty<GeminiThinkingLevel>());
        }

        if (id.StartsWith("gemini-3", StringComparison.Ordinal))
        {
            var pro = id.Contains("-pro");
            return new ThinkingSupport(id, true, true, 0, 0, false, pro ? AllLevels.Skip(1).ToArray() : AllLevels);
        }

        if (id.StartsWith("gemini-2.0", StringComparison.Ordinal) || id.StartsWith("gemini-1.", StringComparison.Ordinal))
        {
            return new ThinkingSupport(id, false, false, 0, 0, false, Array.Empty<GeminiThinkingLevel>());
        }

        return null;
    }

    /// <summary>Throws a <see cref="GeminiTuningArgumentException"/> naming the parameter when the model would refuse the settings.</summary>
    public void Check(int? budget, GeminiThinkingLevel? level)
    {
        if (budget is null && level is null)
        {
            return;
        }

        if (!Thinks)
        {
            throw new GeminiTuningArgumentException(budget is null ? "ThinkingLevel" : "ThinkingBudget",
                $"{Model} does not think, so it takes no thinking settings.", "Leave out -ThinkingBudget and -ThinkingLevel for this model.");
        }

        if (level is { } l)
        {
            if (!TakesLevel)
            {
                throw new GeminiTuningArgumentException("ThinkingLevel", $"{Model} takes a thinking budget, not a level (levels are for Gemini 3 and later).",
                    string.Format(CultureInfo.InvariantCulture, "Use -ThinkingBudget instead: {0} to {1} tokens{2}, or -1 to let the model decide.",
                        CanTurnOff ? 0 : MinBudget, MaxBudget, CanTurnOff ? " (0 turns thinking off)" : string.Empty));
            }

            if (!Levels.Contains(l))
            {
                throw new GeminiTuningArgumentException("ThinkingLevel", $"{Model} does not take the thinking level {l}.",
                    "Use one of: " + string.Join(", ", Levels) + ".");
            }
        }

        if (budget is { } b && !TakesLevel && b != -1 && !(b == 0 && CanTurnOff) && (b < MinBudget || b > MaxBudget))
        {
            var offNote = b == 0 ? " Thinking cannot be turned off on this model." : string.Empty;
            throw new GeminiTuningArgumentException("ThinkingBudget",
                string.Format(CultureInfo.InvariantCulture, "{0} takes a thinking budget from {1} to {2} tokens{3}, not {4}.{5}",
                    Model, MinBudget, MaxBudget, CanTurnOff ? " (or 0 to turn thinking off)" : string.Empty, b, offNote),
                string.Format(CultureInfo.InvariantCulture, "Use -ThinkingBudget {0} for the least thinking, or -1 to let the model decide.", CanTurnOff ? 0 : MinBudget));
        }
    }

    /// <summary>The wire name of a level.</summary>
    internal static string WireName(GeminiThinkingLevel level) => level.ToString().ToUpperInvariant();
}
