using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace GeminiTuning.GeminiApi;

/// <summary>Reads Gemini API training examples from objects, JSONL files and CSV files.</summary>
/// <remarks>
/// The input is taken from a field named TextInput, text_input, Input or Prompt; the output from Output, output or
/// Response (names compared without case). These are the names the REST reference and its samples use.
/// </remarks>
public static class TuningExampleReader
{
    private static readonly string[] InputNames = { "textInput", "text_input", "input", "prompt" };
    private static readonly string[] OutputNames = { "output", "response" };

    /// <summary>An example from an object's fields (e.g. a PowerShell object's properties); <paramref name="where"/> names it in errors.</summary>
    public static TuningExample FromFields(IEnumerable<KeyValuePair<string, object?>> fields, string where)
    {
        var map = fields.GroupBy(f => f.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
        string? Find(IEnumerable<string> names) => names.Where(map.ContainsKey).Select(n => map[n]?.ToString()).FirstOrDefault();
        var output = Find(OutputNames);
        if (string.IsNullOrEmpty(output))
        {
            throw new GeminiTuningArgumentException("TrainingExample", $"{where} has no Output.",
                "Each example needs an Output property (and usually a TextInput), e.g. a CSV with the columns TextInput,Output.");
        }

        return new TuningExample(Find(InputNames), output!);
    }

    /// <summary>Reads a .jsonl file (one object per line) or a .csv file (a header row naming the columns).</summary>
    public static IReadOnlyList<TuningExample> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new GeminiTuningException($"The examples file '{path}' does not exist.", "ExampleFileNotFound", ErrorCategoryHint.ObjectNotFound);
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => ReadCsv(path),
            ".jsonl" or ".json" or ".ndjson" => ReadJsonLines(path),
            _ => throw new GeminiTuningArgumentException("TrainingExamplePath", $"'{path}' is neither a .jsonl nor a .csv file.",
                "Give a JSON Lines file of {\"textInput\":…,\"output\":…} objects or a CSV with TextInput and Output columns."),
        };
    }

    private static IReadOnlyList<TuningExample> ReadJsonLines(string path)
    {
        var examples = new List<TuningExample>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new GeminiTuningArgumentException("TrainingExamplePath", $"Line {lineNumber} of '{path}' is not a JSON object.");
                }

                var fields = doc.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, object?>(
                    p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.ToString()));
                examples.Add(FromFields(fields, $"Line {lineNumber} of '{path}'"));
            }
            catch (JsonException ex)
            {
                throw new GeminiTuningArgumentException("TrainingExamplePath",
                    $"Line {lineNumber} of '{path}' is not valid JSON (position {ex.BytePositionInLine + 1}).", innerException: ex);
            }
        }

        return examples;
    }

    private static IReadOnlyList<TuningExample> ReadCsv(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var rows = ParseCsv(reader).ToList();
        if (rows.Count == 0)
        {
            return Array.Empty<TuningExample>();
        }

        var header = rows[0];
        var examples = new List<TuningExample>();
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Count == 1 && row[0].Length == 0)
            {
                continue;
            }

            var fields = header.Select((name, i) => new KeyValuePair<string, object?>(name.Trim(), i < row.Count ? row[i] : null));
            examples.Add(FromFields(fields, $"Row {r + 1} of '{path}'"));
        }

        return examples;
    }

    /// <summary>RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    internal static IEnumerable<List<string>> ParseCsv(TextReader reader)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    yield return row;
                    row = new List<string>();
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }
}
