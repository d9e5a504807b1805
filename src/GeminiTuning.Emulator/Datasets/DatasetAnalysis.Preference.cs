using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeminiTuning.Emulator.Datasets;

// The preference (DPO) format: a prompt ("contents" ending with a user turn) and exactly two completions, one scored
// 1 and one 0 (preference-tuning.md §3). For a preference dataset InputTokens are the prompt's tokens and OutputTokens
// the two completions' together.
internal sealed partial class DatasetAnalysis
{
    /// <summary>True when the dataset was read as a preference dataset.</summary>
    public bool IsPreference { get; private set; }

    /// <summary>Every completion's score, in file order.</summary>
    public List<double> Scores { get; } = new List<double>();

    /// <summary>Billable tokens of one epoch: a preference example's prompt counts twice, plus its completions.</summary>
    public long BillableTokensPerEpoch
    {
        get
        {
            if (!IsPreference)
            {
                return TotalTokens;
            }

            long sum = 0;
            for (var i = 0; i < InputTokens.Count; i++)
            {
                sum += (2 * InputTokens[i]) + OutputTokens[i];
            }

            return sum;
        }
    }

    private string? AddPreferenceExample(string line)
    {
        JsonObject example;
        try
        {
            if (JsonNode.Parse(line) is not JsonObject obj)
            {
                return "is not a JSON object";
            }

            example = obj;
        }
        catch (JsonException e)
        {
            var column = e.BytePositionInLine is long position ? " (column " + (position + 1).ToString(CultureInfo.InvariantCulture) + ")" : string.Empty;
            return "is not valid JSON" + column;
        }

        if (example["contents"] is not JsonArray contents || contents.Count == 0)
        {
            return "has no \"contents\" (the prompt)";
        }

        long prompt = 0, characters = 0;
        if ((example["systemInstruction"] ?? example["system_instruction"]) is JsonObject system)
        {
            var (chars, tokens, problem) = CountParts(system, "systemInstruction");
            if (problem is not null)
            {
                return problem;
            }

            characters += chars;
            prompt += tokens;
        }

        string? lastRole = null;
        for (var i = 0; i < contents.Count; i++)
        {
            var role = (contents[i]?["role"] as JsonValue)?.TryGetValue<string>(out var r) == true ? r : null;
            if (contents[i] is not JsonObject turn || (role != "user" && role != "model") || role == lastRole)
            {
                return "has a prompt whose turns are not alternating \"user\" and \"model\" turns";
            }

            var (chars, tokens, problem) = CountParts(turn, "contents[" + i.ToString(CultureInfo.InvariantCulture) + "]");
            if (problem is not null)
            {
                return problem;
            }

            characters += chars;
            prompt += tokens;
            lastRole = role;
        }

        if (lastRole != "user")
        {
            return "has a prompt that does not end with a \"user\" turn";
        }

        if (example["completions"] is not JsonArray completions || completions.Count != 2)
        {
            return "does not have exactly two \"completions\"";
        }

        long output = 0, longest = 0;
        var scores = new double[2];
        for (var i = 0; i < 2; i++)
        {
            var completion = completions[i] as JsonObject;
            var score = (completion?["score"] as JsonValue)?.TryGetValue<double>(out var value) == true ? value : -1;
            if (score != 0 && score != 1)
            {
                return "has a completion whose \"score\" is not 0 or 1";
            }

            if (completion!["completion"] is not JsonObject turn || !((turn["role"] as JsonValue)?.TryGetValue<string>(out var role) == true && role == "model"))
            {
                return "has a completion that is not a \"model\" turn";
            }

            var (chars, tokens, problem) = CountParts(turn, "completions[" + i.ToString(CultureInfo.InvariantCulture) + "]");
            if (problem is not null)
            {
                return problem;
            }

            characters += chars;
            output += tokens;
            longest = tokens > longest ? tokens : longest;
            scores[i] = score;
        }

        if (scores[0] + scores[1] != 1)
        {
            return "does not have one preferred (score 1) and one dispreferred (score 0) completion";
        }

        InputTokens.Add(prompt);
        OutputTokens.Add(output);
        MessageCounts.Add(contents.Count + 1);
        Scores.Add(scores[0]);
        Scores.Add(scores[1]);
        TotalCharacters += characters;
        if (prompt + longest > MaxTokensPerExample)
        {
            TruncatedIndices.Add(InputTokens.Count);
        }

        if (SampleUserContents.Count < 3)
        {
            SampleUserContents.Add(new JsonObject { ["contents"] = contents.DeepClone(), ["completions"] = completions.DeepClone() });
        }

        return null;
    }
}
