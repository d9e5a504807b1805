using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Lets -Name of the job cmdlets take a job as it was saved and read back: a row of Import-Csv, an object of
/// ConvertFrom-Json, a Select-Object row, even one holding only an Id (with a Backend of GeminiApi it is a tuned model).
/// Strings pass through unchanged; objects that name no job too, so the error names them as before.
/// </summary>
/// <remarks>
/// PowerShell binds piped input in passes: by value without type conversion, by property name, then by value with
/// conversion. A saved row is no job and no string, so the first pass skipped it; in Get-GeminiTuningJob the row's
/// Project and Region then bound in the (default) list set, and the third pass turned the whole row into a string,
/// "@{Name=…}". A transformation runs in the first pass, before the type check, so the row binds as its name there,
/// and its Project and Region still bind by property name after it.
/// </remarks>
public sealed class JobNameTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        return value switch
        {
            null or string => inputData,
            GeminiTuningJob job => job.Name,
            IDictionary dictionary => NameOf(dictionary["Name"], dictionary["Id"], dictionary["Backend"]) ?? inputData,
            IEnumerable items => items.Cast<object?>().Select(i => Transform(engineIntrinsics, i)).ToArray(),
            _ => NameOf(PSObject.AsPSObject(inputData)) ?? inputData,
        };
    }

    private static string? NameOf(PSObject row) =>
        NameOf(ValueOf(row, "Name"), ValueOf(row, "Id"), ValueOf(row, "Backend"));

    private static string? NameOf(object? name, object? id, object? backend)
    {
        if (Text(name) is { } fullName)
        {
            return fullName;
        }

        if (Text(id) is not { } shortId)
        {
            return null;
        }

        return string.Equals(Text(backend), nameof(GeminiTuningBackend.GeminiApi), System.StringComparison.OrdinalIgnoreCase) &&
               !shortId.StartsWith("tunedModels/", System.StringComparison.Ordinal)
            ? "tunedModels/" + shortId
            : shortId;
    }

    private static object? ValueOf(PSObject row, string property)
    {
        try
        {
            return row.Properties[property]?.Value;
        }
        catch (GetValueException)
        {
            return null;
        }
    }

    private static string? Text(object? value) =>
        (value is PSObject pso ? pso.BaseObject : value) is { } v && v.ToString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text : null;
}
