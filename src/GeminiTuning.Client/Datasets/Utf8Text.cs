using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// The offset of the first line break in [<paramref name="from"/>, <paramref name="to"/>), or -1. The module's own
    /// vector loop, compiled optimised at once (<see cref="HotPath"/>), rather than the runtime's IndexOf, which the runtime
    /// recompiles in tiers while a first large validation runs.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public static int IndexOfNewline(byte[] buffer, int from, int to)
    {
        var at = from;
        if (Vector.IsHardwareAccelerated)
        {
            var newline = new Vector<byte>((byte)'\n');
            while (at + Vector<byte>.Count <= to && !Vector.EqualsAny(new Vector<byte>(buffer, at), newline))
            {
                at += Vector<byte>.Count;
            }
        }

        for (; at < to; at++)
        {
            if (buffer[at] == (byte)'\n')
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>UTF-16 code units in a valid UTF-8 range (what an editor's column counts).</summary>
    public static int CharCount(byte[] buffer, int start, int length) => CharCount(new ReadOnlySpan<byte>(buffer, start, length));

    /// <summary>
    /// UTF-16 code units in bytes already known to be valid UTF-8: every byte that does not continue a sequence starts
    /// a character, and four-byte sequences are two code units. Eight bytes at a time, without decoding.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public static int CharCount(ReadOnlySpan<byte> utf8)
    {
        const ulong High = 0x8080808080808080UL;
        var count = utf8.Length;
        var words = MemoryMarshal.Cast<byte, ulong>(utf8);
        foreach (var x in words)
        {
            if ((x & High) == 0)
            {
                continue;
            }

            // A continuation byte is 10xxxxxx: bit 7 set, bit 6 clear. A four-byte lead is 11110xxx.
            var continuation = x & ~(x << 1) & High;
            var fourByteLead = x & (x << 1) & (x << 2) & (x << 3) & ~(x << 4) & High;
            count -= BitsSet(continuation) - BitsSet(fourByteLead);
        }

        for (var i = words.Length * sizeof(ulong); i < utf8.Length; i++)
        {
            var b = utf8[i];
            if ((b & 0xC0) == 0x80)
            {
                count--;
            }
            else if ((b & 0xF8) == 0xF0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>How many of the eight 0x80 bits are set.</summary>
    private static int BitsSet(ulong highBits) => (int)(((highBits >> 7) * 0x0101010101010101UL) >> 56);

    /// <summary>How many bytes the JSON escapes in a raw string value add over the characters they stand for.</summary>
    [MethodImpl(HotPath.Optimized)]
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
