using System.Collections.Generic;

namespace GeminiTuning;

/// <summary>One page of a listing of tuning jobs (Vertex AI) or tuned models (Gemini API).</summary>
public sealed class GeminiTuningJobPage
{
    internal GeminiTuningJobPage(IReadOnlyList<GeminiTuningJob> jobs, string? nextPageToken)
    {
        Jobs = jobs;
        NextPageToken = nextPageToken;
    }

    /// <summary>The jobs or tuned models on this page.</summary>
    public IReadOnlyList<GeminiTuningJob> Jobs { get; }

    /// <summary>The token for the next page, or null on the last page.</summary>
    public string? NextPageToken { get; }
}
