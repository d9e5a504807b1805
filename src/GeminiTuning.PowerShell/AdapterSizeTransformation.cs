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
        switch (value)
        {
            case GeminiAdapterSize size when Array.IndexOf(sizes, size) >= 0:
                return size;
            case int or long or short or byte or double or float or decimal:
                var rank = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                foreach (var size in sizes.Where(s => (int)s == rank))
                {
                    return size;
                }

                break;
            case string text:
                var trimmed = text.Trim();
                foreach (var size in sizes)
                {
                    if (string.Equals(size.ToString(), trimmed, StringComparison.OrdinalIgnoreCase) ||
                        ((int)size).ToString(CultureInfo.InvariantCulture) == trimmed)
                    {
                        return size;
                    }
                }

                break;
        }

        throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
            "'{0}' is not an adapter size; give one of {1} (or its rank: {2}). Tab after -AdapterSize offers the sizes of the -BaseModel typed.",
            value, string.Join(", ", sizes.Select(s => s.ToString())), string.Join(", ", sizes.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)))));
    }
}
