using System.Globalization;
using System.Threading.Tasks;
using GeminiTuning.Emulator.Generation;
using GeminiTuning.Emulator.Http;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Vertex;

/// <summary>Vertex AI <c>endpoints.generateContent</c> / <c>streamGenerateContent</c> on the endpoints that succeeded
/// tuning jobs deploy their tuned model (and its checkpoints) to.</summary>
internal sealed class EndpointService
{
    private readonly TuningJobStore _store;
    private readonly EmulatorOptions _options;

    public EndpointService(TuningJobStore store, EmulatorOptions options)
    {
        _store = store;
        _options = options;
    }

    public void Register(Router router)
    {
        var versions = new[] { "v1", "v1beta1" };
        router.Add(new Route("POST", versions, "projects/*/locations/*/endpoints/*:generateContent", EmulatorOperation.GenerateContent, AuthRequirement.Bearer,
            c => Task.FromResult(Generate(c, streaming: false))));
        router.Add(new Route("POST", versions, "projects/*/locations/*/endpoints/*:streamGenerateContent", EmulatorOperation.StreamGenerateContent, AuthRequirement.Bearer,
            c => Task.FromResult(Generate(c, streaming: true))));
    }

    private HttpResponse Generate(RequestContext context, bool streaming)
    {
        var location = context.Captures[1];
        var endpointId = context.Captures[2];
        var number = Projects.Resolve(context.Captures[0], location);
        string baseModel;
        int checkpoint;
        bool final;
        lock (_store.Gate)
        {
            // The newest model deployed there serves: a rebase deployed to the same endpoint replaces the original once it succeeded.
            (TuningJob Job, int Checkpoint)? found = null;
            var candidates = _store.FindByEndpoint(number, location, endpointId);
            for (var i = candidates.Count - 1; i >= 0 && found is null; i--)
            {
                var (job, point) = candidates[i];
                if (job.At(context.Now).Succeeded && (point == job.CheckpointEndpointIds.Length || !job.ExportLastCheckpointOnly))
                {
                    found = candidates[i];
                }
            }

            if (found is null)
            {
                throw ApiException.NotFound("Endpoint projects/" + number + "/locations/" + location + "/endpoints/" + endpointId + " not found.");
            }

            baseModel = found.Value.Job.BaseModel;
            checkpoint = found.Value.Checkpoint;
            final = checkpoint == found.Value.Job.CheckpointEndpointIds.Length;
        }

        var modelVersion = ShortModelName(baseModel);
        var label = final ? modelVersion : modelVersion + " checkpoint " + checkpoint.ToString(CultureInfo.InvariantCulture);
        return GenerationResponder.Respond(context, GenerationApi.Vertex, modelVersion, label, streaming, _options.StreamChunkDelay);
    }

    /// <summary>"publishers/google/models/gemini-2.5-flash" → "gemini-2.5-flash".</summary>
    internal static string ShortModelName(string model)
    {
        var slash = model.LastIndexOf('/');
        return slash < 0 ? model : model.Substring(slash + 1);
    }
}
