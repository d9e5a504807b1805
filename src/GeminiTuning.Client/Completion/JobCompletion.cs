using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Config;
using GeminiTuning.Http;
using GeminiTuning.Workflows;

namespace GeminiTuning.Completion;

/// <summary>Job ids for tab completion: the newest jobs of the project and region, cached for a minute, answered within 250 ms.</summary>
public static class JobCompletion
{
    /// <summary>The time a completion may take before it answers with what it has.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(200);

    private static readonly CompletionCache<GeminiTuningJob> Cache = new(TimeSpan.FromSeconds(60));

    /// <summary>
    /// The jobs whose id, name or display name starts with <paramref name="word"/> (Gemini API tuned models when the word
    /// starts with "tunedModels/"). Never throws: without a project, region or credential it offers nothing.
    /// </summary>
    public static IReadOnlyList<GeminiTuningJob> Candidates(string? word, string? project, string? region, GeminiTuningContext? context,
        CompletionCache<GeminiTuningJob>? cache = null, Func<string, string?>? environment = null, TimeSpan? budget = null)
    {
        var prefix = (word ?? string.Empty).Trim('\'', '"');
        var gemini = prefix.StartsWith("tunedModels/", StringComparison.Ordinal);
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

            var jobs = (cache ?? Cache).Get(key, fetch, budget ?? Budget);
            return jobs.Where(j => Matches(j, prefix)).ToList();
        }
        catch (GeminiTuningException)
        {
            return Array.Empty<GeminiTuningJob>();
        }
    }

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
