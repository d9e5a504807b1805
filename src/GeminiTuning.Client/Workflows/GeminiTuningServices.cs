using System.Net.Http;
using GeminiTuning.Config;
using GeminiTuning.GeminiApi;
using GeminiTuning.Generation;
using GeminiTuning.Http;
using GeminiTuning.Metrics;
using GeminiTuning.Vertex;

namespace GeminiTuning.Workflows;

/// <summary>The clients one command uses, over the process's shared HttpClient and the resolved settings.</summary>
public sealed class GeminiTuningServices
{
    /// <summary>Creates the services for one command. <paramref name="apiKey"/> is an explicit -ApiKey; without one the
    /// resolver finds a key (Connect, GEMINI_API_KEY, GOOGLE_API_KEY) or none, and OAuth is used.</summary>
    public GeminiTuningServices(SettingsResolver settings, IGeminiTuningLog log, HttpClient? http = null, RetryPolicy? retryPolicy = null,
        string? apiKey = null)
    {
        Settings = settings;
        Transport = new ApiTransport(http ?? HttpClients.Get(settings.ResolveProxy()), settings.ResolveCredential(), settings.ResolveEndpoints(),
            retryPolicy ?? RetryPolicy.Default, log);
        var key = settings.ResolveApiKey(apiKey);
        Vertex = new VertexTuningClient(Transport);
        GeminiApi = new GeminiApiClient(Transport, key, () => ProjectOrNull(settings));
        Generation = new GenerationClient(Transport, key, () => ProjectOrNull(settings));
        Metrics = new TuningMetricsClient(Transport);
    }

    private static string? ProjectOrNull(SettingsResolver settings)
    {
        try
        {
            return settings.ResolveProject(null);
        }
        catch (GeminiTuningException)
        {
            return null; // no project anywhere: nothing to fall back to
        }
    }

    /// <summary>Resolves project, region, credential and endpoints.</summary>
    public SettingsResolver Settings { get; }

    /// <summary>The HTTP core.</summary>
    public ApiTransport Transport { get; }

    /// <summary>Vertex AI tuning jobs.</summary>
    public VertexTuningClient Vertex { get; }

    /// <summary>Gemini API tuned models.</summary>
    public GeminiApiClient GeminiApi { get; }

    /// <summary>Calls to tuned models.</summary>
    public GenerationClient Generation { get; }

    /// <summary>Training and evaluation metrics of tuning runs.</summary>
    public TuningMetricsClient Metrics { get; }
}
