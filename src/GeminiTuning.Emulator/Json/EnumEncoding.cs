using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using GeminiTuning.Emulator.Http;

namespace GeminiTuning.Emulator.Json;

/// <summary>
/// The system parameter <c>$alt=json;enum-encoding=int</c> (also <c>alt=</c>), which Google's generated (GAPIC) REST
/// clients send on every call: the service then writes enum fields as their numbers instead of their names
/// (gemini-api-operations-and-enum-encoding.md §2). Applied to JSON answers; a streamed answer keeps names.
/// </summary>
internal static class EnumEncoding
{
    private static readonly EnumSpec FinishReason = new EnumSpec("FinishReason",
        ("FINISH_REASON_UNSPECIFIED", 0), ("STOP", 1), ("MAX_TOKENS", 2), ("SAFETY", 3), ("RECITATION", 4), ("OTHER", 5), ("BLOCKLIST", 6),
        ("PROHIBITED_CONTENT", 7), ("SPII", 8), ("MALFORMED_FUNCTION_CALL", 9));

    private static readonly EnumSpec HarmProbability = new EnumSpec("HarmProbability",
        ("HARM_PROBABILITY_UNSPECIFIED", 0), ("NEGLIGIBLE", 1), ("LOW", 2), ("MEDIUM", 3), ("HIGH", 4));

    private static readonly EnumSpec HarmSeverity = new EnumSpec("HarmSeverity",
        ("HARM_SEVERITY_UNSPECIFIED", 0), ("HARM_SEVERITY_NEGLIGIBLE", 1), ("HARM_SEVERITY_LOW", 2), ("HARM_SEVERITY_MEDIUM", 3), ("HARM_SEVERITY_HIGH", 4));

    private static readonly EnumSpec BlockedReason = new EnumSpec("BlockedReason",
        ("BLOCKED_REASON_UNSPECIFIED", 0), ("BLOCK_REASON_UNSPECIFIED", 0), ("SAFETY", 1), ("OTHER", 2), ("BLOCKLIST", 3), ("PROHIBITED_CONTENT", 4),
        ("MODEL_ARMOR", 5), ("JAILBREAK", 6));

    // aiplatform v1 and generativelanguage v1beta number their harm categories differently.
    private static readonly EnumSpec VertexHarmCategory = new EnumSpec("google.cloud.aiplatform.v1.HarmCategory",
        ("HARM_CATEGORY_UNSPECIFIED", 0), ("HARM_CATEGORY_HATE_SPEECH", 1), ("HARM_CATEGORY_DANGEROUS_CONTENT", 2), ("HARM_CATEGORY_HARASSMENT", 3),
        ("HARM_CATEGORY_SEXUALLY_EXPLICIT", 4), ("HARM_CATEGORY_CIVIC_INTEGRITY", 5));

    private static readonly EnumSpec GeminiHarmCategory = new EnumSpec("google.ai.generativelanguage.v1beta.HarmCategory",
        ("HARM_CATEGORY_UNSPECIFIED", 0), ("HARM_CATEGORY_DEROGATORY", 1), ("HARM_CATEGORY_TOXICITY", 2), ("HARM_CATEGORY_VIOLENCE", 3),
        ("HARM_CATEGORY_SEXUAL", 4), ("HARM_CATEGORY_MEDICAL", 5), ("HARM_CATEGORY_DANGEROUS", 6), ("HARM_CATEGORY_HARASSMENT", 7),
        ("HARM_CATEGORY_HATE_SPEECH", 8), ("HARM_CATEGORY_SEXUALLY_EXPLICIT", 9), ("HARM_CATEGORY_DANGEROUS_CONTENT", 10), ("HARM_CATEGORY_CIVIC_INTEGRITY", 11));

    private static readonly Dictionary<string, EnumSpec> Vertex = new Dictionary<string, EnumSpec>(StringComparer.Ordinal)
    {
        ["state"] = Schemas.JobState,
        ["adapterSize"] = Schemas.AdapterSize,
        ["tuningMode"] = Schemas.TuningMode,
        ["finishReason"] = FinishReason,
        ["category"] = VertexHarmCategory,
        ["probability"] = HarmProbability,
        ["severity"] = HarmSeverity,
        ["blockReason"] = BlockedReason,
    };

    private static readonly Dictionary<string, EnumSpec> Gemini = new Dictionary<string, EnumSpec>(StringComparer.Ordinal)
    {
        ["state"] = Schemas.GeminiModelState,
        ["finishReason"] = FinishReason,
        ["category"] = GeminiHarmCategory,
        ["probability"] = HarmProbability,
        ["blockReason"] = BlockedReason,
    };

    /// <summary>True when the request asks for enums as numbers.</summary>
    public static bool Requested(HttpRequest request)
    {
        var alt = request.QueryValue("$alt") ?? request.QueryValue("alt");
        return alt is not null && alt.IndexOf("enum-encoding=int", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>Writes the enum fields of an answer as numbers, in place.</summary>
    public static JsonNode ToNumbers(JsonNode node, string path)
    {
        Convert(node, path.IndexOf("/tunedModels", StringComparison.Ordinal) >= 0 ? Gemini : Vertex);
        return node;
    }

    private static void Convert(JsonNode? node, Dictionary<string, EnumSpec> enums)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Convert(item, enums);
                }

                break;
            case JsonObject obj:
                var properties = new List<KeyValuePair<string, JsonNode?>>(obj);
                foreach (var property in properties)
                {
                    // Labels and metadata structs hold the user's strings, not enums.
                    if (property.Key is "labels" or "metadata")
                    {
                        continue;
                    }

                    if (enums.TryGetValue(property.Key, out var spec) && property.Value is JsonValue value && value.TryGetValue<string>(out var name) &&
                        spec.TryNumber(name, out var number))
                    {
                        obj[property.Key] = number;
                    }
                    else
                    {
                        Convert(property.Value, enums);
                    }
                }

                break;
        }
    }
}
