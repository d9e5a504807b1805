using System.Management.Automation;

namespace GeminiTuning.PowerShell;

/// <summary>
/// The base of the cmdlets whose calls are addressed to a Google Cloud project and region (Vertex AI): -Project and
/// -Region, which default to Connect-GeminiTuning's, then GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION, then gcloud's.
/// </summary>
/// <remarks>Both bind by property name, so a piped job (or a saved row of one) brings its own project and region.</remarks>
public abstract class GeminiTuningCloudCmdlet : GeminiTuningCmdlet
{
    /// <summary>The Google Cloud project (id or number). Defaults: Connect-GeminiTuning, GOOGLE_CLOUD_PROJECT, gcloud's core/project.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Project { get; set; }

    /// <summary>The region, e.g. us-central1. Defaults: Connect-GeminiTuning, GOOGLE_CLOUD_LOCATION, gcloud's ai/region.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Location")]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }
}
