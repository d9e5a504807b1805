using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Generation;

/// <summary>Which API's wording and response shape to use.</summary>
internal enum GenerationApi
{
    Vertex,
    Gemini,
}

/// <summary>A validated generateContent request, reduced to what the deterministic reply needs.</summary>
internal sealed class GenerateRequest
{
    private const string LearnMore = " Learn more: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini";

    private GenerateRequest()
    {
    }

    public string LastUserText { get; private set; } = string.Empty;

    public string? SystemText { get; private set; }

    /// <summary>Every user-visible text of the prompt (contents and system instruction), for counting and blocking.</summary>
    public List<string> PromptTexts { get; } = new List<string>();

    public int PromptTokens { get; private set; }

    public int? MaxOutputTokens { get; private set; }

    public IReadOnlyList<string> StopSequences { get; private set; } = Array.Empty<string>();

    public int CandidateCount { get; private set; } = 1;

    /// <summary>The files of the last user turn (the prompt's attachments).</summary>
    public List<PromptFile> LastUserFiles { get; private set; } = new List<PromptFile>();

    /// <summary>Every file in the contents, for token counting.</summary>
    public List<PromptFile> Files { get; } = new List<PromptFile>();

    /// <summary>How many user turns the contents hold (more than one: a conversation).</summary>
    public int UserTurns { get; private set; }

    /// <summary>The thinking tokens the answer costs (0 without thinking).</summary>
    public int ThoughtTokens { get; private set; }

    /// <summary>Whether thought summaries were asked for (<c>thinkingConfig.includeThoughts</c>).</summary>
    public bool IncludeThoughts { get; private set; }

    /// <summary>Parses and validates the body; throws INVALID_ARGUMENT with the service's wording. <paramref name="model"/>
    /// is the base model of the tuned model, which decides what thinking settings are taken.</summary>
    public static GenerateRequest Read(string body, GenerationApi api, bool streaming, string model)
    {
        var schema = api == GenerationApi.Vertex ? Schemas.VertexGenerateContentRequest : Schemas.GeminiGenerateContentRequest;
        var request = ProtoJsonReader.Parse(body, schema, string.Empty);
        var result = new GenerateRequest();
        var contents = JsonFields.Array(request, "contents");
        if (contents is null || contents.Count == 0)
        {
            throw api == GenerationApi.Vertex
                ? ApiException.InvalidField("contents", "Unable to submit request because it has an empty contents field." + LearnMore)
                : ApiException.InvalidField("contents", "* GenerateContentRequest.contents: contents is not specified\n");
        }

        for (var i = 0; i < contents.Count; i++)
        {
            var content = (JsonObject)contents[i]!;
            var where = "contents[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            var role = JsonFields.String(content, "role");
            var normalized = role?.ToLowerInvariant();
            if (normalized is null && api == GenerationApi.Gemini)
            {
                normalized = "user";
            }

            if (normalized != "user" && normalized != "model")
            {
                throw ApiException.InvalidField(where + ".role", "Please use a valid role: user, model.");
            }

            var files = new List<PromptFile>();
            var text = ReadParts(content, where, api, files);
            if (text.Length > 0)
            {
                result.PromptTexts.Add(text);
            }

            result.Files.AddRange(files);
            if (normalized == "user")
            {
                result.LastUserText = text;
                result.LastUserFiles = files;
                result.UserTurns++;
            }
            else if (i == contents.Count - 1)
            {
                throw ApiException.InvalidField("contents", "Please ensure that multiturn requests ends with a user role or a function response.");
            }
        }

        if (JsonFields.Object(request, "systemInstruction") is JsonObject system)
        {
            var text = ReadParts(system, "system_instruction", api, new List<PromptFile>());
            if (text.Length > 0)
            {
                result.SystemText = text;
                result.PromptTexts.Add(text);
            }
        }

        foreach (var text in result.PromptTexts)
        {
            result.PromptTokens += CountTokens(text);
        }

        foreach (var file in result.Files)
        {
            result.PromptTokens += file.Tokens;
        }

        var config = JsonFields.Object(request, "generationConfig");
        ReadGenerationConfig(config, result, api, streaming);
        var thinking = JsonFields.Object(config, "thinkingConfig");
        result.ThoughtTokens = ThinkingRules.For(model).ThoughtTokens(thinking, api, result.PromptTokens);
        result.IncludeThoughts = JsonFields.Bool(thinking, "includeThoughts");
        return result;
    }

    /// <summary>Whitespace-separated tokens: the emulator's token counter.</summary>
    public static int CountTokens(string text)
    {
        var count = 0;
        var inToken = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inToken = false;
            }
            else if (!inToken)
            {
                inToken = true;
                count++;
            }
        }

        return count;
    }

    private static string ReadParts(JsonObject content, string where, GenerationApi api, List<PromptFile> files)
    {
        var parts = JsonFields.Array(content, "parts");
        if (parts is null || parts.Count == 0)
        {
            throw api == GenerationApi.Vertex
                ? ApiException.InvalidField(where + ".parts", "Unable to submit request because it must include at least one parts field, which describes the prompt input." + LearnMore)
                : ApiException.InvalidField(where + ".parts", "* GenerateContentRequest." + where + ".parts: contents.parts must not be empty.\n");
        }

        var text = new StringBuilder();
        for (var index = 0; index < parts.Count; index++)
        {
            var part = (JsonObject)parts[index]!;
            var partWhere = where + ".parts[" + index.ToString(CultureInfo.InvariantCulture) + "]";
            if (PromptFile.Read(part, partWhere, api) is PromptFile file)
            {
                files.Add(file);
            }

            if (JsonFields.String(part, "thoughtSignature") is string signature && !IsBase64(signature))
            {
                throw ApiException.InvalidField(partWhere + ".thought_signature",
                    "Invalid value at '" + partWhere + ".thought_signature' (TYPE_BYTES), Base64 decoding failed for \"" + signature + "\"");
            }

            if (part.Count == 0 || (part.Count == 1 && part["thought"] is not null))
            {
                throw api == GenerationApi.Vertex
                    ? ApiException.InvalidField(where + ".parts", "Unable to submit request because it has an empty text parameter. Add a value to the parameter and try again." + LearnMore)
                    : ApiException.InvalidField(where + ".parts", "* GenerateContentRequest." + where + ".parts: contents.parts must not be empty.\n");
            }

            if (JsonFields.String(part, "text") is string partText)
            {
                if (text.Length > 0)
                {
                    text.Append(' ');
                }

                text.Append(partText);
            }
        }

        return text.ToString();
    }

    private static bool IsBase64(string text)
    {
        try
        {
            Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void ReadGenerationConfig(JsonObject? config, GenerateRequest result, GenerationApi api, bool streaming)
    {
        if (config is null)
        {
            return;
        }

        CheckRange(config, "temperature", 0, 2, api);
        CheckRange(config, "topP", 0, 1, api);
        var stops = JsonFields.Array(config, "stopSequences");
        if (stops is not null)
        {
            if (stops.Count > 5)
            {
                throw ApiException.InvalidField("generation_config.stop_sequences",
                    "Unable to submit request because it has " + stops.Count.ToString(CultureInfo.InvariantCulture) +
                    " stop sequences but at most 5 are supported. Remove some and try again.");
            }

            var list = new List<string>();
            foreach (var stop in stops)
            {
                var value = stop!.GetValue<string>();
                if (value.Length > 0)
                {
                    list.Add(value);
                }
            }

            result.StopSequences = list;
        }

        if (JsonFields.Long(config, "candidateCount") is long candidates)
        {
            if (candidates < 1 || candidates > 8)
            {
                throw ApiException.InvalidField("generation_config.candidate_count",
                    "Unable to submit request because it has a candidateCount value of " + candidates.ToString(CultureInfo.InvariantCulture) +
                    " but the supported range is from 1 (inclusive) to 9 (exclusive). Update the value and try again.");
            }

            if (streaming && candidates > 1)
            {
                throw ApiException.InvalidField("generation_config.candidate_count",
                    "Unable to submit request because candidateCount must be 1 for streamGenerateContent. Remove candidateCount or set it to 1 and try again.");
            }

            result.CandidateCount = (int)candidates;
        }

        if (JsonFields.Long(config, "maxOutputTokens") is long max)
        {
            if (max < 1 || max > 65536)
            {
                throw ApiException.InvalidField("generation_config.max_output_tokens",
                    "Unable to submit request because it has a maxOutputTokens value of " + max.ToString(CultureInfo.InvariantCulture) +
                    " but the supported range is from 1 (inclusive) to 65537 (exclusive). Update the value and try again.");
            }

            result.MaxOutputTokens = (int)max;
        }
    }

    private static void CheckRange(JsonObject config, string name, double min, double max, GenerationApi api)
    {
        if (JsonFields.Double(config, name) is not double value || (value >= min && value <= max))
        {
            return;
        }

        var shown = value.ToString("R", CultureInfo.InvariantCulture);
        var field = "generation_config." + FieldSpec.ToSnakeCase(name);
        throw api == GenerationApi.Vertex
            ? ApiException.InvalidField(field, "Unable to submit request because it has a " + name + " value of " + shown + " but the supported range is from " +
                min.ToString(CultureInfo.InvariantCulture) + " (inclusive) to " + (max + 0.0001).ToString(CultureInfo.InvariantCulture) +
                " (exclusive). Update the value and try again.")
            : ApiException.InvalidField(field, "* GenerateContentRequest." + field + ": " + name + " must be in the range [" +
                min.ToString("0.0", CultureInfo.InvariantCulture) + ", " + max.ToString("0.0", CultureInfo.InvariantCulture) + "], got " + shown + "\n");
    }

}
