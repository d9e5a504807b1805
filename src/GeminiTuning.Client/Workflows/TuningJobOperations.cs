using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Config;
using GeminiTuning.Datasets;
using GeminiTuning.GeminiApi;
using GeminiTuning.Generation;
using GeminiTuning.Metrics;
using GeminiTuning.Vertex;
using GeminiTuning.Waiting;

namespace GeminiTuning.Workflows;

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

    /// <summary>Which service to list: Vertex AI tuning jobs (project and region) or Gemini API tuned models.</summary>
    public GeminiTuningBackend Backend { get; set; } = GeminiTuningBackend.VertexAI;
}

/// <summary>
/// The behaviour behind the job cmdlets (Get, New, Stop, Wait), kept out of the cmdlets so xUnit tests it:
/// resolving names and defaults, paging, client-side filtering, waiting.
/// </summary>
public sealed class TuningJobOperations
{
    private readonly GeminiTuningServices _services;
    private TrainingProgress? _trainingProgress;

    /// <summary>Creates the operations over a command's services.</summary>
    public TuningJobOperations(GeminiTuningServices services) => _services = services;

    /// <summary>Reads a short id or full name, completing a short id with the resolved project and region.</summary>
    public TuningJobName ResolveName(string nameOrId, string? project, string? region) =>
        TuningJobName.Parse(nameOrId, () => _services.Settings.ResolveProjectAndRegion(project, region));

    /// <summary>Reads an endpoint for Invoke-GeminiTunedModel.</summary>
    public GenerationTarget ResolveTarget(string endpoint, string? project, string? region) =>
        GenerationTarget.Parse(endpoint, () => _services.Settings.ResolveProjectAndRegion(project, region));

    /// <summary>The backend a name belongs to: <c>tunedModels/…</c> is the Gemini API, anything else Vertex AI.</summary>
    public static GeminiTuningBackend BackendOf(string nameOrId) =>
        GeminiApiClient.IsTunedModelName(nameOrId) ? GeminiTuningBackend.GeminiApi : GeminiTuningBackend.VertexAI;

    /// <summary>The full name of a job or tuned model, validated (short Vertex ids completed with the defaults).</summary>
    public string ResolveJobName(string nameOrId, string? project, string? region) =>
        BackendOf(nameOrId) == GeminiTuningBackend.GeminiApi ? GeminiApiClient.NormalizeName(nameOrId) : ResolveName(nameOrId, project, region).FullName;

    /// <summary>Gets one job or tuned model; the name's shape picks the backend.</summary>
    public Task<GeminiTuningJob> GetAsync(string nameOrId, string? project, string? region, CancellationToken cancellationToken) =>
        BackendOf(nameOrId) == GeminiTuningBackend.GeminiApi
            ? _services.GeminiApi.GetWithProgressAsync(nameOrId, cancellationToken)
            : _services.Vertex.GetAsync(ResolveName(nameOrId, project, region), cancellationToken);

    /// <summary>
    /// Lists jobs, following page tokens and handing each job to <paramref name="emit"/> as its page arrives.
    /// Stops reading pages once <see cref="ListJobsRequest.First"/> jobs were written. Returns how many were written.
    /// </summary>
    public async Task<long> ListAsync(ListJobsRequest request, Action<GeminiTuningJob> emit, CancellationToken cancellationToken)
    {
        var pageSize = request.PageSize ?? PageSizeFor(request);
        Func<string?, Task<(IReadOnlyList<GeminiTuningJob> Jobs, string? Next)>> fetchPage;
        if (request.Backend == GeminiTuningBackend.GeminiApi)
        {
            fetchPage = async token =>
            {
                var page = await _services.GeminiApi.ListPageAsync(request.Filter, token, pageSize, cancellationToken).ConfigureAwait(false);
                return (page.Jobs, page.NextPageToken);
            };
        }
        else
        {
            var project = _services.Settings.ResolveProject(request.Project);
            var region = _services.Settings.ResolveRegion(request.Region);
            fetchPage = async token =>
            {
                var page = await _services.Vertex.ListPageAsync(project, region, request.Filter, token, pageSize, cancellationToken).ConfigureAwait(false);
                return (page.Jobs, page.NextPageToken);
            };
        }

        var states = new HashSet<GeminiTuningJobState>(request.States);
        long skipped = 0, written = 0;
        string? next = null;
        do
        {
            if (request.First is { } first && written >= first)
            {
                break;
            }

            var (jobs, nextToken) = await fetchPage(next).ConfigureAwait(false);
            foreach (var job in jobs)
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

            next = nextToken;
        }
        while (next is not null);

        return written;
    }

    /// <summary>
    /// The checks before a create (see <see cref="CreateCheck"/>), in the resolved region: run them before anything is
    /// sent or uploaded, and before <c>-WhatIf</c> says what would happen.
    /// </summary>
    public Task<CreateCheckResult> CheckCreateAsync(string? region, TuningJobRequest request, bool force, bool checkObjects, DatasetReport? datasetReport,
        CancellationToken cancellationToken) =>
        new CreateCheck(_services).RunAsync(_services.Settings.ResolveRegion(region), request, force, checkObjects, datasetReport, cancellationToken);

    /// <summary>Rebases a tuned model (or the model of a tuning job) onto a newer base model; returns the new job.</summary>
    public Task<CreateTuningJobResult> RebaseAsync(RebaseTunedModelRequest request, CancellationToken cancellationToken) =>
        _services.Vertex.RebaseAsync(request, cancellationToken);

    /// <summary>The ShouldProcess target text for a rebase.</summary>
    public static string DescribeRebase(RebaseTunedModelRequest request)
    {
        var onto = request.BaseModel is null ? "the newer base model the service chooses" : request.BaseModel;
        var endpoint = request.DeployToSameEndpoint == true ? ", deployed to the original model's endpoint (replacing it there)" : string.Empty;
        return $"{request.TunedModelRef} rebased onto {onto}{endpoint} in projects/{request.RefProject}/locations/{request.RefLocation}";
    }

    /// <summary>
    /// The page size to ask for when the caller set none: with <c>-First N</c> (and no client-side state filter, which
    /// may drop any number of jobs) just the jobs needed, so that <c>-First 3</c> does not fetch a whole page; otherwise
    /// the service's default. At most 100 (Google documents no maximum; the Gemini API allows 1,000).
    /// </summary>
    internal static int? PageSizeFor(ListJobsRequest request) =>
        request.First is { } first && request.States.Count == 0 ? (int)Math.Max(1, Math.Min(100, first + request.Skip)) : null;

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
        var method = request.TuningMethod == GeminiTuningMethod.Preference
            ? " (preference tuning" + (request.Beta is { } beta ? string.Format(CultureInfo.InvariantCulture, ", beta {0}", beta) : string.Empty) + ")"
            : string.Empty;
        var checkpoint = request.CheckpointId is null ? string.Empty : " at checkpoint " + request.CheckpointId;
        return $"{request.BaseModel}{checkpoint} tuned on {request.TrainingDatasetUri}{method}{epochs}{adapter} in projects/{p}/locations/{r}";
    }

    /// <summary>Requests cancellation of a job (or says clearly where the service cannot); returns its full name.</summary>
    public async Task<string> CancelAsync(string nameOrId, string? project, string? region, CancellationToken cancellationToken)
    {
        if (BackendOf(nameOrId) == GeminiTuningBackend.GeminiApi)
        {
            var modelName = GeminiApiClient.NormalizeName(nameOrId);
            await _services.GeminiApi.CancelAsync(modelName, cancellationToken).ConfigureAwait(false);
            return modelName;
        }

        var name = ResolveName(nameOrId, project, region);
        await _services.Vertex.CancelAsync(name, cancellationToken).ConfigureAwait(false);
        return name.FullName;
    }

    /// <summary>A wait target for a job or tuned model; the name is resolved (and validated) now.</summary>
    public WaitTarget WaitTargetFor(string nameOrId, string? project, string? region)
    {
        if (BackendOf(nameOrId) == GeminiTuningBackend.GeminiApi)
        {
            var modelName = GeminiApiClient.NormalizeName(nameOrId);
            return new WaitTarget(modelName, ct => _services.GeminiApi.GetWithProgressAsync(modelName, ct));
        }

        var name = ResolveName(nameOrId, project, region);
        var listing = new WaitListing($"projects/{name.Project}/locations/{name.Location}", name.Id,
            (filter, token, ct) => _services.Vertex.ListPageAsync(name.Project, name.Location, filter, token, RoundReader.ListPageSize, ct),
            TrainingProgress.AddToAsync);
        return new WaitTarget(name.FullName, ct => WithTrainingProgressAsync(_services.Vertex.GetAsync(name, ct), ct), listing);
    }

    /// <summary>The training progress of Vertex AI jobs being waited for (percent, epoch, loss), read sparingly; one per command.</summary>
    public TrainingProgress TrainingProgress => _trainingProgress ??= new TrainingProgress(_services.Transport);

    private async Task<GeminiTuningJob> WithTrainingProgressAsync(Task<GeminiTuningJob> read, CancellationToken cancellationToken) =>
        await TrainingProgress.AddToAsync(await read.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Creates a Gemini API tuned model from inline examples.</summary>
    public Task<GeminiTuningJob> CreateTunedModelAsync(TunedModelRequest request, CancellationToken cancellationToken) =>
        _services.GeminiApi.CreateAsync(request, cancellationToken);

    /// <summary>The ShouldProcess target text for a Gemini API create.</summary>
    public static string DescribeCreate(TunedModelRequest request) =>
        string.Format(CultureInfo.InvariantCulture, "{0} tuned on {1} inline example(s) on the Gemini API{2}", request.NormalizedBaseModel,
            request.Examples.Count, request.DisplayName is null ? string.Empty : " as '" + request.DisplayName + "'");

    /// <summary>Deletes a Gemini API tuned model and returns it as it was just before.</summary>
    public async Task<GeminiTuningJob> DeleteTunedModelAsync(string name, CancellationToken cancellationToken)
    {
        var canonical = TunedModelToDelete(name);
        var job = await _services.GeminiApi.GetAsync(canonical, cancellationToken).ConfigureAwait(false);
        await _services.GeminiApi.DeleteAsync(job.Name, cancellationToken).ConfigureAwait(false);

        // What the service last said (Running while it was being created) is no longer true.
        job.State = GeminiTuningJobState.Deleted;
        job.UpdateTime = DateTimeOffset.UtcNow;
        return job;
    }

    /// <summary>A name given with -Backend GeminiApi: a bare id becomes <c>tunedModels/ID</c>; a full name stays as it is.</summary>
    public static string AsTunedModelName(string name)
    {
        var trimmed = name.Trim();
        return trimmed.IndexOf('/') < 0 && trimmed.Length > 0 ? GeminiApi.TunedModelMapper.Prefix + trimmed : name;
    }

    /// <summary>
    /// The canonical <c>tunedModels/ID</c> that <see cref="DeleteTunedModelAsync"/> would delete, checked without any
    /// request (so that -WhatIf refuses what the real run would): a Vertex AI name is refused with the reason.
    /// </summary>
    public static string TunedModelToDelete(string name)
    {
        if (BackendOf(name) != GeminiTuningBackend.GeminiApi)
        {
            throw new GeminiTuningArgumentException("Name", $"'{Identifiers.Printable(name)}' is not a Gemini API tuned model.",
                "Remove-GeminiTunedModel deletes Gemini API tuned models ('tunedModels/ID'). A Vertex AI tuning job cannot be deleted; " +
                "its tuned model is a Vertex AI Model, deleted in the Cloud console or with 'gcloud ai models delete'.");
        }

        return GeminiApiClient.NormalizeName(name);
    }

    /// <summary>Waits for the targets.</summary>
    public Task<WaitResult> WaitAsync(IReadOnlyList<WaitTarget> targets, WaitOptions options, IWaitObserver observer, CancellationToken cancellationToken) =>
        new TuningJobWaiter().WaitAsync(targets, options, observer, cancellationToken);

    /// <summary>The progress status line for a job: its state and how long it has run.</summary>
    public static string ProgressStatus(GeminiTuningJob job, TimeSpan waited)
    {
        var elapsed = job.Duration ?? waited;
        var clock = elapsed.TotalDays >= 1 ? elapsed.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture) : elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        return $"{job.State}, {clock} elapsed" + TrainingProgress.Describe(job);
    }

    /// <summary>The percentage for a progress bar, when the service reports one.</summary>
    public static int? ProgressPercent(GeminiTuningJob job) =>
        job.CompletedPercent is { } p ? (int)Math.Max(0, Math.Min(100, Math.Round(p))) : null;
}
