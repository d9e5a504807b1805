using System;
using System.Text;

namespace GeminiTuning.Datasets;

/// <summary>UTF-8 helpers for the validator: strict decoding (it throws on invalid bytes) and locating the first bad byte.</summary>
internal static class Utf8Text
{
    /// <summary>UTF-8 without BOM emission that throws <see cref="DecoderFallbackException"/> on invalid input.</summary>
    public static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The offset (from <paramref name="start"/>) of the first byte that starts an invalid or truncated UTF-8 sequence,
    /// or -1 when the range is valid (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
    /// </summary>
    public static int FirstInvalid(byte[] buffer, int start, int length)
    {
        var end = start + length;
        var i = start;
        while (i < end)
        {
            var b = buffer[i];
            if (b < 0x80)
            {
                i++;
                continue;
            }

            int needed;
            byte low = 0x80, high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF)
            {
                needed = 1;
            }
            else if (b == 0xE0)
            {
                needed = 2;
                low = 0xA0;
            }
            else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF)
            {
                needed = 2;
            }
            else if (b == 0xED)
            {
                needed = 2;
                high = 0x9F;
            }
            else if (b == 0xF0)
            {
                needed = 3;
                low = 0x90;
            }
            else if (b >= 0xF1 && b <= 0xF3)
            {
                needed = 3;
            }
            else if (b == 0xF4)
            {
                needed = 3;
                high = 0x8F;
            }
            else
            {
                return i - start;
            }

            if (i + needed >= end)
            {
                // The sequence is cut off by the end of the line.
                return i - start;
            }

            var second = buffer[i + 1];
            if (second < low || second > high)
            {
                return i - start;
            }

            for (var k = 2; k <= needed; k++)
            {
                var c = buffer[i + k];
                if (c < 0x80 || c > 0xBF)
                {
                    return i - start;
                }
            }

            i += needed + 1;
        }

        return -1;
    }

    /// <summary>UTF-16 code units in a valid UTF-8 range (what an editor's column counts).</summary>
    public static int CharCount(byte[] buffer, int start, int length) => length == 0 ? 0 : Strict.GetCharCount(buffer, start, length);

    /// <summary>How many bytes the JSON escapes in a raw string value add over the characters they stand for.</summary>
    public static int EscapeOverhead(ReadOnlySpan<byte> raw)
    {
        var overhead = 0;
        var i = raw.IndexOf((byte)'\\');
        while (i >= 0 && i + 1 < raw.Length)
        {
            int consumed;
            if (raw[i + 1] == (byte)'u')
            {
                // \uXXXX: six bytes for one UTF-16 code unit.
                overhead += 5;
                consumed = 6;
            }
            else
            {
                overhead += 1;
                consumed = 2;
            }

            var rest = raw.Slice(Math.Min(raw.Length, i + consumed));
            var next = rest.IndexOf((byte)'\\');
            i = next < 0 ? -1 : raw.Length - rest.Length + next;
        }

        return overhead;
    }
}
