using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeminiTuning.Metrics;

namespace GeminiTuning.PowerShell;

/// <summary>Completes -Metric with the series tuning writes; without TensorBoard's leading '/' unless the word starts with one.</summary>
public sealed class MetricNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var slashed = word.StartsWith("/", StringComparison.Ordinal);
        var pattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
        return MetricNames.Known
            .Select(name => slashed ? name : MetricNames.Bare(name))
            .Where(name => pattern.IsMatch(name))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name))
            .ToArray();
    }

    /// <summary>A matcher for -Metric patterns (wildcards, case-insensitive, with or without the leading '/'); none matches all.</summary>
    internal static Func<string, bool> Matcher(IEnumerable<string>? patterns) =>
        MetricNames.Matcher((patterns ?? Array.Empty<string>())
            .Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant))
            .Select(w => (Func<string, bool>)w.IsMatch).ToList());
}
