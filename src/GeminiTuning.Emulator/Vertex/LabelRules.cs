using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Vertex;

/// <summary>
/// Vertex AI's label rules, as its own error text states them (create-request-limits.md §1): at most 64 labels; keys
/// and values of lowercase letters (international ones included), digits, dashes and underscores, under 64 characters
/// and under 128 UTF-8 bytes; keys start with a letter or a digit.
/// </summary>
internal static class LabelRules
{
    public const string RulesText = "There can be no more than 64 labels attached to a single resource. Label keys and values can only contain lowercase letters, numbers, " +
        "dashes and underscores. Label keys must start with a letter or number, must be less than 64 characters in length, and must be less that 128 bytes in " +
        "length when encoded in UTF-8. Label values must be less than 64 characters in length, and must be less that 128 bytes in length when encoded in UTF-8.";

    private static readonly Regex Key = new Regex(@"^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$", RegexOptions.CultureInvariant);
    private static readonly Regex Value = new Regex(@"^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$", RegexOptions.CultureInvariant);

    /// <summary>Reads and checks <c>labels</c>; <paramref name="field"/> is the field path for errors (<c>tuning_job.labels</c>).</summary>
    public static Dictionary<string, string> Read(JsonObject request, string field = "tuning_job.labels")
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request["labels"] is not JsonObject map)
        {
            return labels;
        }

        if (map.Count > 64)
        {
            throw ApiException.InvalidArgument("A resource can have at most 64 labels, got " + map.Count.ToString(CultureInfo.InvariantCulture) + ". " + RulesText,
                ApiException.BadRequest(field, RulesText));
        }

        foreach (var entry in map)
        {
            var value = entry.Value!.GetValue<string>();
            if (!Key.IsMatch(entry.Key) || Encoding.UTF8.GetByteCount(entry.Key) >= 128)
            {
                throw ApiException.InvalidArgument("Invalid label key \"" + entry.Key + "\". " + RulesText, ApiException.BadRequest(field, RulesText));
            }

            if (!Value.IsMatch(value) || Encoding.UTF8.GetByteCount(value) >= 128)
            {
                throw ApiException.InvalidArgument("Invalid label value \"" + value + "\" for the key \"" + entry.Key + "\". " + RulesText,
                    ApiException.BadRequest(field + "[" + entry.Key + "]", RulesText));
            }

            labels[entry.Key] = value;
        }

        return labels;
    }
}
