using System.Net.Http;
using GeminiTuning.Config;
using GeminiTuning.Generation;
using GeminiTuning.Http;
using GeminiTuning.Vertex;

namespace GeminiTuning.Operations;

/// <summary>The clients one command uses, over the process's shared HttpClient and the resolved settings.</summary>
public sealed class GeminiTuningServices
{
    /// <summary>Creates the services for one command.</summary>
    public GeminiTuningServices(SettingsResolver settings, IGeminiTuningLog log, HttpClient? http = null, RetryPolicy? retryPolicy = null,
        string? apiKey = null)
    {
        Settings = settings;
        Transport = new ApiTransport(http ?? HttpClients.Get(), settings.ResolveCredential(), settings.ResolveEndpoints(),
            retryPolicy ?? RetryPolicy.Default, log);
        Vertex = new VertexTuningClient(Transport);
        Generation = new GenerationClient(Transport, apiKey);
    }

    /// <summary>Resolves project, region, credential and endpoints.</summary>
    public SettingsResolver Settings { get; }

    /// <summary>The HTTP core.</summary>
    public ApiTransport Transport { get; }

    /// <summary>Vertex AI tuning jobs.</summary>
    public VertexTuningClient Vertex { get; }

    /// <summary>Calls to tuned models.</summary>
    public GenerationClient Generation { get; }
}
