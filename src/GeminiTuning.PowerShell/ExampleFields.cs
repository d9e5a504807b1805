using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using GeminiTuning.GeminiApi;

namespace GeminiTuning.PowerShell;

/// <summary>The named values of a piped object: a hashtable's entries, or any other object's properties.</summary>
internal static class ExampleFields
{
    public static IEnumerable<KeyValuePair<string, object?>> Of(object? value)
    {
        var item = value is PSObject pso ? pso : PSObject.AsPSObject(value ?? string.Empty);
        if (item.BaseObject is IDictionary dictionary)
        {
            return dictionary.Keys.Cast<object>().Select(k => new KeyValuePair<string, object?>(k?.ToString() ?? string.Empty, Unwrap(dictionary[k!])));
        }

        return item.Properties.Select(p => new KeyValuePair<string, object?>(p.Name, SafeValue(p)));
    }

    private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

    private static object? SafeValue(PSPropertyInfo property)
    {
        try
        {
            return Unwrap(property.Value);
        }
        catch (GetValueException)
        {
            return null;
        }
    }
}
