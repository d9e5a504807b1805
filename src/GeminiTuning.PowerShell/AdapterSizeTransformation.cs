using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Reads an adapter size given by name (<c>Four</c>, any case), by rank (<c>4</c>, <c>'4'</c>) or as a
/// <see cref="GeminiAdapterSize"/> (a job's AdapterSize, piped) into the size's name, and refuses anything else naming the
/// sizes there are. -AdapterSize is a string only so that Tab offers the sizes in size order (<see cref="AdapterSizeCompleter"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AdapterSizeTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        return value is null ? null : Parse(value).ToString();
    }

    /// <summary>The size <paramref name="value"/> names (see the class), or an ArgumentTransformationMetadataException.</summary>
    internal static GeminiAdapterSize Parse(object value)
    {
        var sizes = (GeminiAdapterSize[])Enum.GetValues(typeof(GeminiAdapterSize));
        Func<GeminiAdapterSize, bool>? matches = value switch
        {
            GeminiAdapterSize given => size => size == given,
            int or long or short or byte or double or float or decimal => size => (int)size == Convert.ToDouble(value, CultureInfo.InvariantCulture),
            string text => size => string.Equals(size.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase) ||
                                   ((int)size).ToString(CultureInfo.InvariantCulture) == text.Trim(),
            _ => null,
        };
        foreach (var size in sizes)
        {
            if (matches?.Invoke(size) == true)
            {
                return size;
            }
        }

        throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
            "'{0}' is not an adapter size; give one of {1} (or its rank: {2}). Tab after -AdapterSize offers the sizes of the -BaseModel typed.",
            value, string.Join(", ", sizes.Select(s => s.ToString())), string.Join(", ", sizes.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)))));
    }
}
