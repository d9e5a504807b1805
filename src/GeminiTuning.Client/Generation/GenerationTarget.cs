using System;
using GeminiTuning.Config;

namespace GeminiTuning.Generation;

/// <summary>What a generateContent call goes to: a Vertex AI endpoint or a Gemini API tuned model.</summary>
public sealed class GenerationTarget
{
    private GenerationTarget(GeminiTuningBackend backend, string name, string? location)
    {
        Backend = backend;
        Name = name;
        Location = location;
    }

    /// <summary>The backend.</summary>
    public GeminiTuningBackend Backend { get; }

    /// <summary>The full resource name: <c>projects/P/locations/L/endpoints/E</c> or <c>tunedModels/M</c>.</summary>
    public string Name { get; }

    /// <summary>The endpoint's location (Vertex), which picks the host.</summary>
    public string? Location { get; }

    /// <summary>
    /// Reads an endpoint: <c>tunedModels/ID</c> (Gemini API), a full Vertex endpoint name, or a short endpoint id
    /// completed with the default project and region.
    /// </summary>
    public static GenerationTarget Parse(string? endpoint, Func<(string Project, string Location)> defaults, string parameterName = "Endpoint")
    {
        if (ResourceName.IsTunedModel(endpoint))
        {
            return new GenerationTarget(GeminiTuningBackend.GeminiApi, ResourceName.ParseTunedModel(endpoint, parameterName), null);
        }

        var name = EndpointName.Parse(endpoint, defaults, parameterName);
        return new GenerationTarget(GeminiTuningBackend.VertexAI, name.FullName, name.Location);
    }

    /// <summary>The URI of <paramref name="method"/> (generateContent or streamGenerateContent) on this target.</summary>
    public Uri MethodUri(ServiceEndpoints endpoints, string method, bool sse)
    {
        var suffix = ":" + method + (sse ? "?alt=sse" : string.Empty);
        return Backend == GeminiTuningBackend.VertexAI
            ? new Uri(endpoints.VertexBase(Location!), "v1/" + Name + suffix)
            : new Uri(endpoints.GeminiApiBase, "v1beta/" + Name + suffix);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
