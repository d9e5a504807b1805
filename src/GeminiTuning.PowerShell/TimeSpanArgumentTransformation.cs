using System;
using System.Globalization;
using System.Management.Automation;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Lets a TimeSpan parameter take a number of seconds. PowerShell would otherwise read <c>-Timeout 3600</c> as 3600
/// ticks (0.36 ms). TimeSpan values and strings such as '04:00:00' pass through unchanged. A value that is no duration
/// at all ('abc', or more seconds than a TimeSpan holds) is refused here, saying what a duration looks like, instead of
/// with .NET's conversion message.
/// </summary>
public sealed class TimeSpanArgumentTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        switch (value)
        {
            case int or long or short or byte or uint or ulong:
                return Seconds(Convert.ToDouble(value, CultureInfo.InvariantCulture), value);
            case double d:
                return Seconds(d, value);
            case float f:
                return Seconds(f, value);
            case decimal m:
                return Seconds((double)m, value);
            case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds):
                return Seconds(seconds, value);
            case string s when !TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out _):
                throw NotADuration(s);
            default:
                return inputData;
        }
    }

    private static TimeSpan Seconds(double seconds, object given)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) >= TimeSpan.MaxValue.TotalSeconds)
        {
            throw NotADuration(Convert.ToString(given, CultureInfo.InvariantCulture));
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static ArgumentTransformationMetadataException NotADuration(string? given) => new(
        $"'{given}' is not a duration: give a number of seconds (90), a time span such as '00:30:00' or '1.02:00:00' (one day and two hours), or a [TimeSpan].");
}
