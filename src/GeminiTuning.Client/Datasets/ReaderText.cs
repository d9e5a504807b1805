using System;
using System.Text;
using System.Text.Json;

namespace GeminiTuning.Datasets;

/// <summary>How the dataset checkers put what the JSON reader sees into messages.</summary>
internal static class ReaderText
{
    /// <summary>The byte offset in the line of the reader's current token.</summary>
    public static int Offset(ref Utf8JsonReader r) => (int)r.TokenStartIndex;

    /// <summary>A token type as a message says it: "array", "number"…</summary>
    public static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    /// <summary>A value from the file, shortened and stripped of control characters for a message.</summary>
    public static string Quote(string? value)
    {
        var text = value ?? string.Empty;
        var builder = new StringBuilder(Math.Min(text.Length, 60));
        foreach (var c in text)
        {
            if (builder.Length >= 60)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }

    /// <summary>The reader's message without its " LineNumber: 0 | BytePositionInLine: 8." tail (the problem has the column).</summary>
    public static string ReaderMessage(string message)
    {
        var tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = tail >= 0 ? message.Substring(0, tail) : message;
        return text.Trim();
    }
}
