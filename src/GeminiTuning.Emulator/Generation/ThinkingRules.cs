using System;
using System.Globalization;
using System.Text.Json.Nodes;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Generation;

/// <summary>
/// How a tuned model's base model thinks, and what it answers to <c>generationConfig.thinkingConfig</c>: Gemini 2.5
/// takes a budget (Pro 128–32,768 and never off; Flash 0–24,576; Flash-Lite 0 or 512–24,576; -1 dynamic), Gemini 3 and
/// later a level (Pro without MINIMAL), Gemini 2.0 and 1.x no thinking config at all. Without a thinkingConfig the
/// emulator's models do not think (Google's defaults differ by model; the emulator keeps plain prompts' token counts
/// simple). Thought tokens are counted into <c>thoughtsTokenCount</c> and the total.
/// </summary>
internal sealed class ThinkingRules
{
    private const string LearnMore = " Learn more: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini";

    private ThinkingRules(string kind, int minBudget, int maxBudget, bool canTurnOff, string[] levels)
    {
        Kind = kind;
        MinBudget = minBudget;
        MaxBudget = maxBudget;
        CanTurnOff = canTurnOff;
        Levels = levels;
    }

    /// <summary>"none", "budget", "level" or "any" (a model the emulator does not know: every setting is taken).</summary>
    public string Kind { get; }

    public int MinBudget { get; }

    public int MaxBudget { get; }

    public bool CanTurnOff { get; }

    public string[] Levels { get; }

    public static ThinkingRules For(string model)
    {
        var id = model.Substring(model.LastIndexOf('/') + 1).ToLowerInvariant();
        if (id.StartsWith("gemini-2.5-pro", StringComparison.Ordinal))
        {
            return new ThinkingRules("budget", 128, 32768, false, Array.Empty<string>());
        }

        if (id.StartsWith("gemini-2.5-flash-lite", StringComparison.Ordinal))
        {
            return new ThinkingRules("budget", 512, 24576, true, Array.Empty<string>());
        }

        if (id.StartsWith("gemini-2.5-flash", StringComparison.Ordinal))
        {
            return new ThinkingRules("budget", 1, 24576, true, Array.Empty<string>());
        }

        if (id.StartsWith("gemini-3", StringComparison.Ordinal))
        {
            return new ThinkingRules("level", 0, 0, false, id.Contains("-pro") ? new[] { "LOW", "MEDIUM", "HIGH" } : new[] { "MINIMAL", "LOW", "MEDIUM", "HIGH" });
        }

        if (id.StartsWith("gemini-2.0", StringComparison.Ordinal) || id.StartsWith("gemini-1.", StringComparison.Ordinal))
        {
            return new ThinkingRules("none", 0, 0, false, Array.Empty<string>());
        }

        return new ThinkingRules("any", 0, 32768, true, new[] { "MINIMAL", "LOW", "MEDIUM", "HIGH" });
    }

    /// <summary>Checks the config the way the service does and returns the thought tokens the answer costs.</summary>
    public int ThoughtTokens(JsonObject? config, GenerationApi api, int promptTokens)
    {
        if (config is null)
        {
            return 0;
        }

        var budget = JsonFields.Long(config, "thinkingBudget");
        var level = JsonFields.String(config, "thinkingLevel");
        if (level == "THINKING_LEVEL_UNSPECIFIED")
        {
            level = null;
        }

        if (Kind == "none")
        {
            throw Refuse(api, "thinking_config", "Unable to submit request because thinking is not configurable in this model; please remove the thinking_config setting and try it again." + LearnMore,
                "Thinking is not supported for this model.");
        }

        if (budget is not null && level is not null)
        {
            throw ApiException.InvalidField("generation_config.thinking_config", "You can only set only one of thinking budget and thinking level.");
        }

        if (level is not null)
        {
            if (Kind == "budget")
            {
                throw Refuse(api, "generation_config.thinking_config.thinking_level", "Unable to submit request because thinking_level is not supported by this model. Use thinking_budget instead." + LearnMore,
                    "Thinking level is not supported for this model.");
            }

            if (Array.IndexOf(Levels, level) < 0)
            {
                throw ApiException.InvalidField("generation_config.thinking_config.thinking_level", "Thinking level " + level + " is not supported for this model.");
            }

            return level switch
            {
                "MINIMAL" => 0,
                "LOW" => 32 + promptTokens,
                "MEDIUM" => 128 + (2 * promptTokens),
                _ => 512 + (4 * promptTokens),
            };
        }

        if (budget is long b)
        {
            if (b == 0 && !CanTurnOff)
            {
                throw Refuse(api, "generation_config.thinking_config.thinking_budget",
                    "Unable to submit request because Thinking can't be disabled for this model. Remove 'thinking_budget: 0' or set a budget from " +
                    MinBudget.ToString(CultureInfo.InvariantCulture) + " to " + MaxBudget.ToString(CultureInfo.InvariantCulture) + "." + LearnMore,
                    "Budget 0 is invalid. This model only works in thinking mode.");
            }

            if (b != 0 && b != -1 && Kind != "level" && (b < MinBudget || b > MaxBudget))
            {
                throw ApiException.InvalidField("generation_config.thinking_config.thinking_budget",
                    "The thinking budget " + b.ToString(CultureInfo.InvariantCulture) + " is invalid. Please choose a value between " +
                    MinBudget.ToString(CultureInfo.InvariantCulture) + " and " + MaxBudget.ToString(CultureInfo.InvariantCulture) + ".");
            }

            if (b == 0)
            {
                return 0;
            }

            var wanted = 64 + (4 * promptTokens);
            return b == -1 ? Math.Min(8192, wanted) : (int)Math.Min(b, wanted);
        }

        // A config without budget or level (includeThoughts only) thinks at the model's default.
        return Kind == "level" ? 128 + (2 * promptTokens) : Math.Min(8192, 64 + (4 * promptTokens));
    }

    private static ApiException Refuse(GenerationApi api, string field, string vertexMessage, string geminiMessage) =>
        ApiException.InvalidField(field, api == GenerationApi.Vertex ? vertexMessage : geminiMessage);
}
