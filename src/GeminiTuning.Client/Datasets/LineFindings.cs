using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace GeminiTuning.Datasets;

/// <summary>What one line yielded.</summary>
internal readonly struct ExampleResult
{
    public ExampleResult(bool measured, long tokens, bool multimodal, long? billableTokens = null)
    {
        Measured = measured;
        Tokens = tokens;
        Multimodal = multimodal;
        BillableTokens = billableTokens ?? tokens;
    }

    /// <summary>True when the line was a JSON object whose tokens could be estimated.</summary>
    public bool Measured { get; }

    /// <summary>The tokens the example counts against the per-example limit.</summary>
    public long Tokens { get; }

    public bool Multimodal { get; }

    /// <summary>The tokens the example is billed for per epoch (a preference example's prompt counts twice).</summary>
    public long BillableTokens { get; }
}

/// <summary>Checks one JSONL line of a dataset in place: the supervised format (<see cref="ExampleChecker"/>) or the preference format (<see cref="PreferenceExampleChecker"/>).</summary>
internal interface IExampleChecker
{
    /// <summary>The problems of the last line checked, in column order.</summary>
    List<LineProblem> Problems { get; }

    /// <summary>Media files counted in the last example: images and PDFs.</summary>
    (int Images, int Pdfs) MediaCounts { get; }

    /// <summary>Checks <paramref name="length"/> bytes at <paramref name="start"/> (one line, without its line break).</summary>
    ExampleResult Check(byte[] buffer, int start, int length);

    /// <summary>The 1-based column (in UTF-16 code units) of a byte offset in the last line checked.</summary>
    int ColumnOf(int offset);
}

/// <summary>A problem found on the current line, before its column is worked out.</summary>
internal readonly struct LineProblem
{
    public LineProblem(int offset, DatasetProblemSeverity severity, DatasetProblemCode code, string message)
    {
        Offset = offset;
        Severity = severity;
        Code = code;
        Message = message;
    }

    /// <summary>Byte offset in the line, or -1 for the whole line.</summary>
    public int Offset { get; }

    public DatasetProblemSeverity Severity { get; }

    public DatasetProblemCode Code { get; }

    public string Message { get; }
}

/// <summary>
/// What the checkers found on the current line: its problems and the example's tallies (tokens, media). Shared by
/// <see cref="ExampleChecker"/> and <see cref="PartChecker"/> and reset for every line, never reallocated.
/// </summary>
internal sealed class LineFindings
{
    /// <summary>The line's problems, in the order found until <see cref="SortByOffset"/>.</summary>
    private byte[]? _original;
    private int _originalStart;

    public List<LineProblem> Problems { get; } = new();

    /// <summary>True when the line is pure ASCII (a character count is then a byte count).</summary>
    public bool LineIsAscii { get; set; }

    /// <summary>Estimated tokens: a quarter of the characters of the text, and of function calls' and responses' JSON.</summary>
    public long Tokens { get; set; }

    /// <summary>True when the example has a file part.</summary>
    public bool Multimodal { get; set; }

    public int Images { get; set; }

    public int Pdfs { get; set; }

    /// <summary>
    /// The line is read from a copy with neutralized escapes (<see cref="EscapeNeutralizer"/>): a string value's bytes as
    /// written are at the same offset in <paramref name="buffer"/>, from <paramref name="start"/>.
    /// </summary>
    public void Neutralized(byte[] buffer, int start)
    {
        _original = buffer;
        _originalStart = start;
    }

    /// <summary>The current string token's bytes as written in the line, escapes included.</summary>
    public ReadOnlySpan<byte> RawValue(ref Utf8JsonReader r) =>
        _original is null ? r.ValueSpan : new ReadOnlySpan<byte>(_original, _originalStart + (int)r.TokenStartIndex + 1, r.ValueSpan.Length);

    /// <summary>Whether the current string token has escapes as written: <paramref name="readerSays"/> is the reader's
    /// ValueIsEscaped, <paramref name="raw"/> is <see cref="RawValue"/>.</summary>
    public bool IsEscaped(bool readerSays, ReadOnlySpan<byte> raw) => _original is null ? readerSays : raw.IndexOf((byte)'\\') >= 0;

    /// <summary>Starts a line.</summary>
    [MethodImpl(HotPath.Optimized)]
    public void Reset()
    {
        _original = null;
        Problems.Clear();
        LineIsAscii = false;
        Tokens = 0;
        Multimodal = false;
        Images = 0;
        Pdfs = 0;
    }

    public void Add(int offset, DatasetProblemSeverity severity, DatasetProblemCode code, string message) =>
        Problems.Add(new LineProblem(offset, severity, code, message));

    /// <summary>A field the schema does not have where the reader stands (a warning: the service may ignore it).</summary>
    public void UnknownField(ref Utf8JsonReader r, int keyOffset, string where, string expected) =>
        Add(keyOffset, DatasetProblemSeverity.Warning, DatasetProblemCode.UnknownField,
            "\"" + ReaderText.Quote(r.GetString()) + "\" is not a field of " + where + " (expected " + expected + "); the service may refuse the line or ignore the field.");

    /// <summary>Orders the line's problems by column (stable: a role checked at the end of its turn still comes first).</summary>
    public void SortByOffset()
    {
        var problems = Problems;
        for (var i = 1; i < problems.Count; i++)
        {
            var item = problems[i];
            var j = i - 1;
            while (j >= 0 && problems[j].Offset > item.Offset)
            {
                problems[j + 1] = problems[j];
                j--;
            }

            problems[j + 1] = item;
        }
    }

    /// <summary>
    /// When the value at <paramref name="r"/> is not a <paramref name="expected"/>, notes a WrongType finding that reads
    /// "<paramref name="mustBe"/>, not a JSON (what it is)." and skips the value; true then.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public bool NotA(ref Utf8JsonReader r, JsonTokenType expected, string mustBe)
    {
        if (r.TokenType == expected)
        {
            return false;
        }

        Add(ReaderText.Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType,
            mustBe + ", not a JSON " + ReaderText.Describe(r.TokenType) + ".");
        r.Skip();
        return true;
    }

    /// <summary>Reads an example's object into the findings.</summary>
    internal delegate void ExampleReader(ref Utf8JsonReader reader);

    /// <summary>
    /// Reads the line as one JSON object with <paramref name="readExample"/>, the shared frame of both checkers: a line
    /// that is not an object (the message shows <paramref name="shape"/>), and invalid JSON anywhere in it (which replaces
    /// any finding before it: the syntax error is the problem), are findings; false then. Sorts the findings by offset.
    /// </summary>
    public bool ReadObject(byte[] buffer, int start, int length, JsonReaderOptions options, string shape, ExampleReader readExample)
    {
        var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(buffer, start, length), options);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Add(ReaderText.Offset(ref reader), DatasetProblemSeverity.Error, DatasetProblemCode.NotAnObject,
                    "The line holds a JSON " + ReaderText.Describe(reader.TokenType) + ", not an object; each line must be one example " + shape + ".");
                return false;
            }

            readExample(ref reader);

            // Anything but whitespace after the object makes the reader throw.
            reader.Read();
        }
        catch (JsonException ex)
        {
            Problems.Clear();
            var position = ex.BytePositionInLine is long p ? (int)Math.Min(p, length) : 0;
            Add(position, DatasetProblemSeverity.Error, DatasetProblemCode.InvalidJson, "Invalid JSON: " + ReaderText.ReaderMessage(ex.Message));
            return false;
        }

        SortByOffset();
        return true;
    }

    /// <summary>The 1-based column (in UTF-16 code units) of a byte offset in the line at <paramref name="lineStart"/> of <paramref name="buffer"/>.</summary>
    public int ColumnOf(byte[] buffer, int lineStart, int offset)
    {
        if (offset < 0)
        {
            return 0;
        }

        return LineIsAscii ? offset + 1 : Utf8Text.CharCount(buffer, lineStart, offset) + 1;
    }
}
