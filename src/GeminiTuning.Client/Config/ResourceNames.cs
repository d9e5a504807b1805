using System;

namespace GeminiTuning.Config;

/// <summary>A Vertex AI tuning job: <c>projects/{project}/locations/{location}/tuningJobs/{id}</c>.</summary>
public sealed class TuningJobName
{
    private TuningJobName(string project, string location, string id)
    {
        Project = project;
        Location = location;
        Id = id;
    }

    /// <summary>Project id or number.</summary>
    public string Project { get; }

    /// <summary>Region.</summary>
    public string Location { get; }

    /// <summary>The numeric job id.</summary>
    public string Id { get; }

    /// <summary>The full resource name.</summary>
    public string FullName => $"projects/{Project}/locations/{Location}/tuningJobs/{Id}";

    /// <summary>
    /// Reads a short numeric id or a full resource name. A full name carries its own project and region (which then
    /// pick the host); a short id takes them from <paramref name="defaults"/>, called only when needed.
    /// </summary>
    public static TuningJobName Parse(string? nameOrId, Func<(string Project, string Location)> defaults, string parameterName = "Name")
    {
        var (project, location, id) = ResourceName.Parse(nameOrId, "tuningJobs", "tuning job", defaults, parameterName,
            value => Identifiers.ValidateNumericId(value, "tuning job", parameterName),
            "A tuning job name looks like 'projects/PROJECT/locations/REGION/tuningJobs/ID', or give just the numeric ID.");
        return new TuningJobName(project, location, id);
    }

    /// <inheritdoc />
    public override string ToString() => FullName;
}

/// <summary>A Vertex AI endpoint: <c>projects/{project}/locations/{location}/endpoints/{id}</c>.</summary>
public sealed class EndpointName
{
    private EndpointName(string project, string location, string id)
    {
        Project = project;
        Location = location;
        Id = id;
    }

    /// <summary>Project id or number.</summary>
    public string Project { get; }

    /// <summary>Location: a region, <c>global</c>, or the multi-regions <c>us</c>/<c>eu</c>; it picks the host.</summary>
    public string Location { get; }

    /// <summary>Endpoint id.</summary>
    public string Id { get; }

    /// <summary>The full resource name.</summary>
    public string FullName => $"projects/{Project}/locations/{Location}/endpoints/{Id}";

    /// <summary>Reads a full endpoint name, or a short id completed from <paramref name="defaults"/>.</summary>
    public static EndpointName Parse(string? nameOrId, Func<(string Project, string Location)> defaults, string parameterName = "Endpoint")
    {
        var (project, location, id) = ResourceName.Parse(nameOrId, "endpoints", "endpoint", defaults, parameterName,
            value => Identifiers.ValidateEndpointId(value, parameterName),
            "An endpoint name looks like 'projects/PROJECT/locations/REGION/endpoints/ID' (a tuning job's TunedModelEndpoint).");
        return new EndpointName(project, location, id);
    }

    /// <inheritdoc />
    public override string ToString() => FullName;
}

/// <summary>Reads <c>projects/P/locations/L/COLLECTION/ID</c>, or a short id completed with default project and location.</summary>
internal static class ResourceName
{
    public static (string Project, string Location, string Id) Parse(string? nameOrId, string collection, string what, Func<(string Project, string Location)> defaults,
        string parameterName, Func<string, string> validateId, string shapeHint)
    {
        var value = nameOrId?.Trim() ?? string.Empty;
        if (value.StartsWith("projects/", StringComparison.Ordinal))
        {
            var parts = value.Split('/');
            if (parts.Length != 6 || parts[2] != "locations" || parts[4] != collection)
            {
                throw new GeminiTuningArgumentException(parameterName, $"'{Identifiers.Printable(value)}' is not {(what.StartsWith("e", StringComparison.Ordinal) ? "an" : "a")} {what} name.", shapeHint);
            }

            return (Identifiers.ValidateProject(parts[1], parameterName), Identifiers.ValidateRegion(parts[3], parameterName), validateId(parts[5]));
        }

        var id = validateId(value);
        var (project, location) = defaults();
        return (Identifiers.ValidateProject(project), Identifiers.ValidateRegion(location), id);
    }
}
