using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace GeminiTuning.PowerShell;

/// <summary>What the job, name and endpoint completers share: the arguments typed so far, and how a job becomes a completion.</summary>
internal static class CompletionArguments
{
    public static (string? Project, string? Region) ProjectAndRegion(IDictionary fakeBoundParameters) =>
        (fakeBoundParameters["Project"] as string, (fakeBoundParameters["Region"] ?? fakeBoundParameters["Location"]) as string);

    /// <summary>-Backend as typed so far (an enum value, or its name as text), or null.</summary>
    public static GeminiTuningBackend? Backend(IDictionary fakeBoundParameters)
    {
        var value = fakeBoundParameters["Backend"];
        value = value is PSObject pso ? pso.BaseObject : value;
        return value switch
        {
            GeminiTuningBackend backend => backend,
            string text when Enum.TryParse<GeminiTuningBackend>(text.Trim('\'', '"'), ignoreCase: true, out var parsed) => parsed,
            _ => null,
        };
    }

    public static CompletionResult[] Results(IEnumerable<GeminiTuningJob> jobs, Func<GeminiTuningJob, string> text) =>
        jobs.Select(j =>
            {
                var value = text(j);
                var label = string.Format(CultureInfo.InvariantCulture, "{0} ({1}{2})", value, j.State,
                    string.IsNullOrEmpty(j.TunedModelDisplayName) ? string.Empty : ", " + j.TunedModelDisplayName);
                return new CompletionResult(Quote(value), label, CompletionResultType.ParameterValue, j.Name);
            })
            .ToArray();

    // A name is inserted as it is; one with characters the parser would split on is quoted.
    private static string Quote(string value) => value.IndexOfAny(new[] { ' ', '\'', '"', '(', ')', ';', ',', '{', '}', '$', '`', '@', '#' }) >= 0
        ? "'" + value.Replace("'", "''") + "'"
        : value;
}
