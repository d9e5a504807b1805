using System;
using System.Globalization;
using System.Management.Automation;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Refuses a fractional number for an integer parameter (-EpochCount 2.5), which PowerShell would otherwise round
/// (to 2, banker's rounding) without a word; a whole number in any numeric type or string passes.
/// </summary>
public sealed class WholeNumberTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        double? number = value switch
        {
            double d => d,
            float f => f,
            decimal m => (double)m,
            string s when !long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _) &&
                          double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        if (number is { } n && (double.IsNaN(n) || double.IsInfinity(n) || Math.Floor(n) != n))
        {
            throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                "{0} is not a whole number; give a whole number of epochs (it would otherwise be rounded to {1}).", n, Math.Round(n)));
        }

        return number is { } whole ? (object)(long)whole : inputData;
    }
}
