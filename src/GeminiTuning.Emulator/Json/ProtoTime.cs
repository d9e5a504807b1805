using System;
using System.Globalization;

namespace GeminiTuning.Emulator.Json;

/// <summary>google.protobuf.Timestamp and Duration in their JSON forms.</summary>
internal static class ProtoTime
{
    /// <summary>RFC 3339 in UTC with 0, 3, 6 or 9 fraction digits, as the proto3 JSON mapping prints them.</summary>
    public static string Format(DateTimeOffset time, int extraNanos = 0)
    {
        var utc = time.UtcDateTime;
        var nanos = (int)(utc.Ticks % TimeSpan.TicksPerSecond) * 100 + extraNanos;
        var whole = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (nanos == 0)
        {
            return whole + "Z";
        }

        if (nanos % 1_000_000 == 0)
        {
            return whole + "." + (nanos / 1_000_000).ToString("000", CultureInfo.InvariantCulture) + "Z";
        }

        if (nanos % 1_000 == 0)
        {
            return whole + "." + (nanos / 1_000).ToString("000000", CultureInfo.InvariantCulture) + "Z";
        }

        return whole + "." + nanos.ToString("000000000", CultureInfo.InvariantCulture) + "Z";
    }

    /// <summary>Truncates to whole microseconds, the precision Vertex AI reports.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset time) => new DateTimeOffset(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value)
            && text.IndexOf('T') > 0;
    }

    /// <summary>A google.protobuf.Duration: seconds with 0, 3, 6 or 9 fraction digits and an "s" suffix.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        var ticks = duration.Ticks;
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var nanos = (ticks % TimeSpan.TicksPerSecond) * 100;
        if (nanos == 0)
        {
            return seconds.ToString(CultureInfo.InvariantCulture) + "s";
        }

        string fraction = nanos % 1_000_000 == 0 ? (nanos / 1_000_000).ToString("000", CultureInfo.InvariantCulture)
            : nanos % 1_000 == 0 ? (nanos / 1_000).ToString("000000", CultureInfo.InvariantCulture)
            : nanos.ToString("000000000", CultureInfo.InvariantCulture);
        return seconds.ToString(CultureInfo.InvariantCulture) + "." + fraction + "s";
    }
}
