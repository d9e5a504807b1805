using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GeminiTuning.Datasets;

/// <summary>
/// Checks one JSONL line against the preference tuning format (preference-tuning.md §3), in place like
/// <see cref="ExampleChecker"/>: a prompt (<c>contents</c>, alternating turns ending with a <c>user</c> turn, optional
/// <c>systemInstruction</c>) and exactly two <c>completions</c>, each <c>{"score": 0|1, "completion": {"role": "model",
/// "parts": [...]}}</c>, one preferred (1) and one dispreferred (0). Text only. Parts are read by <see cref="PartChecker"/>.
/// </summary>
internal sealed class PreferenceExampleChecker : IExampleChecker
{
    private const string TextOnly = "Preference tuning takes text only; remove the file parts (or tune on them with supervised tuning).";
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };

    private readonly LineFindings _line = new();
    private readonly LineFindings.ExampleReader _readExample;
    private readonly PartChecker _parts;

    private byte[] _buffer = Array.Empty<byte>();
    private int _lineStart;

    // Per example.
    private bool _contentsSeen;
    private bool _completionsSeen;
    private int _turns;
    private string? _lastRole;
    private int _lastTurnOffset;
    private long _completionTokens;
    private long _longestCompletion;

    public PreferenceExampleChecker(DatasetLimits limits)
    {
        _parts = new PartChecker(limits, _line, TextOnly);
        _readExample = ReadExample;
    }

    public List<LineProblem> Problems => _line.Problems;

    public (int Images, int Pdfs) MediaCounts => (0, 0);

    public ExampleResult Check(byte[] buffer, int start, int length)
    {
        _line.Reset();
        _buffer = buffer;
        _lineStart = start;
        _contentsSeen = false;
        _completionsSeen = false;
        _turns = 0;
        _lastRole = null;
        _lastTurnOffset = 0;
        _completionTokens = 0;
        _longestCompletion = 0;

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
                "The line is not valid UTF-8: byte 0x{0:X2} starts an invalid or incomplete sequence. Save the file as UTF-8.", buffer[start + at]));
            return default;
        }

        _line.LineIsAscii = chars == length;
        if (!_line.ReadObject(buffer, start, length, ReaderOptions, "{\"contents\": [...], \"completions\": [...]}", _readExample))
        {
            return default;
        }

        // The per-example limit is on the prompt and the longer completion; billing counts the prompt twice plus the completions.
        var prompt = _line.Tokens - _completionTokens;
        return new ExampleResult(_contentsSeen && _completionsSeen, prompt + _longestCompletion, false, (2 * prompt) + _completionTokens);
    }

    public int ColumnOf(int offset) => _line.ColumnOf(_buffer, _lineStart, offset);

    private void ReadExample(ref Utf8JsonReader r)
    {
        var objectStart = ReaderText.Offset(ref r);
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var keyOffset = ReaderText.Offset(ref r);
            if (r.ValueTextEquals("contents"u8))
            {
                _contentsSeen = true;
                ReadContents(ref r);
            }
            else if (r.ValueTextEquals("completions"u8))
            {
                _completionsSeen = true;
                ReadCompletions(ref r);
            }
            else if (r.ValueTextEquals("systemInstruction"u8) || r.ValueTextEquals("system_instruction"u8))
            {
                _parts.ReadSystemInstruction(ref r);
            }
            else
            {
                _line.UnknownField(ref r, keyOffset, "a preference example", "contents, completions, systemInstruction");
                r.Skip();
            }
        }

        if (!_contentsSeen)
        {
            _line.Add(objectStart, DatasetProblemSeverity.Error, DatasetProblemCode.MissingContents,
                "The example has no \"contents\": give the prompt as \"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"...\"}]}].");
        }
        else if (_turns > 0 && _lastRole != "user")
        {
            _line.Add(_lastTurnOffset, DatasetProblemSeverity.Error, DatasetProblemCode.LastTurnNotUser,
                "The prompt ends with a \"" + (_lastRole ?? "?") + "\" turn; a preference example's \"contents\" must end with a \"user\" turn, which the two completions answer.");
        }

        if (!_completionsSeen)
        {
            _line.Add(objectStart, DatasetProblemSeverity.Error, DatasetProblemCode.MissingCompletions,
                "The example has no \"completions\": give two, [{\"score\": 1, \"completion\": {\"role\": \"model\", ...}}, {\"score\": 0, \"completion\": ...}]." +
                (_contentsSeen && _lastRole == "model" ? " (Is this a supervised dataset? Check it with -TuningMethod Supervised.)" : string.Empty));
        }
    }

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
            var turnStart = ReaderText.Offset(ref r);
            var role = ReadTurn(ref r, "a turn");
            _turns++;
            if (role is "user" or "model" && role == _lastRole)
            {
                _line.Add(turnStart, DatasetProblemSeverity.Error, DatasetProblemCode.RolesNotAlternating, string.Format(CultureInfo.InvariantCulture,
                    "Turns {0} and {1} are both \"{2}\" turns; turns must alternate between \"user\" and \"model\". Merge them into one turn.", _turns - 1, _turns, role));
            }

            _lastRole = role;
            _lastTurnOffset = turnStart;
        }

        if (_turns == 0)
        {
            _line.Add(arrayStart, DatasetProblemSeverity.Error, DatasetProblemCode.EmptyContents,
                "\"contents\" is empty; the prompt needs at least one \"user\" turn.");
        }
    }

    /// <summary>Reads a Content object (a turn or a completion); returns its role ("user", "model", another text, or null when missing or not a string).</summary>
    private string? ReadTurn(ref Utf8JsonReader r, string what)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            _line.Add(ReaderText.Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.WrongType,
                "Each " + what.Substring(2) + " must be an object {\"role\": ..., \"parts\": [...]}, not a JSON " + ReaderText.Describe(r.TokenType) + ".");
            r.Skip();
            return null;
        }

        var start = ReaderText.Offset(ref r);
        string? role = null;
        var roleSeen = false;
        var partsSeen = false;
        int functionCall = -1, functionResponse = -1;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var keyOffset = ReaderText.Offset(ref r);
            if (r.ValueTextEquals("role"u8))
            {
                roleSeen = true;
                r.Read();
                role = ReadRole(ref r);
            }
            else if (r.ValueTextEquals("parts"u8))
            {
                partsSeen = true;
                _parts.ReadParts(ref r, PartContext.Turn, ref functionCall, ref functionResponse);
            }
            else
            {
                _line.UnknownField(ref r, keyOffset, what, "role, parts");
                r.Skip();
            }
        }

        if (!partsSeen)
        {
            _line.Add(start, DatasetProblemSeverity.Error, DatasetProblemCode.MissingParts, "The " + what.Substring(2) + " has no \"parts\"; give its text as \"parts\": [{\"text\": \"...\"}].");
        }

        if (!roleSeen)
        {
            _line.Add(start, DatasetProblemSeverity.Error, DatasetProblemCode.MissingRole, "The " + what.Substring(2) + " has no \"role\"; give \"role\": \"user\" or \"role\": \"model\".");
        }

        if (functionCall >= 0 || functionResponse >= 0)
        {
            _line.Add(Math.Max(functionCall, functionResponse), DatasetProblemSeverity.Error, DatasetProblemCode.UnsupportedPartType,
                "Preference tuning takes text parts only; function calls and responses are for supervised tuning.");
        }

        return role;
    }

    private string? ReadRole(ref Utf8JsonReader r)
    {
        if (_line.NotA(ref r, JsonTokenType.String, "\"role\" must be the string \"user\" or \"model\""))
        {
            return null;
        }

        if (r.ValueTextEquals("user"u8))
        {
            return "user";
        }

        if (r.ValueTextEquals("model"u8))
        {
            return "model";
        }

        var value = r.GetString() ?? string.Empty;
        _line.Add(ReaderText.Offset(ref r), DatasetProblemSeverity.Error, DatasetProblemCode.InvalidRole,
            "Role \"" + ReaderText.Quote(value) + "\" is not allowed; roles are \"user\" and \"model\".");
        return value;
    }

    private void ReadCompletions(ref Utf8JsonReader r)
    {
        r.Read();
        if (_line.NotA(ref r, JsonTokenType.StartArray, "\"completions\" must be an array of two completions"))
        {
            return;
        }

        var arrayStart = ReaderText.Offset(ref r);
        var count = 0;
        int preferred = 0, dispreferred = 0, unscored = 0;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            count++;
            var before = _line.Tokens;
            switch (ReadCompletion(ref r))
            {
                case 1: preferred++; break;
                case 0: dispreferred++; break;
                default: unscored++; break; // reported where the score is
            }

            var tokens = _line.Tokens - before;
            _completionTokens += tokens;
            _longestCompletion = Math.Max(_longestCompletion, tokens);
        }

        if (count != 2)
        {
            _line.Add(arrayStart, DatasetProblemSeverity.Error, DatasetProblemCode.WrongCompletionCount, string.Format(CultureInfo.InvariantCulture,
                "\"completions\" holds {0} completion(s); a preference example has exactly two: one preferred (score 1) and one dispreferred (score 0).", count));
        }
        else if (unscored == 0 && (preferred != 1 || dispreferred != 1))
        {
            _line.Add(arrayStart, DatasetProblemSeverity.Error, DatasetProblemCode.NoPreferredPair,
                "The two completions must be one preferred (\"score\": 1) and one dispreferred (\"score\": 0).");
        }
    }

    /// <summary>Reads one completion; returns its score (0 or 1), or -1 when it has no valid score.</summary>
    private int ReadCompletion(ref Utf8JsonReader r)
    {
        if (_line.NotA(ref r, JsonTokenType.StartObject, "Each completion must be an object {\"score\": 1, \"completion\": {...}}"))
        {
            return -1;
        }

        var start = ReaderText.Offset(ref r);
        var score = -1;
        var scoreSeen = false;
        var completionSeen = false;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var keyOffset = ReaderText.Offset(ref r);
            if (r.ValueTextEquals("score"u8))
            {
                scoreSeen = true;
                r.Read();
                score = ReadScore(ref r);
            }
            else if (r.ValueTextEquals("completion"u8))
            {
                completionSeen = true;
                r.Read();
                var turnStart = ReaderText.Offset(ref r);
                var role = ReadTurn(ref r, "a completion");
                if (role is not null && role != "model")
                {
                    _line.Add(turnStart, DatasetProblemSeverity.Error, DatasetProblemCode.InvalidCompletion,
                        "A completion is the model's answer: its role must be \"model\", not \"" + ReaderText.Quote(role) + "\".");
                }
            }
            else
            {
                _line.UnknownField(ref r, keyOffset, "a completion", "score, completion");
                r.Skip();
            }
        }

        if (!scoreSeen)
        {
            _line.Add(start, DatasetProblemSeverity.Error, DatasetProblemCode.InvalidScore, "The completion has no \"score\"; give 1 for the preferred completion and 0 for the other.");
        }

        if (!completionSeen)
        {
            _line.Add(start, DatasetProblemSeverity.Error, DatasetProblemCode.InvalidCompletion,
                "The completion has no \"completion\" turn; give it as \"completion\": {\"role\": \"model\", \"parts\": [{\"text\": \"...\"}]}.");
        }

        return score;
    }

    private int ReadScore(ref Utf8JsonReader r)
    {
        var offset = ReaderText.Offset(ref r);
        if (r.TokenType == JsonTokenType.Number && r.TryGetDouble(out var value) && (value == 0 || value == 1))
        {
            return (int)value;
        }

        var shown = r.TokenType == JsonTokenType.Number ? Encoding.UTF8.GetString(r.ValueSpan.ToArray()) : "a JSON " + ReaderText.Describe(r.TokenType);
        _line.Add(offset, DatasetProblemSeverity.Error, DatasetProblemCode.InvalidScore,
            "A score is 1 (preferred) or 0 (dispreferred), not " + ReaderText.Quote(shown) + ".");
        r.Skip();
        return -1;
    }
}
