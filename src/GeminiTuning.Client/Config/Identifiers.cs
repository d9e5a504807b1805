using System;
using System.Text.RegularExpressions;

namespace GeminiTuning.Config;

/// <summary>
/// Validation of every value that becomes part of a URL. The region is part of the host name, so a crafted value
/// (<c>evil.example/x</c>, <c>us-central1.attacker.net</c>) must be refused before any URL is built.
/// </summary>
public static class Identifiers
{
    // Project ids: 6-30 chars, lowercase letters, digits, hyphens, starting with a letter; legacy domain-scoped ids
    // ("example.com:my-project"); or a project number.
    private static readonly Regex ProjectPattern = new(
        @"^(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[0-9]{1,20}$",
        RegexOptions.CultureInvariant);

    // Regions look like us-central1, europe-west4, northamerica-northeast1; plus global and the multi-regions us/eu.
    private static readonly Regex RegionPattern = new(@"^[a-z]{2,20}(?:-[a-z]{2,20}[0-9]{1,2})?$", RegexOptions.CultureInvariant);

    private static readonly Regex NumericIdPattern = new(@"^[0-9]{1,20}$", RegexOptions.CultureInvariant);

    // Endpoint ids are numeric when Vertex assigns them; user-chosen ids are lowercase letters, digits and hyphens.
    private static readonly Regex EndpointIdPattern = new(@"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant);

    // Gemini API tuned model ids: [a-z]([a-z0-9-]{0,38}[a-z0-9])? per the API reference; be a little lenient on length.
    private static readonly Regex TunedModelIdPattern = new(@"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", RegexOptions.CultureInvariant);

    /// <summary>Returns the project unchanged when valid; otherwise throws an error that says what a project looks like.</summary>
    public static string ValidateProject(string? value, string parameterName = "Project")
    {
        var v = value?.Trim() ?? string.Empty;
        if (!ProjectPattern.IsMatch(v))
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"'{Printable(value)}' is not a Google Cloud project id or number.",
                "Give a project id such as 'my-project' (6 to 30 lowercase letters, digits and hyphens, starting with a letter) or a project number.");
        }

        return v;
    }

    /// <summary>Returns the region unchanged when valid; otherwise throws.</summary>
    public static string ValidateRegion(string? value, string parameterName = "Region")
    {
        var v = value?.Trim() ?? string.Empty;
        if (!RegionPattern.IsMatch(v))
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"'{Printable(value)}' is not a Google Cloud region.",
                "Give a region such as 'us-central1' or 'europe-west4', or 'global', 'us' or 'eu'.");
        }

        return v;
    }

    /// <summary>Validates a numeric resource id such as a tuning job id (<paramref name="what"/> "tuning job", <paramref name="collection"/> "tuningJobs").</summary>
    public static string ValidateNumericId(string? value, string what, string collection, string parameterName)
    {
        var v = value?.Trim() ?? string.Empty;
        if (!NumericIdPattern.IsMatch(v))
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"'{Printable(value)}' is not a {what} id or resource name.",
                $"Give the numeric id (e.g. '4982013113894174720') or the full name 'projects/PROJECT/locations/REGION/{collection}/ID'.");
        }

        return v;
    }

    /// <summary>Validates an endpoint id.</summary>
    public static string ValidateEndpointId(string? value, string parameterName = "Endpoint")
    {
        var v = value?.Trim() ?? string.Empty;
        if (!EndpointIdPattern.IsMatch(v))
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"'{Printable(value)}' is not an endpoint id or resource name.",
                "Give the tuned model's endpoint, e.g. 'projects/PROJECT/locations/REGION/endpoints/ID' (a job's TunedModelEndpoint), or 'tunedModels/ID' for the Gemini API.");
        }

        return v;
    }

    /// <summary>Validates a Gemini API tuned model id (the part after <c>tunedModels/</c>).</summary>
    public static string ValidateTunedModelId(string? value, string parameterName = "Name")
    {
        var v = value?.Trim() ?? string.Empty;
        if (!TunedModelIdPattern.IsMatch(v))
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"'{Printable(value)}' is not a Gemini API tuned model name.",
                "Give a name such as 'tunedModels/my-model-abc123'.");
        }

        return v;
    }

    /// <summary>True when <paramref name="region"/> is a valid region.</summary>
    public static bool IsRegion(string? region) => region is not null && RegionPattern.IsMatch(region);

    /// <summary>Quotes a user value safely for an error message: control characters removed, length capped.</summary>
    internal static string Printable(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        var cleaned = Regex.Replace(value, @"[\p{C}]", "?");
        return cleaned.Length > 80 ? cleaned.Substring(0, 80) + "…" : cleaned;
    }
}
