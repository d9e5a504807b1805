using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeminiTuning.Config;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Completes New-GeminiTuningJob -AdapterSize with the sizes the -BaseModel already typed accepts for the -TuningMethod
/// (every size some model accepts when neither is known), smallest first. PowerShell lists an enum parameter's names in
/// alphabetical order and never asks a completer, which is why -AdapterSize is a string that
/// <see cref="AdapterSizeTransformationAttribute"/> checks.
/// </summary>
public sealed class AdapterSizeCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var model = fakeBoundParameters?["BaseModel"] is { } typed ? LanguagePrimitives.ConvertTo<string>(typed) : null;
        var method = fakeBoundParameters?["TuningMethod"] is { } m && LanguagePrimitives.TryConvertTo(m, CultureInfo.InvariantCulture, out GeminiTuningMethod parsed)
            ? parsed
            : GeminiTuningMethod.Supervised;
        return Catalog.AdapterSizes(model, method)
            .Where(e => e.Value.StartsWith(word, StringComparison.OrdinalIgnoreCase) ||
                        ((int)(GeminiAdapterSize)Enum.Parse(typeof(GeminiAdapterSize), e.Value)).ToString(CultureInfo.InvariantCulture).StartsWith(word, StringComparison.Ordinal))
            .Select(e => new CompletionResult(e.Value, e.Value, CompletionResultType.ParameterValue, e.Description))
            .ToArray();
    }
}
