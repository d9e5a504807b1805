using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GeminiTuning.Datasets;

/// <summary>What one line yielded.</summary>
internal readonly struct ExampleResult
{
    public ExampleResult(bool measured, long tokens, bool multimodal)
    {
        Measured = measured;
        Tokens = tokens;
        Multimodal = multimodal;
    }

    /// <summary>True when the line was a JSON object whose tokens could be estimated.</summary>
    public bool Measured { get; }

    public long Tokens { get; }

    public bool Multimodal { get; }
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
/// Checks one JSONL line against the tuning example schema with a <see cref="Utf8JsonReader"/> over the line's bytes,
/// in place: no string is made for a line unless it has a problem. One instance is reused for every line of a file.
/// </summary>
internal sealed class ExampleChecker
{
    private const int MaxImagesPerExample = 30;
    private const int MaxPdfsPerExample = 4;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };

    private readonly DatasetLimits _limits;
    private readonly List<LineProblem> _problems = new();

    private byte[] _buffer = Array.Empty<byte>();
    private int _lineStart;
    private bool _ascii;

    // Per example.
    private long _tokens;
    private bool _multimodal;
    private int _images;
    private int _pdfs;
    private bool _contentsSeen;
    private int _turns;
    private Role _lastRole;
    private int _lastTurnOffset;
    private int _messagesOffset;
    private int _legacyTextOffset;

    public ExampleChecker(DatasetLimits limits) => _limits = limits;

    private enum Role
    {
        Missing,
        User,
        Model,
        Other,
    }

    private enum PartContext
    {
        Turn,
        SystemInstruction,
    }

    /// <summary>The problems of the last line checked, in the order found.</summary>
    public List<LineProblem> Problems => _problems;

    /// <summary>True when the last line checked was pure ASCII (columns are then byte offsets + 1).</summary>
    public bool LineIsAscii => _ascii;

    /// <summary>Checks <paramref name="length"/> bytes at <paramref name="start"/> (one line, without its line break).</summary>
    public ExampleResult Check(byte[] buffer, int start, int length)
    {
        _problems.Clear();
        _buffer = buffer;
        _lineStart = start;
        _tokens = 0;
        _multimodal = false;
        _images = 0;
        _pdfs = 0;
        _contentsSeen = false;
        _turns = 0;
        _lastRole = Role.Missing;
        _lastTurnOffset = 0;
        _messagesOffset = -1;
        _legacyTextOffset = -1;

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
            _ascii = false;
            var at = bad < 0 ? 0 : bad;
            Add(at, DatasetProblemSeverity.Error, DatasetProblemCode.InvalidUtf8, string.Format(CultureInfo.InvariantCulture,
                "The line is not valid UTF-8: byte 0x{0:X2} starts an invalid or incomplete sequence. Save the file as UTF-8.",
                buffer[start + at]));
            return default;
        }

        _ascii = chars == length;
        var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(buffer, start, length), ReaderOptions);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Add(Offset(ref reader), DatasetProblemSeverity.Error, DatasetProblemCode.NotAnObject,
                    "The line holds a JSON " + Describe(reader.TokenType) + ", not an object; each line must be one example {\"contents\": [...]}.");
                return default;
            }

            ReadExample(ref reader);

            // Anything but whitespace after the object makes the reader throw.
            reader.Read();
        }
        catch (JsonException ex)
        {
            // Schema findings before the syntax error would only confuse: the syntax error is the problem.
            _problems.Clear();
            var position = ex.BytePositionInLine is long p ? (int)Math.Min(p, length) : 0;
            Add(position, DatasetProblemSeverity.Error, DatasetProblemCode.InvalidJson, "Invalid JSON: " + ReaderMessage(ex.Message));
            return default;
        }

        SortByOffset();

        // Only a conversation has tokens worth counting; a legacy-format line would pull the minimum and mean down.
        return new ExampleResult(_contentsSeen, _tokens, _multimodal);
    }

    /// <summary>Orders the line's problems by column (stable: a role checked at the end of its turn still comes first).</summary>
    private void SortByOffset()
    {
        for (var i = 1; i < _problems.Count; i++)
        {
            var item = _problems[i];
            var j = i - 1;
            while (j >= 0 && _problems[j].Offset > item.Offset)
            {
                _problems[j + 1] = _problems[j];
                j--;
            }

            _problems[j + 1] = item;
        }
    }

    /// <summary>The 1-based column (in UTF-16 code units) of a byte offset in the last line checked.</summary>
    public int ColumnOf(int offset)
    {
        if (offset < 0)
        {
            return 0;
        }

        if (_ascii)
        {
            return offset + 1;
        }

        return Utf8Text.CharCount(_buffer, _lineStart, offset) + 1;
    }

    /// <summary>Media files counted in the last example: images and PDFs.</summary>
    public (int Images, int Pdfs) MediaCounts => (_images, _pdfs);

    private void ReadExample(ref Utf8JsonReader r)
    {
        var objectStart = Offset(ref r);
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var keyOffset = Offset(ref r);
            switch (ExampleField(ref r))
            {
                case Field.Contents:
                    _contentsSeen = true;
                    ReadContents(ref r);
                    break;
                case Field.SystemInstruction:
                    ReadSystemInstruction(ref r);
                    break;
                case Field.Messages:
                    _messagesOffset = _messagesOffset < 0 ? keyOffset : _messagesOffset;
                    r.Skip();
                    break;
                case Field.LegacyText:
                    _legacyTextOffset = _legacyTextOffset < 0 ? keyOffset : _legacyTextOffset;
                    r.Skip();
                    break;
                case Field.Known:
                    r.Skip();
                    break;
                default:
                    UnknownField(ref r, keyOffset, "a tuning example", "contents, systemInstruction, tools, generationConfig");
                    r.Skip();
                    break;
            }
        }

        if (!_contentsSeen)
        {
            if (_messagesOffset >= 0)
            {
                Add(_messagesOffset, DatasetProblemSeverity.Error, DatasetProblemCode.LegacyMessagesFormat,
                    "The example uses the legacy \"messages\" format, which only gemini-1.0-pro-002 (retired) accepted. Current models need " +
                    "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"...\"}]}, {\"role\": \"model\", \"parts\": [{\"text\": \"...\"}]}]}; " +
                    "a \"system\" message becomes \"systemInstruction\".");
            }
            else if (_legacyTextOffset >= 0)
            {
                Add(_legacyTextOffset, DatasetProblemSeverity.Error, DatasetProblemCode.LegacyTextFormat,
                    "The example uses the PaLM (text-bison) input_text/output_text format, which Gemini models do not accept. Write it as " +
                    "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": INPUT}]}, {\"role\": \"model\", \"parts\": [{\"text\": OUTPUT}]}]}.");
            }
            else
            {
                Add(objectStart, DatasetProblemSeverity.Error, DatasetProblemCode.MissingContents,
                    "The example has no \"contents\": add the conversation as \"contents\": [{\"role\": \"user\", ...}, {\"role\": \"model\", ...}].");
            }

            return;
        }

        if (_messagesOffset >= 0)
        {
            Add(_messagesOffset, DatasetProblemSeverity.Warning, DatasetProblemCode.UnknownField,
                "The example has both \"contents\" and the legacy \"messages\"; \"messages\" is not part of the current format. Remove it.");
        }

        if (_turns > 0 && _lastRole == Role.User)
        {
            Add(_lastTurnOffset, DatasetProblemSeverity.Error, DatasetProblemCode.LastTurnNotModel,
                "The last turn is a \"user\" turn; an example must end with a \"model\" turn, the answer the model learns.");
        }
    }

    private void ReadContents(ref Utf8JsonReader r)
    {
        r.Read();
        if (r.TokenType != JsonTokenType.StartArray)
        {
            Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType,
                "\"contents\" must be an array of turns, not a JSON " + Describe(r.TokenType) + ".");
            r.Skip();
            return;
        }

        var arrayStart = Offset(ref r);
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (r.TokenType != JsonTokenType.StartObject)
            {
                Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType,
                    "Each entry of \"contents\" must be an object {\"role\": ..., \"parts\": [...]}, not a JSON " + Describe(r.TokenType) + ".");
                r.Skip();
                continue;
            }

            ReadTurn(ref r);
        }

        if (_turns == 0)
        {
            Add(arrayStart, DatasetProblemSeverity.Error, DatasetProblemCode.EmptyContents,
                "\"contents\" is empty; an example needs at least a \"user\" turn followed by a \"model\" turn.");
        }
    }

    private void ReadTurn(ref Utf8JsonReader r)
    {
        var turnStart = Offset(ref r);
        var role = Role.Missing;
        var roleOffset = turnStart;
        var partsSeen = false;
        var functionCallOffset = -1;
        var functionResponseOffset = -1;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var keyOffset = Offset(ref r);
            if (r.ValueTextEquals("role"u8))
            {
                r.Read();
                roleOffset = Offset(ref r);
                role = ReadRole(ref r);
            }
            else if (r.ValueTextEquals("parts"u8))
            {
                partsSeen = true;
                ReadParts(ref r, PartContext.Turn, ref functionCallOffset, ref functionResponseOffset);
            }
            else
            {
                UnknownField(ref r, keyOffset, "a turn", "role, parts");
                r.Skip();
            }
        }

        _turns++;
        if (!partsSeen)
        {
            Add(turnStart, DatasetProblemSeverity.Error, DatasetProblemCode.MissingParts,
                "The turn has no \"parts\"; give its content as \"parts\": [{\"text\": \"...\"}].");
        }

        switch (role)
        {
            case Role.Missing:
                Add(turnStart, DatasetProblemSeverity.Error, DatasetProblemCode.MissingRole,
                    "The turn has no \"role\"; every turn needs \"role\": \"user\" or \"role\": \"model\".");
                break;
            case Role.User:
            case Role.Model:
                if (role == _lastRole)
                {
                    var name = role == Role.User ? "user" : "model";
                    Add(roleOffset, DatasetProblemSeverity.Error, DatasetProblemCode.RolesNotAlternating, string.Format(CultureInfo.InvariantCulture,
                        "Turns {0} and {1} are both \"{2}\" turns; turns must alternate between \"user\" and \"model\". Merge them into one turn.",
                        _turns - 1, _turns, name));
                }

                if (role == Role.User && functionCallOffset >= 0)
                {
                    Add(functionCallOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedPartType,
                        "A functionCall part belongs in a \"model\" turn (the model calls the function).");
                }

                if (role == Role.Model && functionResponseOffset >= 0)
                {
                    Add(functionResponseOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedPartType,
                        "A functionResponse part belongs in a \"user\" turn (the function's result is given to the model).");
                }

                break;
        }

        _lastRole = role;
        _lastTurnOffset = turnStart;
    }

    private Role ReadRole(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.String)
        {
            Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType,
                "\"role\" must be the string \"user\" or \"model\", not a JSON " + Describe(r.TokenType) + ".");
            r.Skip();
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
            Add(Offset(ref r), DatasetProblemSeverity.Warning, DatasetProblemCode.InvalidRole,
                "Role \"" + Quote(value) + "\" should be written \"" + lower + "\"; the documented roles are lowercase.");
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
        Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.InvalidRole,
            "Role \"" + Quote(value) + "\" is not allowed; roles are \"user\" and \"model\"." + hint);
        return Role.Other;
    }

    private void ReadSystemInstruction(ref Utf8JsonReader r)
    {
        r.Read();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType,
                "\"systemInstruction\" must be an object {\"parts\": [{\"text\": \"...\"}]}, not a JSON " + Describe(r.TokenType) + ".");
            r.Skip();
            return;
        }

        var start = Offset(ref r);
        var partsSeen = false;
        int ignoredCall = -1, ignoredResponse = -1;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var keyOffset = Offset(ref r);
            if (r.ValueTextEquals("parts"u8))
            {
                partsSeen = true;
                ReadParts(ref r, PartContext.SystemInstruction, ref ignoredCall, ref ignoredResponse);
            }
            else if (r.ValueTextEquals("role"u8))
            {
                // "The role field of systemInstruction is ignored."
                r.Skip();
            }
            else
            {
                UnknownField(ref r, keyOffset, "systemInstruction", "parts, role");
                r.Skip();
            }
        }

        if (!partsSeen)
        {
            Add(start, DatasetProblemSeverity.Error, DatasetProblemCode.MissingParts,
                "\"systemInstruction\" has no \"parts\"; write it as {\"parts\": [{\"text\": \"...\"}]}.");
        }
    }

    private void ReadParts(ref Utf8JsonReader r, PartContext context, ref int functionCallOffset, ref int functionResponseOffset)
    {
        r.Read();
        if (r.TokenType != JsonTokenType.StartArray)
        {
            Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType,
                "\"parts\" must be an array such as [{\"text\": \"...\"}], not a JSON " + Describe(r.TokenType) + ".");
            r.Skip();
            return;
        }

        var arrayStart = Offset(ref r);
        var count = 0;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            count++;
            if (r.TokenType != JsonTokenType.StartObject)
            {
                Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType,
                    "Each part must be an object such as {\"text\": \"...\"}, not a JSON " + Describe(r.TokenType) + ".");
                r.Skip();
                continue;
            }

            ReadPart(ref r, context, ref functionCallOffset, ref functionResponseOffset);
        }

        if (count == 0)
        {
            Add(arrayStart, DatasetProblemSeverity.Error, DatasetProblemCode.EmptyParts,
                "\"parts\" is empty; give the turn's content, e.g. [{\"text\": \"...\"}].");
        }
    }

    private void ReadPart(ref Utf8JsonReader r, PartContext context, ref int functionCallOffset, ref int functionResponseOffset)
    {
        var partStart = Offset(ref r);
        var dataFields = 0;
        var secondDataOffset = -1;
        string? firstDataName = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var keyOffset = Offset(ref r);
            var field = PartField(ref r);
            if (field is Field.Text or Field.FileData or Field.InlineData or Field.FunctionCall or Field.FunctionResponse or Field.OtherData)
            {
                dataFields++;
                if (dataFields == 1)
                {
                    firstDataName = FieldName(field);
                }
                else if (dataFields == 2)
                {
                    secondDataOffset = keyOffset;
                }
            }

            switch (field)
            {
                case Field.Text:
                    ReadText(ref r);
                    break;
                case Field.FileData:
                    _multimodal = true;
                    r.Read();
                    if (context == PartContext.SystemInstruction)
                    {
                        Add(keyOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedPartType,
                            "\"systemInstruction\" takes text parts only; move the file into the first \"user\" turn.");
                        r.Skip();
                    }
                    else if (r.TokenType != JsonTokenType.StartObject)
                    {
                        Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType,
                            "\"fileData\" must be an object {\"mimeType\": ..., \"fileUri\": ...}, not a JSON " + Describe(r.TokenType) + ".");
                        r.Skip();
                    }
                    else
                    {
                        ReadFileData(ref r, keyOffset);
                    }

                    break;
                case Field.InlineData:
                    _multimodal = true;
                    Add(keyOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedPartType,
                        "\"inlineData\" is not a documented part type for tuning datasets: upload the file to Cloud Storage and refer to it with " +
                        "{\"fileData\": {\"mimeType\": ..., \"fileUri\": \"gs://...\"}}.");
                    r.Skip();
                    break;
                case Field.FunctionCall:
                case Field.FunctionResponse:
                    if (field == Field.FunctionCall)
                    {
                        functionCallOffset = functionCallOffset < 0 ? keyOffset : functionCallOffset;
                    }
                    else
                    {
                        functionResponseOffset = functionResponseOffset < 0 ? keyOffset : functionResponseOffset;
                    }

                    r.Read();
                    if (context == PartContext.SystemInstruction)
                    {
                        Add(keyOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedPartType,
                            "\"systemInstruction\" takes text parts only; function calls and responses belong in the turns.");
                    }

                    if (r.TokenType != JsonTokenType.StartObject)
                    {
                        Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType,
                            "\"" + FieldName(field) + "\" must be an object with a \"name\", not a JSON " + Describe(r.TokenType) + ".");
                        r.Skip();
                    }
                    else
                    {
                        // Function calls and results are tokens too: estimated from their JSON text.
                        var valueStart = r.TokenStartIndex;
                        r.Skip();
                        _tokens += (r.BytesConsumed - valueStart + 3) / 4;
                    }

                    break;
                case Field.OtherData:
                case Field.Known:
                    r.Skip();
                    break;
                default:
                    UnknownField(ref r, keyOffset, "a part", "text, fileData, functionCall, functionResponse");
                    r.Skip();
                    break;
            }
        }

        if (dataFields == 0)
        {
            Add(partStart, DatasetProblemSeverity.Error, DatasetProblemCode.PartWithoutData,
                "The part has no content; a part holds exactly one of \"text\", \"fileData\", \"functionCall\" or \"functionResponse\".");
        }
        else if (dataFields > 1)
        {
            Add(secondDataOffset, DatasetProblemSeverity.Error, DatasetProblemCode.PartWithSeveralData,
                "The part has more than one kind of content (the first is \"" + firstDataName + "\"); a part holds exactly one. " +
                "Split it into several parts of the same turn.");
        }
    }

    private void ReadText(ref Utf8JsonReader r)
    {
        r.Read();
        if (r.TokenType != JsonTokenType.String)
        {
            Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType,
                "\"text\" must be a string, not a JSON " + Describe(r.TokenType) + ".");
            r.Skip();
            return;
        }

        var raw = r.ValueSpan;
        if (raw.Length == 0)
        {
            Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.EmptyText,
                "The text is empty; the service refuses empty text parts. Remove the part or give it text.");
            return;
        }

        // Characters as UTF-16 code units, like the service's and the emulator's statistics; escapes count as the character they stand for.
        var chars = _ascii ? raw.Length : Utf8Text.CharCount(raw);
        if (r.ValueIsEscaped)
        {
            chars -= Utf8Text.EscapeOverhead(raw);
        }

        _tokens += (chars + 3) / 4;
    }

    private void ReadFileData(ref Utf8JsonReader r, int keyOffset)
    {
        var mimeOffset = -1;
        var uriSeen = false;
        var kind = MediaKind.Unsupported;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("mimeType"u8) || r.ValueTextEquals("mime_type"u8))
            {
                r.Read();
                if (r.TokenType != JsonTokenType.String)
                {
                    Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType, "\"mimeType\" must be a string such as \"image/jpeg\".");
                    r.Skip();
                    mimeOffset = -2;
                    continue;
                }

                mimeOffset = Offset(ref r);
                kind = r.ValueIsEscaped ? MediaTypes.Classify(r.GetString() ?? string.Empty) : MediaTypes.Classify(r.ValueSpan);
                if (kind == MediaKind.Unsupported)
                {
                    Add(mimeOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedMimeType,
                        "MIME type \"" + Quote(r.GetString()) + "\" is not one tuning reads; use an image (image/jpeg, image/png, image/webp), " +
                        "audio (audio/mpeg, audio/wav, ...), video (video/mp4, ...) or document (application/pdf, text/plain) type.");
                }
            }
            else if (r.ValueTextEquals("fileUri"u8) || r.ValueTextEquals("file_uri"u8))
            {
                r.Read();
                uriSeen = true;
                if (r.TokenType != JsonTokenType.String)
                {
                    Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType, "\"fileUri\" must be a string such as \"gs://bucket/image.jpg\".");
                    r.Skip();
                    continue;
                }

                if (!IsFileUri(r.ValueSpan))
                {
                    Add(Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.InvalidFileUri,
                        "\"fileUri\" must be a Cloud Storage URI (gs://bucket/object) or a public http(s) URL, not \"" + Quote(r.GetString()) + "\".");
                }
            }
            else
            {
                r.Skip();
            }
        }

        if (mimeOffset == -1)
        {
            Add(keyOffset, DatasetProblemSeverity.Error, DatasetProblemCode.FileDataIncomplete,
                "\"fileData\" has no \"mimeType\"; give the file's type, e.g. \"mimeType\": \"image/jpeg\".");
        }

        if (!uriSeen)
        {
            Add(keyOffset, DatasetProblemSeverity.Error, DatasetProblemCode.FileDataIncomplete,
                "\"fileData\" has no \"fileUri\"; give the file's location, e.g. \"fileUri\": \"gs://bucket/image.jpg\".");
        }

        if (kind == MediaKind.Unsupported)
        {
            return;
        }

        if (!_limits.AcceptsMedia)
        {
            Add(keyOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedPartType,
                _limits.AppliesTo + " tunes on text only; remove the file parts or choose a current Gemini model.");
            return;
        }

        if (kind == MediaKind.Image)
        {
            _images++;
        }
        else if (kind == MediaKind.Pdf)
        {
            _pdfs++;
        }
    }

    private static bool IsFileUri(ReadOnlySpan<byte> uri)
    {
        if (uri.StartsWith("gs://"u8))
        {
            // gs://bucket/object: a bucket and a non-empty object name.
            var rest = uri.Slice(5);
            var slash = rest.IndexOf((byte)'/');
            return slash > 0 && slash < rest.Length - 1;
        }

        return (uri.StartsWith("https://"u8) && uri.Length > 8) || (uri.StartsWith("http://"u8) && uri.Length > 7);
    }

    private void UnknownField(ref Utf8JsonReader r, int keyOffset, string where, string expected)
    {
        Add(keyOffset, DatasetProblemSeverity.Warning, DatasetProblemCode.UnknownField,
            "\"" + Quote(r.GetString()) + "\" is not a field of " + where + " (expected " + expected + "); the service may refuse the line or ignore the field.");
    }

    private enum Field
    {
        Unknown,
        Known,
        Contents,
        SystemInstruction,
        Messages,
        LegacyText,
        Text,
        FileData,
        InlineData,
        FunctionCall,
        FunctionResponse,
        OtherData,
    }

    private static Field ExampleField(ref Utf8JsonReader r)
    {
        if (r.ValueTextEquals("contents"u8))
        {
            return Field.Contents;
        }

        if (r.ValueTextEquals("systemInstruction"u8) || r.ValueTextEquals("system_instruction"u8))
        {
            return Field.SystemInstruction;
        }

        if (r.ValueTextEquals("tools"u8) || r.ValueTextEquals("generationConfig"u8) || r.ValueTextEquals("generation_config"u8) ||
            r.ValueTextEquals("toolConfig"u8) || r.ValueTextEquals("tool_config"u8))
        {
            return Field.Known;
        }

        if (r.ValueTextEquals("messages"u8))
        {
            return Field.Messages;
        }

        if (r.ValueTextEquals("input_text"u8) || r.ValueTextEquals("output_text"u8))
        {
            return Field.LegacyText;
        }

        return Field.Unknown;
    }

    private static Field PartField(ref Utf8JsonReader r)
    {
        if (r.ValueTextEquals("text"u8))
        {
            return Field.Text;
        }

        if (r.ValueTextEquals("fileData"u8) || r.ValueTextEquals("file_data"u8))
        {
            return Field.FileData;
        }

        if (r.ValueTextEquals("functionCall"u8) || r.ValueTextEquals("function_call"u8))
        {
            return Field.FunctionCall;
        }

        if (r.ValueTextEquals("functionResponse"u8) || r.ValueTextEquals("function_response"u8))
        {
            return Field.FunctionResponse;
        }

        if (r.ValueTextEquals("inlineData"u8) || r.ValueTextEquals("inline_data"u8))
        {
            return Field.InlineData;
        }

        if (r.ValueTextEquals("executableCode"u8) || r.ValueTextEquals("executable_code"u8) ||
            r.ValueTextEquals("codeExecutionResult"u8) || r.ValueTextEquals("code_execution_result"u8))
        {
            return Field.OtherData;
        }

        if (r.ValueTextEquals("thought"u8) || r.ValueTextEquals("thoughtSignature"u8) || r.ValueTextEquals("thought_signature"u8) ||
            r.ValueTextEquals("videoMetadata"u8) || r.ValueTextEquals("video_metadata"u8) || r.ValueTextEquals("mediaResolution"u8) ||
            r.ValueTextEquals("media_resolution"u8) || r.ValueTextEquals("partMetadata"u8) || r.ValueTextEquals("part_metadata"u8))
        {
            return Field.Known;
        }

        return Field.Unknown;
    }

    private static string FieldName(Field field) => field switch
    {
        Field.Text => "text",
        Field.FileData => "fileData",
        Field.InlineData => "inlineData",
        Field.FunctionCall => "functionCall",
        Field.FunctionResponse => "functionResponse",
        _ => "executableCode",
    };

    private static int Offset(ref Utf8JsonReader r) => (int)r.TokenStartIndex;

    private void Add(int offset, DatasetProblemSeverity severity, DatasetProblemCode code, string message) =>
        _problems.Add(new LineProblem(offset, severity, code, message));

    private static string Describe(JsonTokenType type) => type switch
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
    private static string Quote(string? value)
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
    private static string ReaderMessage(string message)
    {
        var tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = tail >= 0 ? message.Substring(0, tail) : message;
        return text.Trim();
    }
}
