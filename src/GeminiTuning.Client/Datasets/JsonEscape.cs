using System;
using System.Runtime.CompilerServices;

namespace GeminiTuning.Datasets;

/// <summary>JSON string escapes as <c>Utf8JsonReader</c> accepts them, for the dataset validator's own readers.</summary>
internal static class JsonEscape
{
    /// <summary>The length of the escape at <paramref name="at"/> (a backslash): 2, or 6 for <c>\uXXXX</c>; 0 when the reader would refuse it.</summary>
    [MethodImpl(HotPath.Optimized)]
    public static int Length(ReadOnlySpan<byte> text, int at)
    {
        if (at + 1 >= text.Length)
        {
            return 0;
        }

        switch (text[at + 1])
        {
            case (byte)'"':
            case (byte)'\\':
            case (byte)'/':
            case (byte)'b':
            case (byte)'f':
            case (byte)'n':
            case (byte)'r':
            case (byte)'t':
                return 2;
            case (byte)'u':
                return at + 5 < text.Length && IsHex(text[at + 2]) && IsHex(text[at + 3]) && IsHex(text[at + 4]) && IsHex(text[at + 5]) ? 6 : 0;
            default:
                return 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 5;
}
