using System.Numerics;
using System.Runtime.CompilerServices;

namespace GeminiTuning.Datasets;

/// <summary>
/// Recognizes, in one pass over its bytes, a line that is a clean example in the shape tuning data nearly always has:
/// <c>{"systemInstruction": {"parts": [{"text": …}]}, "contents": [{"role": "user", "parts": [{"text": …} or {"fileData":
/// {"mimeType": …, "fileUri": …}}]}, {"role": "model", …}, …]}</c>, with strict JSON and UTF-8, and estimates its tokens
/// the way the full check does. Anything else (another field, a number, an escape in a name, any finding at all) makes it
/// answer "not sure", and the full check (<see cref="ExampleChecker"/>, over <see cref="System.Text.Json.Utf8JsonReader"/>)
/// reads the line and reports it: this never reports a problem, and accepts only what that check passes without one.
/// </summary>
/// <remarks>
/// Why: the full check spends its time in the JSON reader and the UTF-8 decoder of the .NET runtime, whose code the
/// runtime recompiles in tiers while it runs, with profiling code in between; in a session's first large validation the
/// cores ran that slow code for most of a gigabyte. This code is ours, compiled fully optimised once
/// (<see cref="HotPath"/>), and reads a clean line once instead of three times.
/// </remarks>
internal struct CleanExample
{
    private const int MaxTurns = 100_000;

    private readonly byte[] _b;
    private readonly int _end;
    private readonly DatasetLimits _limits;
    private int _p;

    private CleanExample(byte[] buffer, int start, int length, DatasetLimits limits)
    {
        _b = buffer;
        _p = start;
        _end = start + length;
        _limits = limits;
        Tokens = 0;
        Images = 0;
        Pdfs = 0;
        Multimodal = false;
    }

    /// <summary>Estimated tokens of the texts: a quarter of their UTF-16 characters each, rounded up, escapes counted as what they stand for.</summary>
    public long Tokens { get; private set; }

    public int Images { get; private set; }

    public int Pdfs { get; private set; }

    public bool Multimodal { get; private set; }

    /// <summary>True, with the example's figures, when the line is a clean example in the usual shape; false when the full check must read it.</summary>
    [MethodImpl(HotPath.Optimized)]
    public static bool TryRead(byte[] buffer, int start, int length, DatasetLimits limits, out CleanExample example)
    {
        example = new CleanExample(buffer, start, length, limits);
        return example.ReadLine();
    }

    [MethodImpl(HotPath.Optimized)]
    private bool ReadLine()
    {
        if (!Take((byte)'{'))
        {
            return false;
        }

        bool contents = false, system = false;
        do
        {
            var key = Key();
            if (key == Name.Contents && !contents)
            {
                contents = true;
                if (!Contents())
                {
                    return false;
                }
            }
            else if (key == Name.SystemInstruction && !system)
            {
                system = true;
                if (!SystemInstruction())
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }
        while (Take((byte)','));

        if (!contents || !Take((byte)'}'))
        {
            return false;
        }

        SkipSpace();
        return _p == _end;
    }

    /// <summary>"contents": turns that alternate between user and model and end with the model's.</summary>
    [MethodImpl(HotPath.Optimized)]
    private bool Contents()
    {
        if (!Take((byte)'['))
        {
            return false;
        }

        var last = Name.None;
        var turns = 0;
        do
        {
            if (!Take((byte)'{') || ++turns > MaxTurns)
            {
                return false;
            }

            Name role = Name.None;
            var parts = false;
            do
            {
                var key = Key();
                if (key == Name.Role && role == Name.None)
                {
                    role = Value();
                    if (role != Name.User && role != Name.Model)
                    {
                        return false;
                    }
                }
                else if (key == Name.Parts && !parts)
                {
                    parts = true;
                    if (!Parts(files: true))
                    {
                        return false;
                    }
                }
                else
                {
                    return false;
                }
            }
            while (Take((byte)','));

            if (!Take((byte)'}') || role == Name.None || !parts || role == last)
            {
                return false;
            }

            last = role;
        }
        while (Take((byte)','));

        return Take((byte)']') && last == Name.Model;
    }

    /// <summary>"systemInstruction": text parts, and a role that the service ignores.</summary>
    [MethodImpl(HotPath.Optimized)]
    private bool SystemInstruction()
    {
        if (!Take((byte)'{'))
        {
            return false;
        }

        bool parts = false, role = false;
        do
        {
            var key = Key();
            if (key == Name.Parts && !parts)
            {
                parts = true;
                if (!Parts(files: false))
                {
                    return false;
                }
            }
            else if (key == Name.Role && !role)
            {
                role = true;
                if (Value() == Name.Invalid)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }
        while (Take((byte)','));

        return parts && Take((byte)'}');
    }

    /// <summary>"parts": at least one, each exactly one non-empty text or (in a turn) one file.</summary>
    [MethodImpl(HotPath.Optimized)]
    private bool Parts(bool files)
    {
        if (!Take((byte)'['))
        {
            return false;
        }

        do
        {
            if (!Take((byte)'{'))
            {
                return false;
            }

            var key = Key();
            if (key == Name.Text)
            {
                if (!Text())
                {
                    return false;
                }
            }
            else if (key != Name.FileData || !files || !FileData())
            {
                return false;
            }

            if (!Take((byte)'}'))
            {
                return false;
            }
        }
        while (Take((byte)','));

        return Take((byte)']');
    }

    /// <summary>A text value: not empty; its UTF-16 characters (an escape counts as the one it stands for) make its tokens.</summary>
    [MethodImpl(HotPath.Optimized)]
    private bool Text()
    {
        SkipSpace();
        if (_p >= _end || _b[_p] != (byte)'"')
        {
            return false;
        }

        var characters = ScanString(out var length);
        if (characters < 0 || length == 0)
        {
            return false;
        }

        Tokens += (characters + 3) / 4;
        return true;
    }

    /// <summary>"fileData": a MIME type tuning reads and a gs:// or http(s) URI, written without escapes, for a model that takes files.</summary>
    [MethodImpl(HotPath.Optimized)]
    private bool FileData()
    {
        if (!Take((byte)'{'))
        {
            return false;
        }

        int mimeStart = -1, mimeLength = 0, uriStart = -1, uriLength = 0;
        do
        {
            var key = Key();
            SkipSpace();
            var start = _p + 1;
            if (_p >= _end || _b[_p] != (byte)'"' || ScanString(out var length) != length)
            {
                return false; // not a string, or one with escapes or non-ASCII text: the full check reads it
            }

            if (key == Name.MimeType && mimeStart < 0)
            {
                (mimeStart, mimeLength) = (start, length);
            }
            else if (key == Name.FileUri && uriStart < 0)
            {
                (uriStart, uriLength) = (start, length);
            }
            else
            {
                return false;
            }
        }
        while (Take((byte)','));

        if (!Take((byte)'}') || mimeStart < 0 || uriStart < 0 || !_limits.AcceptsMedia ||
            !PartChecker.IsFileUri(new System.ReadOnlySpan<byte>(_b, uriStart, uriLength)))
        {
            return false;
        }

        var kind = MediaTypes.Classify(new System.ReadOnlySpan<byte>(_b, mimeStart, mimeLength));
        if (kind == MediaKind.Unsupported)
        {
            return false;
        }

        Multimodal = true;
        Images += kind == MediaKind.Image ? 1 : 0;
        Pdfs += kind == MediaKind.Pdf ? 1 : 0;
        return true;
    }

    private enum Name
    {
        Invalid,
        None,
        Other,
        Contents,
        SystemInstruction,
        Role,
        Parts,
        Text,
        FileData,
        MimeType,
        FileUri,
        User,
        Model,
    }

    /// <summary>A property name and its colon; <see cref="Name.Invalid"/> for anything but a plain string followed by a colon.</summary>
    [MethodImpl(HotPath.Optimized)]
    private Name Key()
    {
        var name = Value();
        return name != Name.Invalid && Take((byte)':') ? name : Name.Invalid;
    }

    /// <summary>A string written without escapes, named when it is one of the few the shape uses; <see cref="Name.Invalid"/> for anything else.</summary>
    [MethodImpl(HotPath.Optimized)]
    private Name Value()
    {
        SkipSpace();
        if (_p >= _end || _b[_p] != (byte)'"')
        {
            return Name.Invalid;
        }

        var start = _p + 1;
        var characters = ScanString(out var length);
        if (characters != length)
        {
            return Name.Invalid; // escapes, non-ASCII text or broken: never one of the names below
        }

        return length switch
        {
            4 when Is(start, "role"u8) => Name.Role,
            4 when Is(start, "text"u8) => Name.Text,
            4 when Is(start, "user"u8) => Name.User,
            5 when Is(start, "parts"u8) => Name.Parts,
            5 when Is(start, "model"u8) => Name.Model,
            7 when Is(start, "fileUri"u8) => Name.FileUri,
            8 when Is(start, "contents"u8) => Name.Contents,
            8 when Is(start, "fileData"u8) => Name.FileData,
            8 when Is(start, "mimeType"u8) => Name.MimeType,
            17 when Is(start, "systemInstruction"u8) => Name.SystemInstruction,
            _ => Name.Other,
        };
    }

    // A plain loop rather than the runtime's SequenceEqual: names are short, and nothing here should wait for the runtime's tiers.
    [MethodImpl(HotPath.Optimized)]
    private bool Is(int start, System.ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (_b[start + i] != name[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads the string starting at the quote at the cursor and moves past its closing quote. Returns its UTF-16 characters
    /// (an escape counted as the one it stands for) and, in <paramref name="length"/>, its bytes between the quotes; -1 when
    /// it is not a string the JSON reader would accept (a control character, a bad escape, invalid UTF-8, no end).
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    private int ScanString(out int length)
    {
        var start = ++_p;
        var fewer = 0; // bytes that are not characters of their own: the rest of an escape or of a multi-byte sequence
        length = 0;
        while (true)
        {
            _p = Special(_p);
            if (_p >= _end)
            {
                return -1;
            }

            var b = _b[_p];
            if (b == (byte)'"')
            {
                length = _p - start;
                _p++;
                return length - fewer;
            }

            if (b < 0x20)
            {
                return -1;
            }

            var step = b == (byte)'\\' ? Escape(_p) : Utf8Sequence(_p);
            if (step == 0)
            {
                return -1;
            }

            // An escape is one character; a UTF-8 sequence one, or two (a surrogate pair) for four bytes.
            fewer += step - (step == 4 && b != (byte)'\\' ? 2 : 1);
            _p += step;
        }
    }

    /// <summary>The first byte at or after <paramref name="at"/> that a string scan must look at: a quote, a backslash, a control character or a non-ASCII byte.</summary>
    [MethodImpl(HotPath.Optimized)]
    private int Special(int at)
    {
        if (Vector.IsHardwareAccelerated)
        {
            var quote = new Vector<byte>((byte)'"');
            var backslash = new Vector<byte>((byte)'\\');
            var control = new Vector<byte>(0x20);
            var ascii = new Vector<byte>(0x7F);
            while (at + Vector<byte>.Count <= _end)
            {
                var v = new Vector<byte>(_b, at);
                var special = Vector.Equals(v, quote) | Vector.Equals(v, backslash) | Vector.LessThan(v, control) | Vector.GreaterThan(v, ascii);
                if (!Vector.EqualsAll(special, Vector<byte>.Zero))
                {
                    break;
                }

                at += Vector<byte>.Count;
            }
        }

        for (; at < _end; at++)
        {
            var b = _b[at];
            if (b == (byte)'"' || b == (byte)'\\' || b < 0x20 || b > 0x7F)
            {
                return at;
            }
        }

        return _end;
    }

    /// <summary>The length of the escape at <paramref name="at"/>: 2, or 6 for \uXXXX; 0 when the JSON reader would refuse it.</summary>
    [MethodImpl(HotPath.Optimized)]
    private int Escape(int at) => JsonEscape.Length(new System.ReadOnlySpan<byte>(_b, 0, _end), at);

    /// <summary>The length of the well-formed UTF-8 sequence at <paramref name="at"/> (a byte of 0x80 or more), or 0 when strict decoding refuses it.</summary>
    [MethodImpl(HotPath.Optimized)]
    private int Utf8Sequence(int at)
    {
        var b = _b[at];
        int needed;
        byte low = 0x80, high = 0xBF;
        if (b >= 0xC2 && b <= 0xDF)
        {
            needed = 1;
        }
        else if (b == 0xE0)
        {
            (needed, low) = (2, 0xA0);
        }
        else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF)
        {
            needed = 2;
        }
        else if (b == 0xED)
        {
            (needed, high) = (2, 0x9F);
        }
        else if (b == 0xF0)
        {
            (needed, low) = (3, 0x90);
        }
        else if (b >= 0xF1 && b <= 0xF3)
        {
            needed = 3;
        }
        else if (b == 0xF4)
        {
            (needed, high) = (3, 0x8F);
        }
        else
        {
            return 0;
        }

        if (at + needed >= _end || _b[at + 1] < low || _b[at + 1] > high)
        {
            return 0;
        }

        for (var k = 2; k <= needed; k++)
        {
            if (_b[at + k] < 0x80 || _b[at + k] > 0xBF)
            {
                return 0;
            }
        }

        return needed + 1;
    }

    /// <summary>Skips white space, then takes <paramref name="expected"/> if it is next.</summary>
    [MethodImpl(HotPath.Optimized)]
    private bool Take(byte expected)
    {
        SkipSpace();
        if (_p < _end && _b[_p] == expected)
        {
            _p++;
            return true;
        }

        return false;
    }

    [MethodImpl(HotPath.Optimized)]
    private void SkipSpace()
    {
        while (_p < _end && _b[_p] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            _p++;
        }
    }
}
