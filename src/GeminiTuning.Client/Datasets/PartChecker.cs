using System;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace GeminiTuning.Datasets;

/// <summary>Where a list of parts stands: in a turn, or in the example's <c>systemInstruction</c> (text only).</summary>
internal enum PartContext
{
    Turn,
    SystemInstruction,
}

/// <summary>
/// Checks the <c>parts</c> of a turn or of <c>systemInstruction</c>: one content field per part, text that is not
/// empty, files the service can read, function calls and responses, and counts their tokens and media into the
/// line's <see cref="LineFindings"/>. In place on the reader, like <see cref="ExampleChecker"/>, which owns it.
/// </summary>
internal sealed class PartChecker
{
    private readonly DatasetLimits _limits;
    private readonly LineFindings _line;
    private readonly string? _textOnly;

    /// <summary>Creates the checker; with <paramref name="textOnly"/> every file part is refused with that message (preference tuning is text only).</summary>
    public PartChecker(DatasetLimits limits, LineFindings line, string? textOnly = null)
    {
        _limits = limits;
        _line = line;
        _textOnly = textOnly;
    }

    /// <summary>
    /// Reads the <c>parts</c> value; <paramref name="functionCallOffset"/> and <paramref name="functionResponseOffset"/>
    /// receive the first function call's and response's offsets (the turn's role decides whether they belong there).
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public void ReadParts(ref Utf8JsonReader r, PartContext context, ref int functionCallOffset, ref int functionResponseOffset)
    {
        r.Read();
        if (_line.NotA(ref r, JsonTokenType.StartArray, "\"parts\" must be an array such as [{\"text\": \"...\"}]"))
        {
            return;
        }

        var arrayStart = ReaderText.Offset(ref r);
        var count = 0;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            count++;
            if (_line.NotA(ref r, JsonTokenType.StartObject, "Each part must be an object such as {\"text\": \"...\"}"))
            {
                continue;
            }

            ReadPart(ref r, context, ref functionCallOffset, ref functionResponseOffset);
        }

        if (count == 0)
        {
            _line.Add(arrayStart, DatasetProblemSeverity.Error, DatasetProblemCode.EmptyParts,
                "\"parts\" is empty; give the turn's content, e.g. [{\"text\": \"...\"}].");
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private void ReadPart(ref Utf8JsonReader r, PartContext context, ref int functionCallOffset, ref int functionResponseOffset)
    {
        var partStart = ReaderText.Offset(ref r);
        var dataFields = 0;
        var secondDataOffset = -1;
        string? firstDataName = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var keyOffset = ReaderText.Offset(ref r);
            var field = ExampleFields.OfPart(ref r);
            if (ExampleFields.IsPartData(field))
            {
                dataFields++;
                if (dataFields == 1)
                {
                    firstDataName = ExampleFields.NameOf(field);
                }
                else if (dataFields == 2)
                {
                    secondDataOffset = keyOffset;
                }
            }

            switch (field)
            {
                case ExampleField.Text:
                    ReadText(ref r);
                    break;
                case ExampleField.FileData:
                    _line.Multimodal = true;
                    r.Read();
                    if (context == PartContext.SystemInstruction)
                    {
                        _line.Add(keyOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedPartType,
                            "\"systemInstruction\" takes text parts only; move the file into the first \"user\" turn.");
                        r.Skip();
                    }
                    else if (r.TokenType != JsonTokenType.StartObject)
                    {
                        _line.Add(ReaderText.Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType,
                            "\"fileData\" must be an object {\"mimeType\": ..., \"fileUri\": ...}, not a JSON " + ReaderText.Describe(r.TokenType) + ".");
                        r.Skip();
                    }
                    else
                    {
                        ReadFileData(ref r, keyOffset);
                    }

                    break;
                case ExampleField.InlineData:
                    _line.Multimodal = true;
                    _line.Add(keyOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedPartType,
                        "\"inlineData\" is not a documented part type for tuning datasets: upload the file to Cloud Storage and refer to it with " +
                        "{\"fileData\": {\"mimeType\": ..., \"fileUri\": \"gs://...\"}}.");
                    r.Skip();
                    break;
                case ExampleField.FunctionCall:
                case ExampleField.FunctionResponse:
                    if (field == ExampleField.FunctionCall)
                    {
                        functionCallOffset = functionCallOffset < 0 ? keyOffset : functionCallOffset;
                    }
                    else
                    {
                        functionResponseOffset = functionResponseOffset < 0 ? keyOffset : functionResponseOffset;
                    }

                    ReadFunction(ref r, context, field, keyOffset);
                    break;
                case ExampleField.OtherData:
                case ExampleField.Known:
                    r.Skip();
                    break;
                default:
                    _line.UnknownField(ref r, keyOffset, "a part", "text, fileData, functionCall, functionResponse");
                    r.Skip();
                    break;
            }
        }

        if (dataFields == 0)
        {
            _line.Add(partStart, DatasetProblemSeverity.Error, DatasetProblemCode.PartWithoutData,
                "The part has no content; a part holds exactly one of \"text\", \"fileData\", \"functionCall\" or \"functionResponse\".");
        }
        else if (dataFields > 1)
        {
            _line.Add(secondDataOffset, DatasetProblemSeverity.Error, DatasetProblemCode.PartWithSeveralData,
                "The part has more than one kind of content (the first is \"" + firstDataName + "\"); a part holds exactly one. " +
                "Split it into several parts of the same turn.");
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private void ReadFunction(ref Utf8JsonReader r, PartContext context, ExampleField field, int keyOffset)
    {
        r.Read();
        if (context == PartContext.SystemInstruction)
        {
            _line.Add(keyOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedPartType,
                "\"systemInstruction\" takes text parts only; function calls and responses belong in the turns.");
        }

        if (r.TokenType != JsonTokenType.StartObject)
        {
            _line.Add(ReaderText.Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType,
                "\"" + ExampleFields.NameOf(field) + "\" must be an object with a \"name\", not a JSON " + ReaderText.Describe(r.TokenType) + ".");
            r.Skip();
        }
        else
        {
            // Function calls and results are tokens too: estimated from their JSON text.
            var valueStart = r.TokenStartIndex;
            r.Skip();
            _line.Tokens += (r.BytesConsumed - valueStart + 3) / 4;
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private void ReadText(ref Utf8JsonReader r)
    {
        r.Read();
        if (_line.NotA(ref r, JsonTokenType.String, "\"text\" must be a string"))
        {
            return;
        }

        var raw = _line.RawValue(ref r);
        if (raw.Length == 0)
        {
            _line.Add(ReaderText.Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.EmptyText,
                "The text is empty; the service refuses empty text parts. Remove the part or give it text.");
            return;
        }

        // Characters as UTF-16 code units, like the service's and the emulator's statistics; escapes count as the character they stand for.
        var chars = _line.LineIsAscii ? raw.Length : Utf8Text.CharCount(raw);
        if (_line.IsEscaped(r.ValueIsEscaped, raw))
        {
            chars -= Utf8Text.EscapeOverhead(raw);
        }

        _line.Tokens += (chars + 3) / 4;
    }

    [MethodImpl(HotPath.Optimized)]
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
                    _line.Add(ReaderText.Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType, "\"mimeType\" must be a string such as \"image/jpeg\".");
                    r.Skip();
                    mimeOffset = -2;
                    continue;
                }

                mimeOffset = ReaderText.Offset(ref r);
                kind = r.ValueIsEscaped ? MediaTypes.Classify(r.GetString() ?? string.Empty) : MediaTypes.Classify(r.ValueSpan);
                if (kind == MediaKind.Unsupported)
                {
                    _line.Add(mimeOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedMimeType,
                        "MIME type \"" + ReaderText.Quote(r.GetString()) + "\" is not one tuning reads; use an image (image/jpeg, image/png, image/webp), " +
                        "audio (audio/mpeg, audio/wav, ...), video (video/mp4, ...) or document (application/pdf, text/plain) type.");
                }
            }
            else if (r.ValueTextEquals("fileUri"u8) || r.ValueTextEquals("file_uri"u8))
            {
                r.Read();
                uriSeen = true;
                if (r.TokenType != JsonTokenType.String)
                {
                    _line.Add(ReaderText.Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType, "\"fileUri\" must be a string such as \"gs://bucket/image.jpg\".");
                    r.Skip();
                    continue;
                }

                if (!IsFileUri(r.ValueSpan))
                {
                    _line.Add(ReaderText.Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.InvalidFileUri,
                        "\"fileUri\" must be a Cloud Storage URI (gs://bucket/object) or a public http(s) URL, not \"" + ReaderText.Quote(r.GetString()) + "\".");
                }
            }
            else
            {
                r.Skip();
            }
        }

        if (mimeOffset == -1)
        {
            _line.Add(keyOffset, DatasetProblemSeverity.Error, DatasetProblemCode.FileDataIncomplete,
                "\"fileData\" has no \"mimeType\"; give the file's type, e.g. \"mimeType\": \"image/jpeg\".");
        }

        if (!uriSeen)
        {
            _line.Add(keyOffset, DatasetProblemSeverity.Error, DatasetProblemCode.FileDataIncomplete,
                "\"fileData\" has no \"fileUri\"; give the file's location, e.g. \"fileUri\": \"gs://bucket/image.jpg\".");
        }

        if (kind == MediaKind.Unsupported)
        {
            return;
        }

        if (_textOnly is not null || !_limits.AcceptsMedia)
        {
            _line.Add(keyOffset, DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedPartType,
                _textOnly ?? _limits.AppliesTo + " tunes on text only; remove the file parts or choose a current Gemini model.");
            return;
        }

        if (kind == MediaKind.Image)
        {
            _line.Images++;
        }
        else if (kind == MediaKind.Pdf)
        {
            _line.Pdfs++;
        }
    }

    [MethodImpl(HotPath.Optimized)]
    internal static bool IsFileUri(ReadOnlySpan<byte> uri)
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

    /// <summary>Reads an example's "systemInstruction": an object with "parts" (and a "role", which the service ignores).</summary>
    [MethodImpl(HotPath.Optimized)]
    public void ReadSystemInstruction(ref Utf8JsonReader r)
    {
        r.Read();
        if (_line.NotA(ref r, JsonTokenType.StartObject, "\"systemInstruction\" must be an object {\"parts\": [{\"text\": \"...\"}]}"))
        {
            return;
        }

        var start = ReaderText.Offset(ref r);
        var partsSeen = false;
        int ignoredCall = -1, ignoredResponse = -1;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var keyOffset = ReaderText.Offset(ref r);
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
                _line.UnknownField(ref r, keyOffset, "systemInstruction", "parts, role");
                r.Skip();
            }
        }

        if (!partsSeen)
        {
            _line.Add(start, DatasetProblemSeverity.Error, DatasetProblemCode.MissingParts,
                "\"systemInstruction\" has no \"parts\"; write it as {\"parts\": [{\"text\": \"...\"}]}.");
        }
    }
}
