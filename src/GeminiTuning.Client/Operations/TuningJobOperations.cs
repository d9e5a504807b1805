using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Config;
using GeminiTuning.Generation;
using GeminiTuning.Vertex;
using GeminiTuning.Waiting;

namespace GeminiTuning.Operations;

/// <summary>What a listing asks for.</summary>
public sealed class ListJobsRequest
{
    /// <summary>Project (resolved when null).</summary>
    public string? Project { get; set; }

    /// <summary>Region (resolved when null).</summary>
    public string? Region { get; set; }

    /// <summary>Server-side filter, passed as is.</summary>
    public string? Filter { get; set; }

    /// <summary>Client-side state filter; empty keeps all.</summary>
    public IReadOnlyCollection<GeminiTuningJobState> States { get; set; } = Array.Empty<GeminiTuningJobState>();

    /// <summary>Jobs to skip (after the state filter).</summary>
    public long Skip { get; set; }

    /// <summary>Most jobs to write; null for all.</summary>
    public long? First { get; set; }

    /// <summary>Page size asked of the service; null lets it choose.</summary>
    public int? PageSize { get; set; }
}

/// <summary>
/// The behaviour behind the job cmdlets (Get, New, Stop, Wait), kept out of the cmdlets so xUnit tests it:
/// resolving names and defaults, paging, client-side filtering, waiting.
/// </summary>
public sealed class TuningJobOperations
{
    private readonly GeminiTuningServices _services;

    /// <summary>Creates the operations over a command's services.</summary>
    public TuningJobOperations(GeminiTuningServices services) => _services = services;

    /// <summary>Reads a short id or full name, completing a short id with the resolved project and region.</summary>
    public TuningJobName ResolveName(string nameOrId, string? project, string? region) =>
        TuningJobName.Parse(nameOrId, () => _services.Settings.ResolveProjectAndRegion(project, region));

    /// <summary>Reads an endpoint for Invoke-GeminiTunedModel.</summary>
    public GenerationTarget ResolveTarget(string endpoint, string? project, string? region) =>
        GenerationTarget.Parse(endpoint, () => _services.Settings.ResolveProjectAndRegion(project, region));

    /// <summary>Gets one job.</summary>
    public Task<GeminiTuningJob> GetAsync(string nameOrId, string? project, string? region, CancellationToken cancellationToken) =>
        _services.Vertex.GetAsync(ResolveName(nameOrId, project, region), cancellationToken);

    /// <summary>
    /// Lists jobs, following page tokens and handing each job to <paramref name="emit"/> as its page arrives.
    /// Stops reading pages once <see cref="ListJobsRequest.First"/> jobs were written. Returns how many were written.
    /// </summary>
    public async Task<long> ListAsync(ListJobsRequest request, Action<GeminiTuningJob> emit, CancellationToken cancellationToken)
    {
        var project = _services.Settings.ResolveProject(request.Project);
        var region = _services.Settings.ResolveRegion(request.Region);
        var states = new HashSet<GeminiTuningJobState>(request.States);
        long skipped = 0, written = 0;
        string? token = null;
        do
        {
            if (request.First is { } first && written >= first)
            {
                break;
            }

            var page = await _services.Vertex.ListPageAsync(project, region, request.Filter, token, request.PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var job in page.Jobs)
            {
                if (states.Count > 0 && !states.Contains(job.State))
                {
                    continue;
                }

                if (skipped < request.Skip)
                {
                    skipped++;
                    continue;
                }

                if (request.First is { } limit && written >= limit)
                {
                    break;
                }

                emit(job);
                written++;
            }

            token = page.NextPageToken;
        }
        while (token is not null);

        return written;
    }

    /// <summary>Creates a job in the resolved project and region.</summary>
    public Task<CreateTuningJobResult> CreateAsync(string? project, string? region, TuningJobRequest request, CancellationToken cancellationToken)
    {
        var p = _services.Settings.ResolveProject(project);
        var r = _services.Settings.ResolveRegion(region);
        return _services.Vertex.CreateAsync(p, r, request, cancellationToken);
    }

    /// <summary>The ShouldProcess target text for a create.</summary>
    public string DescribeCreate(string? project, string? region, TuningJobRequest request)
    {
        var p = _services.Settings.ResolveProject(project);
        var r = _services.Settings.ResolveRegion(region);
        var epochs = request.EpochCount is { } e ? string.Format(CultureInfo.InvariantCulture, ", {0} epoch(s)", e) : string.Empty;
        var adapter = request.AdapterSize is { } a ? ", adapter size " + a : string.Empty;
        return $"{request.BaseModel} tuned on {request.TrainingDatasetUri}{epochs}{adapter} in projects/{p}/locations/{r}";
    }

    /// <summary>Requests cancellation of a job; returns its resolved name.</summary>
    public async Task<TuningJobName> CancelAsync(string nameOrId, string? project, string? region, CancellationToken cancellationToken)
    {
        var name = ResolveName(nameOrId, project, region);
        await _services.Vertex.CancelAsync(name, cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>A wait target for a job; the name is resolved (and validated) now.</summary>
    public WaitTarget WaitTargetFor(string nameOrId, string? project, string? region)
    {
        var name = ResolveName(nameOrId, project, region);
        return new WaitTarget(name.FullName, ct => _services.Vertex.GetAsync(name, ct));
    }

    /// <summary>Waits for the targets.</summary>
    public Task<WaitResult> WaitAsync(IReadOnlyList<WaitTarget> targets, WaitOptions options, IWaitObserver observer, CancellationToken cancellationToken) =>
        new TuningJobWaiter().WaitAsync(targets, options, observer, cancellationToken);

    /// <summary>The progress status line for a job: its state and how long it has run.</summary>
    public static string ProgressStatus(GeminiTuningJob job, TimeSpan waited)
    {
        var elapsed = job.Duration ?? waited;
        var clock = elapsed.TotalDays >= 1 ? elapsed.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture) : elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        var text = $"{job.State}, {clock} elapsed";
        if (job.CompletedPercent is { } percent)
        {
            text += string.Format(CultureInfo.InvariantCulture, ", {0:0.#}% done", percent);
        }

        if (job.MeanLoss is { } loss)
        {
            text += string.Format(CultureInfo.InvariantCulture, ", mean loss {0:0.####}", loss);
        }

        return text;
    }

    /// <summary>The percentage for a progress bar, when the service reports one.</summary>
    public static int? ProgressPercent(GeminiTuningJob job) =>
        job.CompletedPercent is { } p ? (int)Math.Max(0, Math.Min(100, Math.Round(p))) : null;
}
