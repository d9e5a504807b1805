using System;
using System.Runtime.CompilerServices;

namespace GeminiTuning.Datasets;

/// <summary>
/// <see cref="System.Text.Json.Utf8JsonReader"/> reads a string without a backslash at vector speed, but a string with an
/// escape byte by byte from its first backslash to its end; and long texts with a line break or a quote written
/// <c>\n</c> or <c>\"</c> are the rule in tuning data, so that slow path was the largest part of validating. This makes a
/// copy of the line in which every escape of a long string value is replaced by underscores of the same length, after
/// checking each escape as the reader would: the copy has the same structure, the same offsets and the same validity as
/// the line, and the reader goes through it at vector speed.
/// </summary>
/// <remarks>
/// Only what a string says changes, and only for long values, never for property names. The checker takes a text's
/// length, characters and escapes from the line as written (<see cref="LineFindings.RawValue"/>), and checks again on
/// the line as written any line whose copy shows a problem, so that every finding and message is the one the line
/// itself gives. A line with an escape the reader would refuse is not copied: the reader reports it as written.
/// </remarks>
internal sealed class EscapeNeutralizer
{
    /// <summary>Strings shorter than this are left alone: roles, MIME types and the like, whose value the checker reads, and whose slow path costs little.</summary>
    internal const int MinLength = 64;

    private byte[] _copy = Array.Empty<byte>();

    /// <summary>The copy (the line starts at offset 0), or null when the line needs none.</summary>
    [MethodImpl(HotPath.Optimized)]
    public byte[]? Neutralize(byte[] buffer, int start, int length)
    {
        var line = new ReadOnlySpan<byte>(buffer, start, length);
        if (line.IndexOf((byte)'\\') < 0)
        {
            return null;
        }

        var copied = false;
        var i = 0;
        while (true)
        {
            var quote = line.Slice(i).IndexOf((byte)'"');
            if (quote < 0)
            {
                return copied ? _copy : null;
            }

            var from = i + quote + 1;
            var to = from;
            var escaped = false;
            while (true)
            {
                var next = line.Slice(to).IndexOfAny((byte)'"', (byte)'\\');
                if (next < 0)
                {
                    return null; // an unterminated string: the reader reports it on the line as written
                }

                to += next;
                if (line[to] == (byte)'"')
                {
                    break;
                }

                var escape = JsonEscape.Length(line, to);
                if (escape == 0)
                {
                    return null; // an escape the reader refuses: it reports it on the line as written
                }

                escaped = true;
                to += escape;
            }

            if (escaped && to - from >= MinLength && !IsPropertyName(line, to + 1))
            {
                if (!copied)
                {
                    if (_copy.Length < length)
                    {
                        _copy = new byte[Math.Max(length, _copy.Length * 2)];
                    }

                    line.CopyTo(_copy);
                    copied = true;
                }

                Blank(new Span<byte>(_copy, from, to - from));
            }

            i = to + 1;
        }
    }

    /// <summary>True when the string that ended just before <paramref name="at"/> is followed by a colon: a property name.</summary>
    private static bool IsPropertyName(ReadOnlySpan<byte> line, int at)
    {
        while (at < line.Length && line[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            at++;
        }

        return at < line.Length && line[at] == (byte)':';
    }

    /// <summary>Replaces every escape of a string (all already checked) by as many underscores.</summary>
    private static void Blank(Span<byte> text)
    {
        var at = text.IndexOf((byte)'\\');
        while (at >= 0)
        {
            var length = text[at + 1] == (byte)'u' ? 6 : 2;
            text.Slice(at, length).Fill((byte)'_');
            var next = text.Slice(at + length).IndexOf((byte)'\\');
            at = next < 0 ? -1 : at + length + next;
        }
    }
}
