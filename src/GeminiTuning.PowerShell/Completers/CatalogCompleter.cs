using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeminiTuning.Config;

namespace GeminiTuning.PowerShell;

/// <summary>Completes from a fixed catalogue; any value is still accepted.</summary>
public abstract class CatalogCompleter : IArgumentCompleter
{
    /// <summary>The entries offered.</summary>
    protected abstract IEnumerable<CatalogEntry> Entries { get; }

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return Entries
            .Where(e => e.Value.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(e => new CompletionResult(e.Value, e.Value, CompletionResultType.ParameterValue, e.Description))
            .ToArray();
    }
}

/// <summary>Completes -BaseModel with the base models Vertex AI can tune.</summary>
public sealed class BaseModelCompleter : CatalogCompleter
{
    /// <inheritdoc />
    protected override IEnumerable<CatalogEntry> Entries => Catalog.TunableBaseModels;
}

/// <summary>Completes -Region with Vertex AI locations.</summary>
public sealed class RegionCompleter : CatalogCompleter
{
    /// <inheritdoc />
    protected override IEnumerable<CatalogEntry> Entries => Catalog.Regions;
}
