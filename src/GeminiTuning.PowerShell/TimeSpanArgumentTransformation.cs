using System;
using System.Globalization;
using System.Management.Automation;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Lets a TimeSpan parameter take a number of seconds. PowerShell would otherwise read <c>-Timeout 3600</c> as 3600
/// ticks (0.36 ms). TimeSpan values and strings such as '04:00:00' pass through unchanged.
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
                return TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case double d:
                return TimeSpan.FromSeconds(d);
            case float f:
                return TimeSpan.FromSeconds(f);
            case decimal m:
                return TimeSpan.FromSeconds((double)m);
            case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds):
                return TimeSpan.FromSeconds(seconds);
            default:
                return inputData;
        }
    }
}
