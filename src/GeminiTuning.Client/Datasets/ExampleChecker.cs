using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace GeminiTuning.Datasets;

/// <summary>
/// Checks one JSONL line against the tuning example schema with a <see cref="Utf8JsonReader"/> over the line's bytes,
/// in place: no string is made for a line unless it has a problem. One instance is reused for every line of a file.
/// This class reads the line, the example and its turns; <see cref="PartChecker"/> reads the parts; both write into
/// the line's <see cref="LineFindings"/>.
/// </summary>
internal sealed class ExampleChecker : IExampleChecker
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };

    private readonly LineFindings _line = new();
    private readonly LineFindings.ExampleReader _readExample;
    private readonly PartChecker _parts;
    private readonly EscapeNeutralizer? _escapes;
    private readonly DatasetLimits _limits;
    private readonly bool _recognizeClean;

    private byte[] _buffer = Array.Empty<byte>();
    private int _lineStart;

    // Per example.
    private bool _contentsSeen;
    private int _turns;
    private Role _lastRole;
    private int _lastTurnOffset;
    private int _messagesOffset;
    private int _legacyTextOffset;

    /// <summary>
    /// Creates a checker. <paramref name="neutralizeEscapes"/> and <paramref name="recognizeClean"/> false read every line
    /// with the JSON reader as written: tests compare the two ways.
    /// </summary>
    public ExampleChecker(DatasetLimits limits, bool neutralizeEscapes = true, bool recognizeClean = true)
    {
        _limits = limits;
        _recognizeClean = recognizeClean;
        _parts = new PartChecker(limits, _line);
        _escapes = neutralizeEscapes ? new EscapeNeutralizer() : null;
        _readExample = ReadExample;
    }

    private enum Role
    {
        Missing,
        User,
        Model,
        Other,
    }

    /// <summary>The problems of the last line checked, in column order.</summary>
    public List<LineProblem> Problems => _line.Problems;

    /// <summary>True when the last line checked was pure ASCII (columns are then byte offsets + 1).</summary>
    public bool LineIsAscii => _line.LineIsAscii;

    /// <summary>Media files counted in the last example: images and PDFs.</summary>
    public (int Images, int Pdfs) MediaCounts => (_line.Images, _line.Pdfs);

    /// <summary>Checks <paramref name="length"/> bytes at <paramref name="start"/> (one line, without its line break).</summary>
    [MethodImpl(HotPath.Optimized)]
    public ExampleResult Check(byte[] buffer, int start, int length)
    {
        _line.Reset();
        _buffer = buffer;
        _lineStart = start;
        ResetExample();
        if (_recognizeClean && CleanExample.TryRead(buffer, start, length, _limits, out var clean))
        {
            _contentsSeen = true;
            _line.Tokens = clean.Tokens;
            _line.Multimodal = clean.Multimodal;
            _line.Images = clean.Images;
            _line.Pdfs = clean.Pdfs;
            return new ExampleResult(true, clean.Tokens, clean.Multimodal);
        }

        // Strict UTF-8 decoding validates the whole line at vector speed and gives the character count; only a bad
        // line pays for finding the exact byte.
        int chars;
        try
        {
            chars = Utf8Text.Strict.GetCharCount(buffer, start, length);
        }
        catch (DecoderFallbackException)
        {
            var bad = Utf8Text.FirstInvalid(buffer, start, length);
            var at = bad < 0 ? 0 : bad;
            _line.Add(at, DatasetProblemSeverity.Error, DatasetProblemCode.InvalidUtf8, string.Format(CultureInfo.InvariantCulture,
                "The line is not valid UTF-8: byte 0x{0:X2} starts an invalid or incomplete sequence. Save the file as UTF-8.",
                buffer[start + at]));
            return default;
        }

        var ascii = chars == length;
        _line.LineIsAscii = ascii;
        if (_escapes?.Neutralize(buffer, start, length) is { } copy)
        {
            _line.Neutralized(buffer, start);
            var result = Read(copy, 0, length);
            if (_line.Problems.Count == 0)
            {
                return result;
            }

            // A finding on the copy is looked for again on the line as written, so that it and its message are exact.
            ResetExample();
            _line.Reset();
            _line.LineIsAscii = ascii;
        }

        return Read(buffer, start, length);
    }

    private void ResetExample()
    {
        _contentsSeen = false;
        _turns = 0;
        _lastRole = Role.Missing;
        _lastTurnOffset = 0;
        _messagesOffset = -1;
        _legacyTextOffset = -1;
    }

    /// <summary>Reads the line (as written, or its copy with neutralized escapes: the same length and offsets) against the schema.</summary>
    [MethodImpl(HotPath.Optimized)]
    private ExampleResult Read(byte[] buffer, int start, int length)
    {
        if (!_line.ReadObject(buffer, start, length, ReaderOptions, "{\"contents\": [...]}", _readExample))
        {
            return default;
        }

        // Only a conversation has tokens worth counting; a legacy-format line would pull the minimum and mean down.
        return new ExampleResult(_contentsSeen, _line.Tokens, _line.Multimodal);
    }

    /// <summary>The 1-based column (in UTF-16 code units) of a byte offset in the last line checked.</summary>
    public int ColumnOf(int offset) => _line.ColumnOf(_buffer, _lineStart, offset);

    [MethodImpl(HotPath.Optimized)]
    private void ReadExample(ref Utf8JsonReader r)
    {
        var objectStart = ReaderText.Offset(ref r);
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var keyOffset = ReaderText.Offset(ref r);
            switch (ExampleFields.OfExample(ref r))
            {
                case ExampleField.Contents:
                    _contentsSeen = true;
                    ReadContents(ref r);
                    break;
                case ExampleField.SystemInstruction:
                    _parts.ReadSystemInstruction(ref r);
                    break;
                case ExampleField.Messages:
                    _messagesOffset = _messagesOffset < 0 ? keyOffset : _messagesOffset;
                    r.Skip();
                    break;
                case ExampleField.LegacyText:
                    _legacyTextOffset = _legacyTextOffset < 0 ? keyOffset : _legacyTextOffset;
                    r.Skip();
                    break;
                case ExampleField.Known:
                    r.Skip();
                    break;
                default:
                    _line.UnknownField(ref r, keyOffset, "a tuning example", "contents, systemInstruction, tools, generationConfig");
                    r.Skip();
                    break;
            }
        }

        if (!_contentsSeen)
        {
            MissingContents(objectStart);
            return;
        }

        if (_messagesOffset >= 0)
        {
            _line.Add(_messagesOffset, DatasetProblemSeverity.Warning, DatasetProblemCode.UnknownField,
                "The example has both \"contents\" and the legacy \"messages\"; \"messages\" is not part of the current format. Remove it.");
        }

        if (_turns > 0 && _lastRole == Role.User)
        {
            _line.Add(_lastTurnOffset, DatasetProblemSeverity.Error, DatasetProblemCode.LastTurnNotModel,
                "The last turn is a \"user\" turn; an example must end with a \"model\" turn, the answer the model learns.");
        }
    }

    /// <summary>An example without "contents": in a legacy format, or missing its conversation.</summary>
    private void MissingContents(int objectStart)
    {
        if (_messagesOffset >= 0)
        {
            _line.Add(_messagesOffset, DatasetProblemSeverity.Error, DatasetProblemCode.LegacyMessagesFormat,
                "The example uses the legacy \"messages\" format, which only gemini-1.0-pro-002 (retired) accepted. Current models need " +
                "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"...\"}]}, {\"role\": \"model\", \"parts\": [{\"text\": \"...\"}]}]}; " +
                "a \"system\" message becomes \"systemInstruction\".");
        }
        else if (_legacyTextOffset >= 0)
        {
            _line.Add(_legacyTextOffset, DatasetProblemSeverity.Error, DatasetProblemCode.LegacyTextFormat,
                "The example uses the PaLM (text-bison) input_text/output_text format, which Gemini models do not accept. Write it as " +
                "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": INPUT}]}, {\"role\": \"model\", \"parts\": [{\"text\": OUTPUT}]}]}.");
        }
        else
        {
            _line.Add(objectStart, DatasetProblemSeverity.Error, DatasetProblemCode.MissingContents,
                "The example has no \"contents\": add the conversation as \"contents\": [{\"role\": \"user\", ...}, {\"role\": \"model\", ...}].");
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private void ReadContents(ref Utf8JsonReader r)
    {
        r.Read();
        if (_line.NotA(ref r, JsonTokenType.StartArray, "\"contents\" must be an array of turns"))
        {
            return;
        }

        var arrayStart = ReaderText.Offset(ref r);
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (_line.NotA(ref r, JsonTokenType.StartObject, "Each entry of \"contents\" must be an object {\"role\": ..., \"parts\": [...]}"))
            {
                continue;
            }

            ReadTurn(ref r);
        }

        if (_turns == 0)
        {
            _line.Add(arrayStart, DatasetProblemSeverity.Error, DatasetProblemCode.EmptyContents,
                "\"contents\" is empty; an example needs at least a \"user\" turn followed by a \"model\" turn.");
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private void ReadTurn(ref Utf8JsonReader r)
    {
        var turnStart = ReaderText.Offset(ref r);
        var role = Role.Missing;
        var roleOffset = turnStart;
        var partsSeen = false;
        var functionCallOffset = -1;
        var functionResponseOffset = -1;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var keyOffset = ReaderText.Offset(ref r);
            if (r.ValueTextEquals("role"u8))
            {
                r.Read();
                roleOffset = ReaderText.Offset(ref r);
                role = ReadRole(ref r);
            }
            else if (r.ValueTextEquals("parts"u8))
            {
                partsSeen = true;
                _parts.ReadParts(ref r, PartContext.Turn, ref functionCallOffset, ref functionResponseOffset);
            }
            else
            {
                _line.UnknownField(ref r, keyOffset, "a turn", "role, parts");
                r.Skip();
            }
        }

        _turns++;
        if (!partsSeen)
        {
            _line.Add(turnStart, DatasetProblemSeverity.Error, DatasetProblemCode.MissingParts,
                "The turn has no \"parts\"; give its content as \"parts\": [{\"text\": \"...\"}].");
        }

        switch (role)
        {
            case Role.Missing:
                _line.Add(turnStart, DatasetProblemSeverity.Error, DatasetProblemCode.MissingRole,
                    "The turn has no \"role\"; every turn needs \"role\": \"user\" or \"role\": \"model\".");
                break;
            case Role.User:
            case Role.Model:
                CheckRoleOrder(role, roleOffset, functionCallOffset, functionResponseOffset);
                break;
        }

        _lastRole = role;
        _lastTurnOffset = turnStart;
    }

    /// <summary>Turns alternate, and function calls and responses sit in the turns of the side that makes them.</summary>
    [MethodImpl(HotPath.Optimized)]
    private void CheckRoleOrder(Role role, int roleOffset, int functionCallOffset, int functionResponseOffset)
    {
        if (role == _lastRole)
        {
            var name = role == Role.User ? "user" : "model";
            _line.Add(roleOffset, DatasetProblemSeverity.Error, DatasetProblemCode.RolesNotAlternating, string.Format(CultureInfo.InvariantCulture,
                "Turns {0} and {1} are both \"{2}\" turns; turns must alternate between \"user\" and \"model\". Merge them into one turn.",
                _turns - 1, _turns, name));
        }

        if (role == Role.User && functionCallOffset >= 0)
        {
            _line.Add(functionCallOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedPartType,
                "A functionCall part belongs in a \"model\" turn (the model calls the function).");
        }

        if (role == Role.Model && functionResponseOffset >= 0)
        {
            _line.Add(functionResponseOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedPartType,
                "A functionResponse part belongs in a \"user\" turn (the function's result is given to the model).");
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private Role ReadRole(ref Utf8JsonReader r)
    {
        if (_line.NotA(ref r, JsonTokenType.String, "\"role\" must be the string \"user\" or \"model\""))
        {
            return Role.Other;
        }

        if (r.ValueTextEquals("user"u8))
        {
            return Role.User;
        }

        if (r.ValueTextEquals("model"u8))
        {
            return Role.Model;
        }

        var value = r.GetString() ?? string.Empty;
        var lower = value.Trim().ToLowerInvariant();
        if (lower is "user" or "model")
        {
            _line.Add(ReaderText.Offset(ref r), DatasetProblemSeverity.Warning, DatasetProblemCode.InvalidRole,
                "Role \"" + ReaderText.Quote(value) + "\" should be written \"" + lower + "\"; the documented roles are lowercase.");
            return lower == "user" ? Role.User : Role.Model;
        }

        var hint = lower switch
        {
            "system" => " Put system text in the example's \"systemInstruction\" instead of a turn.",
            "assistant" or "bot" or "ai" => " Use \"model\" for the model's turns.",
            "human" => " Use \"user\" for the user's turns.",
            "function" or "tool" => " A functionResponse part goes in a \"user\" turn.",
            _ => string.Empty,
        };
        _line.Add(ReaderText.Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.InvalidRole,
            "Role \"" + ReaderText.Quote(value) + "\" is not allowed; roles are \"user\" and \"model\"." + hint);
        return Role.Other;
    }
}
