using System;

namespace GeminiTuning.Config;

/// <summary>
/// A resource under a project and a location, <c>projects/{project}/locations/{location}/{collection}/{id}</c>:
/// what a Vertex AI tuning job and an endpoint have in common. The location picks the host, so every part is
/// validated before any URL is built from it.
/// </summary>
public abstract class LocationScopedName
{
    private protected LocationScopedName(string project, string location, string collection, string id)
    {
        Project = project;
        Location = location;
        Collection = collection;
        Id = id;
    }

    /// <summary>Project id or number.</summary>
    public string Project { get; }

    /// <summary>Location: a region, <c>global</c>, or the multi-regions <c>us</c>/<c>eu</c>; it picks the host.</summary>
    public string Location { get; }

    /// <summary>The collection, e.g. <c>tuningJobs</c> or <c>endpoints</c>.</summary>
    public string Collection { get; }

    /// <summary>The resource's id within its collection.</summary>
    public string Id { get; }

    /// <summary>The full resource name.</summary>
    public string FullName => $"projects/{Project}/locations/{Location}/{Collection}/{Id}";

    /// <inheritdoc />
    public override string ToString() => FullName;
}

/// <summary>A Vertex AI tuning job: <c>projects/{project}/locations/{location}/tuningJobs/{id}</c>.</summary>
public sealed class TuningJobName : LocationScopedName
{
    private const string CollectionName = "tuningJobs";

    private TuningJobName(string project, string location, string id)
        : base(project, location, CollectionName, id)
    {
    }

    /// <summary>
    /// Reads a short numeric id or a full resource name. A full name carries its own project and region (which then
    /// pick the host); a short id takes them from <paramref name="defaults"/>, called only when needed.
    /// </summary>
    public static TuningJobName Parse(string? nameOrId, Func<(string Project, string Location)> defaults, string parameterName = "Name")
    {
        var (project, location, id) = ResourceName.ParseLocationScoped(nameOrId, CollectionName, "a tuning job", defaults, parameterName,
            value => Identifiers.ValidateNumericId(value, "tuning job", CollectionName, parameterName),
            "A tuning job name looks like 'projects/PROJECT/locations/REGION/tuningJobs/ID', or give just the numeric ID.");
        return new TuningJobName(project, location, id);
    }
}

/// <summary>A Vertex AI endpoint: <c>projects/{project}/locations/{location}/endpoints/{id}</c>.</summary>
public sealed class EndpointName : LocationScopedName
{
    private const string CollectionName = "endpoints";

    private EndpointName(string project, string location, string id)
        : base(project, location, CollectionName, id)
    {
    }

    /// <summary>Reads a full endpoint name, or a short id completed from <paramref name="defaults"/>.</summary>
    public static EndpointName Parse(string? nameOrId, Func<(string Project, string Location)> defaults, string parameterName = "Endpoint")
    {
        var (project, location, id) = ResourceName.ParseLocationScoped(nameOrId, CollectionName, "an endpoint", defaults, parameterName,
            value => Identifiers.ValidateEndpointId(value, parameterName),
            "An endpoint name looks like 'projects/PROJECT/locations/REGION/endpoints/ID' (a tuning job's TunedModelEndpoint).");
        return new EndpointName(project, location, id);
    }
}

/// <summary>
/// The one parser of resource names: location-scoped Vertex AI names, and the Gemini API's <c>tunedModels/{id}</c>.
/// </summary>
internal static class ResourceName
{
    /// <summary>The start of every Gemini API tuned model name.</summary>
    public const string TunedModelPrefix = "tunedModels/";

    /// <summary>
    /// Reads <c>projects/P/locations/L/COLLECTION/ID</c>, or a short id completed with the default project and location;
    /// <paramref name="what"/> names the resource with its article for messages ("a tuning job").
    /// </summary>
    public static (string Project, string Location, string Id) ParseLocationScoped(string? nameOrId, string collection, string what,
        Func<(string Project, string Location)> defaults, string parameterName, Func<string, string> validateId, string shapeHint)
    {
        var value = nameOrId?.Trim() ?? string.Empty;
        if (value.StartsWith("projects/", StringComparison.Ordinal))
        {
            var parts = value.Split('/');
            if (parts.Length != 6 || parts[2] != "locations" || parts[4] != collection)
            {
                throw new GeminiTuningArgumentException(parameterName, $"'{Identifiers.Printable(value)}' is not {what} name.", shapeHint);
            }

            return (Identifiers.ValidateProject(parts[1], parameterName), Identifiers.ValidateRegion(parts[3], parameterName), validateId(parts[5]));
        }

        var id = validateId(value);
        var (project, location) = defaults();
        return (Identifiers.ValidateProject(project), Identifiers.ValidateRegion(location), id);
    }

    /// <summary>True when <paramref name="name"/> names a Gemini API tuned model (or one of its operations).</summary>
    public static bool IsTunedModel(string? name) => name is not null && name.TrimStart().StartsWith(TunedModelPrefix, StringComparison.Ordinal);

    /// <summary>Validates a tuned model name and returns its canonical <c>tunedModels/ID</c> form (an operation suffix removed).</summary>
    public static string ParseTunedModel(string? name, string parameterName)
    {
        var value = name?.Trim() ?? string.Empty;
        var parts = value.Split('/');
        if (parts.Length is not (2 or 4) || parts[0] + "/" != TunedModelPrefix || (parts.Length == 4 && parts[2] != "operations"))
        {
            throw new GeminiTuningArgumentException(parameterName, $"'{Identifiers.Printable(value)}' is not a Gemini API tuned model name.",
                "Give a name such as 'tunedModels/my-model-abc123'.");
        }

        return TunedModelPrefix + Identifiers.ValidateTunedModelId(parts[1], parameterName);
    }
}
