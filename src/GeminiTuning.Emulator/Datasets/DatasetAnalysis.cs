using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeminiTuning.Emulator.Datasets;

/// <summary>What the emulator learns from a JSONL tuning dataset: per-example token counts for
/// <c>supervisedTuningDataStats</c>, or the first line that makes the dataset invalid. Tokens are estimated as
/// characters / 4, rounded up, per text part.</summary>
internal sealed partial class DatasetAnalysis
{
    public const long MaxTokensPerExample = 131_072;

    private DatasetAnalysis()
    {
    }

    /// <summary>False when the emulator could not read the dataset and made up plausible numbers instead.</summary>
    public bool Measured { get; private set; }

    /// <summary>Why the dataset is invalid (names the line), or null.</summary>
    public string? Error { get; private set; }

    public int ExampleCount => InputTokens.Count;

    public long TotalCharacters { get; private set; }

    public List<long> InputTokens { get; } = new List<long>();

    public List<long> OutputTokens { get; } = new List<long>();

    public List<long> MessageCounts { get; } = new List<long>();

    public List<JsonObject> SampleUserContents { get; } = new List<JsonObject>();

    /// <summary>1-based indices of examples over the per-example token limit (they are dropped, not fatal).</summary>
    public List<long> TruncatedIndices { get; } = new List<long>();

    public long TotalTokens
    {
        get
        {
            long sum = 0;
            for (var i = 0; i < InputTokens.Count; i++)
            {
                sum += InputTokens[i] + OutputTokens[i];
            }

            return sum;
        }
    }

    public static long EstimateTokens(string text) => (text.Length + 3) / 4;

    /// <summary>Reads a JSONL dataset line by line (never whole into memory). A file that is not UTF-8 is reported as
    /// such, even when an earlier line is already invalid.</summary>
    public static DatasetAnalysis Analyze(Stream content, string uri, bool preference = false)
    {
        var analysis = new DatasetAnalysis { Measured = true, IsPreference = preference };
        using var reader = new StreamReader(content, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        try
        {
            analysis.Error = analysis.ReadExamples(reader, uri);
            if (analysis.Error is not null)
            {
                var rest = new char[16 * 1024];
                while (reader.Read(rest, 0, rest.Length) > 0)
                {
                }
            }
        }
        catch (DecoderFallbackException)
        {
            return new DatasetAnalysis { Measured = true, Error = "The dataset " + uri + " is invalid: it is not UTF-8 text." };
        }

        return analysis;
    }

    /// <summary>Adds the examples; returns why the dataset is invalid, or null.</summary>
    private string? ReadExamples(TextReader reader, string uri)
    {
        var lineNumber = 0;
        string? line;
        var pendingBlank = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (lineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line.Substring(1);
            }

            if (line.Trim().Length == 0)
            {
                pendingBlank = pendingBlank == 0 ? lineNumber : pendingBlank;
                continue;
            }

            if (pendingBlank != 0)
            {
                return LineError(uri, pendingBlank, "is empty; every line must hold one example");
            }

            var problem = IsPreference ? AddPreferenceExample(line) : AddExample(line);
            if (problem is not null)
            {
                return LineError(uri, lineNumber, problem);
            }
        }

        return ExampleCount == 0 ? "The dataset " + uri + " is invalid: it contains no examples." : null;
    }

    /// <summary>Plausible, deterministic numbers for a dataset the emulator cannot read (derived from its URI).</summary>
    public static DatasetAnalysis Synthetic(string uri, bool preference = false)
    {
        var analysis = new DatasetAnalysis { Measured = false, IsPreference = preference };
        foreach (var (input, output) in SyntheticDataset.Examples(uri))
        {
            analysis.InputTokens.Add(input);
            analysis.OutputTokens.Add(output);
            analysis.MessageCounts.Add(2);
            analysis.TotalCharacters += (input + output) * 4;
            if (preference)
            {
                analysis.Scores.Add(1);
                analysis.Scores.Add(0);
            }
        }

        analysis.SampleUserContents.Add(new JsonObject
        {
            ["role"] = "user",
            ["parts"] = new JsonArray(new JsonObject { ["text"] = "(an example from " + uri + ")" }),
        });
        return analysis;
    }

    private static string LineError(string uri, int line, string problem) =>
        "The dataset " + uri + " is invalid: line " + line.ToString(CultureInfo.InvariantCulture) + " " + problem + ".";

    private string? AddExample(string line)
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

        var contents = (example["contents"] ?? example["messages"]) as JsonArray;
        if (example["messages"] is not null && example["contents"] is null)
        {
            return "uses the legacy \"messages\" format, which current Gemini models do not accept; use \"contents\"";
        }

        if (contents is null || contents.Count == 0)
        {
            return "has no \"contents\"";
        }

        long input = 0, output = 0, characters = 0;
        var system = (example["systemInstruction"] ?? example["system_instruction"]) as JsonObject;
        if (system is not null)
        {
            var (chars, tokens, problem) = CountParts(system, "systemInstruction");
            if (problem is not null)
            {
                return problem;
            }

            characters += chars;
            input += tokens;
        }

        string? lastRole = null;
        JsonObject? firstUser = null;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is not JsonObject content)
            {
                return "has a \"contents\" entry that is not an object";
            }

            var role = (content["role"] as JsonValue)?.TryGetValue<string>(out var r) == true ? r : null;
            if (role != "user" && role != "model")
            {
                return "has a turn with role \"" + (role ?? string.Empty) + "\"; roles must be \"user\" or \"model\"";
            }

            if (role == lastRole)
            {
                return "has two consecutive \"" + role + "\" turns; turns must alternate between \"user\" and \"model\"";
            }

            var (chars, tokens, problem) = CountParts(content, "contents[" + i.ToString(CultureInfo.InvariantCulture) + "]");
            if (problem is not null)
            {
                return problem;
            }

            characters += chars;
            if (role == "user")
            {
                input += tokens;
                firstUser ??= content;
            }
            else
            {
                output += tokens;
            }

            lastRole = role;
        }

        if (lastRole != "model")
        {
            return "does not end with a \"model\" turn";
        }

        InputTokens.Add(input);
        OutputTokens.Add(output);
        MessageCounts.Add(contents.Count);
        TotalCharacters += characters;
        if (input + output > MaxTokensPerExample)
        {
            TruncatedIndices.Add(InputTokens.Count);
        }

        if (firstUser is not null && SampleUserContents.Count < 3)
        {
            SampleUserContents.Add((JsonObject)firstUser.DeepClone());
        }

        return null;
    }

    private static (long Characters, long Tokens, string? Problem) CountParts(JsonObject content, string where)
    {
        var parts = content["parts"] as JsonArray;
        if (parts is null || parts.Count == 0)
        {
            return (0, 0, "has no \"parts\" in " + where);
        }

        long characters = 0, tokens = 0;
        foreach (var node in parts)
        {
            if (node is not JsonObject part)
            {
                return (0, 0, "has a part in " + where + " that is not an object");
            }

            var kinds = 0;
            foreach (var kind in new[] { "text", "fileData", "file_data", "inlineData", "inline_data", "functionCall", "function_call", "functionResponse", "function_response" })
            {
                if (part[kind] is not null)
                {
                    kinds++;
                }
            }

            if (kinds != 1)
            {
                return (0, 0, "has a part in " + where + " with " + (kinds == 0 ? "no data" : "more than one kind of data") + "; a part holds exactly one of text, fileData, inlineData, functionCall or functionResponse");
            }

            if (part["text"] is JsonValue t && t.TryGetValue<string>(out var text))
            {
                characters += text.Length;
                tokens += EstimateTokens(text);
            }
            else if (part["fileData"] is JsonObject fileData && (fileData["fileUri"] is null || fileData["mimeType"] is null))
            {
                return (0, 0, "has a fileData part in " + where + " without both mimeType and fileUri");
            }
            else
            {
                tokens += 258; // a media or function part: a fixed, plausible cost
            }
        }

        return (characters, tokens, null);
    }
}
