using System.Text.Json;
using GeminiTuning.Internal;

namespace GeminiTuning.Vertex.Wire;

// tuningJobs:rebaseTunedModel (rebase.md §2-3): the request, and the long-running operation it answers with, whose
// response is the new TuningJob.

internal sealed class RebaseTunedModelRequestResource
{
    public TunedModelRefResource? TunedModelRef { get; set; }
    public TuningJobResource? TuningJob { get; set; }
    public GcsDestinationResource? ArtifactDestination { get; set; }
    public bool? DeployToSameEndpoint { get; set; }
}

internal sealed class TunedModelRefResource
{
    public string? TunedModel { get; set; }
    public string? TuningJob { get; set; }
    public string? PipelineJob { get; set; }
}

internal sealed class GcsDestinationResource
{
    public string? OutputUriPrefix { get; set; }
}

internal sealed class TuningJobOperationResource
{
    public string? Name { get; set; }
    public JsonElement Metadata { get; set; }
    public bool? Done { get; set; }
    public RpcStatusWire? Error { get; set; }

    /// <summary>The TuningJob (its <c>@type</c> member is ignored as unknown).</summary>
    public TuningJobResource? Response { get; set; }
}
