using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Config;
using GeminiTuning.Http;
using GeminiTuning.Workflows;

namespace GeminiTuning.Completion;

/// <summary>
/// Job ids, tuned model names and tuned endpoints for tab completion: the newest jobs of the project and region (or the
/// Gemini API's tuned models), cached for a minute, answered within <see cref="Budget"/>; a failed lookup is not tried
/// again for a few seconds (<see cref="CompletionCache{T}"/>).
/// </summary>
public static class JobCompletion
{
    /// <summary>The time a completion may take before it answers with what it has.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(200);

    private static readonly CompletionCache<GeminiTuningJob> Cache = new(TimeSpan.FromSeconds(60));

    /// <summary>
    /// The jobs whose id, name or display name starts with <paramref name="word"/>: Gemini API tuned models when
    /// <paramref name="backend"/> is GeminiApi, or (with no backend given) when the word starts with "tunedModels/";
    /// Vertex AI tuning jobs otherwise. Never throws: without a project, region or credential it offers nothing.
    /// </summary>
    public static IReadOnlyList<GeminiTuningJob> Candidates(string? word, string? project, string? region, GeminiTuningContext? context,
        CompletionCache<GeminiTuningJob>? cache = null, Func<string, string?>? environment = null, TimeSpan? budget = null,
        GeminiTuningBackend? backend = null)
    {
        var prefix = Unquote(word);
        var gemini = backend == GeminiTuningBackend.GeminiApi || (backend is null && prefix.StartsWith("tunedModels/", StringComparison.Ordinal));
        return Lookup(gemini, project, region, context, cache, environment, budget).Where(j => Matches(j, prefix)).ToList();
    }

    /// <summary>
    /// The tuned models that can be called (Invoke-GeminiTunedModel -Endpoint): Vertex AI jobs that succeeded and have an
    /// endpoint, matched by endpoint name, job id or display name; Gemini API tuned models that are ready when the word
    /// starts with "tunedModels/". Never throws.
    /// </summary>
    public static IReadOnlyList<GeminiTuningJob> EndpointCandidates(string? word, string? project, string? region, GeminiTuningContext? context,
        CompletionCache<GeminiTuningJob>? cache = null, Func<string, string?>? environment = null, TimeSpan? budget = null)
    {
        var prefix = Unquote(word);
        var gemini = prefix.StartsWith("tunedModels/", StringComparison.Ordinal);
        return Lookup(gemini, project, region, context, cache, environment, budget)
            .Where(j => j.State == GeminiTuningJobState.Succeeded)
            .Where(j => gemini || !string.IsNullOrEmpty(j.TunedModelEndpoint))
            .Where(j => Matches(j, prefix) || (j.TunedModelEndpoint?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ?? false))
            .ToList();
    }

    /// <summary>Forgets the cached lists (Disconnect-GeminiTuning).</summary>
    internal static void Clear() => Cache.Clear();

    private static IReadOnlyList<GeminiTuningJob> Lookup(bool gemini, string? project, string? region, GeminiTuningContext? context,
        CompletionCache<GeminiTuningJob>? cache, Func<string, string?>? environment, TimeSpan? budget)
    {
        try
        {
            var settings = new SettingsResolver(context, environment);
            string key;
            Func<CancellationToken, Task<IReadOnlyList<GeminiTuningJob>>> fetch;
            if (gemini)
            {
                key = "gemini|" + settings.ResolveEndpoints().Override;
                fetch = ct => List(settings, new ListJobsRequest { Backend = GeminiTuningBackend.GeminiApi, First = 200, PageSize = 100 }, ct);
            }
            else
            {
                var p = settings.ResolveProject(project);
                var r = settings.ResolveRegion(region);
                key = $"vertex|{settings.ResolveEndpoints().Override}|{p}|{r}";
                fetch = ct => List(settings, new ListJobsRequest { Project = p, Region = r, First = 200, PageSize = 100 }, ct);
            }

            return (cache ?? Cache).Get(key, fetch, budget ?? Budget);
        }
        catch (GeminiTuningException)
        {
            return Array.Empty<GeminiTuningJob>();
        }
    }

    private static string Unquote(string? word) => (word ?? string.Empty).Trim('\'', '"');

    private static bool Matches(GeminiTuningJob job, string prefix) =>
        prefix.Length == 0 ||
        job.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ||
        job.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ||
        (job.TunedModelDisplayName?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ?? false);

    private static async Task<IReadOnlyList<GeminiTuningJob>> List(SettingsResolver settings, ListJobsRequest request, CancellationToken cancellationToken)
    {
        var services = new GeminiTuningServices(settings, NullLog.Instance, retryPolicy: new RetryPolicy { MaxAttempts = 2 });
        var jobs = new List<GeminiTuningJob>();
        await new TuningJobOperations(services).ListAsync(request, jobs.Add, cancellationToken).ConfigureAwait(false);
        return jobs;
    }
}
