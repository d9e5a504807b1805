using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Workflows;
using GeminiTuning.Storage;
using GeminiTuning.Vertex;

namespace GeminiTuning.Datasets;

/// <summary>How far creating a job from local datasets has got; see <see cref="LocalDatasetJobPlan.Stage"/>.</summary>
public enum LocalDatasetJobStage
{
    /// <summary>Validated and hashed; nothing sent.</summary>
    Planned,

    /// <summary>Uploading a dataset (or finding it already there).</summary>
    Uploading,

    /// <summary>The create request is being sent: once it has reached the service, the job may exist.</summary>
    Creating,

    /// <summary>The job was created (or an existing one with the same request id returned).</summary>
    Created,
}

/// <summary>
/// A tuning job to create from local datasets, from <see cref="LocalDatasetJob.PlanAsync"/>: every parameter checked,
/// every file validated and hashed, its Cloud Storage object known, nothing sent yet. It also keeps how far
/// <see cref="LocalDatasetJob.RunAsync"/> got, so that a command stopped midway can say what it leaves behind.
/// </summary>
public sealed class LocalDatasetJobPlan
{
    private readonly object _gate = new();
    private readonly List<StagedDataset> _staged = new();
    private LocalDatasetJobStage _stage = LocalDatasetJobStage.Planned;
    private DatasetStagingPlan? _uploading;
    private bool _abandoned;

    internal LocalDatasetJobPlan(string project, string region, TuningJobRequest request, IReadOnlyList<DatasetStagingPlan> datasets, string target,
        CreateCheckResult check)
    {
        Check = check;
        Project = project;
        Region = region;
        Request = request;
        Datasets = datasets;
        Target = target;
    }

    /// <summary>The resolved project.</summary>
    public string Project { get; }

    /// <summary>The resolved region.</summary>
    public string Region { get; }

    /// <summary>The job's request, with the gs:// URIs the datasets will have.</summary>
    public TuningJobRequest Request { get; }

    /// <summary>The training dataset, then the validation dataset when there is one.</summary>
    public IReadOnlyList<DatasetStagingPlan> Datasets { get; }

    /// <summary>What the job will be, for a ShouldProcess target: "gemini-2.5-flash tuned on gs://… in projects/P/locations/R".</summary>
    public string Target { get; }

    /// <summary>What the checks before the create found (the catalog, the billable size); its warnings are for the user.</summary>
    public CreateCheckResult Check { get; }

    /// <summary>What -WhatIf says: each upload, then the create, then what the checks found.</summary>
    public string Description => string.Join(" ", Datasets.Select(DatasetStaging.DescribeStaging)) + " Then create tuning job: " + Target + ". " + Check.Summary;

    /// <summary>The warning about a validation set larger than Vertex AI may use, or null.</summary>
    public string? ValidationShareWarning =>
        Datasets.Count > 1 ? DatasetStaging.ValidationShareWarning(Datasets[0].Report.ExampleCount, Datasets[1].Report.ExampleCount) : null;

    /// <summary>How far <see cref="LocalDatasetJob.RunAsync"/> has got.</summary>
    public LocalDatasetJobStage Stage
    {
        get
        {
            lock (_gate)
            {
                return _stage;
            }
        }
    }

    /// <summary>The datasets that are in Cloud Storage now (uploaded, or found there already).</summary>
    public IReadOnlyList<StagedDataset> Staged
    {
        get
        {
            lock (_gate)
            {
                return _staged.ToArray();
            }
        }
    }

    /// <summary>
    /// Gives the run up, and says what it leaves behind, for a user who stopped it: null when nothing was sent or the
    /// job was created (the caller reports a created job itself). From this call on, the run sends no create.
    /// </summary>
    public string? Abandon()
    {
        lock (_gate)
        {
            _abandoned = true;
            var inStorage = string.Concat(_staged.Select(s => $" {Path.GetFileName(s.LocalPath)} is in {s.GcsUri}."));
            return _stage switch
            {
                LocalDatasetJobStage.Uploading =>
                    $"Stopped while uploading {Path.GetFileName(_uploading!.LocalPath)} to {_uploading.TargetUri}: no tuning job was created.{inStorage} " +
                    "Running the command again uploads what is missing and reuses what is already there.",
                LocalDatasetJobStage.Creating =>
                    $"Stopped while the tuning job was being created: it may have been created ({Target}).{inStorage} " +
                    "Get-GeminiTuningJob lists the newest jobs first; check there before running the command again.",
                _ => null,
            };
        }
    }

    internal void Enter(LocalDatasetJobStage stage, DatasetStagingPlan? uploading, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Checked under the lock that Abandon takes: once the user was told "no tuning job was created", none is.
            if (_abandoned)
            {
                throw new OperationCanceledException("The command was stopped.", cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            _stage = stage;
            _uploading = uploading;
        }
    }

    internal void Created()
    {
        lock (_gate)
        {
            _stage = LocalDatasetJobStage.Created;
            _uploading = null;
        }
    }

    internal void Add(StagedDataset staged)
    {
        lock (_gate)
        {
            _staged.Add(staged);
        }
    }
}

/// <summary>
/// Creates a Vertex AI tuning job from local JSONL datasets, for New-GeminiTuningJob -TrainingDatasetPath: checks
/// the request, validates and hashes each file (<see cref="PlanAsync"/>, which sends nothing, for -WhatIf), then
/// uploads each file or reuses an identical object (<see cref="DatasetStaging"/>) and creates the job with their
/// gs:// URIs (<see cref="RunAsync"/>).
/// </summary>
public sealed class LocalDatasetJob
{
    private readonly GeminiTuningServices _services;
    private readonly DatasetStaging _staging;

    /// <summary>Sends the request even where the model catalog says it is invalid (-Force).</summary>
    public bool SkipCatalogCheck { get; set; }

    /// <summary>Creates the orchestration over a command's services; uploads go through <paramref name="staging"/> (default: over the same services).</summary>
    public LocalDatasetJob(GeminiTuningServices services, DatasetStaging? staging = null)
    {
        _services = services;
        _staging = staging ?? new DatasetStaging(services);
    }

    /// <summary>
    /// Checks everything that can be checked without sending anything, in the order that fails fastest: the staging
    /// location, the project and region, the request's own fields, then each file (read once, validated and hashed).
    /// <paramref name="request"/> gets the gs:// URIs the files will have.
    /// </summary>
    /// <exception cref="GeminiTuningArgumentException">A parameter is wrong (its name says which).</exception>
    /// <exception cref="DatasetInvalidException">A dataset has errors.</exception>
    /// <exception cref="GeminiTuningException">A file does not exist or cannot be read.</exception>
    public async Task<LocalDatasetJobPlan> PlanAsync(string? project, string? region, TuningJobRequest request, string trainingPath, string? validationPath,
        string stagingLocation, IProgress<DatasetStagingProgress>? progress, CancellationToken cancellationToken)
    {
        var location = GcsLocation.Parse(stagingLocation);
        var resolvedProject = _services.Settings.ResolveProject(project);
        var resolvedRegion = _services.Settings.ResolveRegion(region);

        // The real object names need the files' hashes; any name under the location checks the rest of the request now.
        var placeholder = location.Object("dataset.jsonl").Uri;
        request.TrainingDatasetUri = placeholder;
        request.ValidationDatasetUri = validationPath is null ? null : placeholder;
        request.Validate();

        // The catalog before the files: a combination it knows is invalid fails before a large file is read.
        var check = await new CreateCheck(_services).RunAsync(resolvedRegion, request, SkipCatalogCheck, checkObjects: false, null, cancellationToken).ConfigureAwait(false);
        var method = request.TuningMethod;
        var datasets = new List<DatasetStagingPlan>
        {
            await _staging.PlanAsync(trainingPath, stagingLocation, DatasetPurpose.Training, request.BaseModel, method, progress, cancellationToken).ConfigureAwait(false),
        };
        if (validationPath is not null)
        {
            datasets.Add(await _staging.PlanAsync(validationPath, stagingLocation, DatasetPurpose.Validation, request.BaseModel, method, progress, cancellationToken)
                .ConfigureAwait(false));
        }

        request.TrainingDatasetUri = datasets[0].TargetUri;
        request.ValidationDatasetUri = datasets.Count > 1 ? datasets[1].TargetUri : null;
        var target = new TuningJobOperations(_services).DescribeCreate(resolvedProject, resolvedRegion, request);
        return new LocalDatasetJobPlan(resolvedProject, resolvedRegion, request, datasets, target, check.WithBillableSize(datasets[0].Report, request.EpochCount));
    }

    /// <summary>Uploads (or reuses) each dataset of <paramref name="plan"/>, then creates the job.</summary>
    /// <exception cref="GeminiTuningException">An upload or the create failed; the plan's <see cref="LocalDatasetJobPlan.Staged"/> says what is in Cloud Storage.</exception>
    public async Task<CreateTuningJobResult> RunAsync(LocalDatasetJobPlan plan, IProgress<DatasetStagingProgress>? progress, CancellationToken cancellationToken)
    {
        foreach (var dataset in plan.Datasets)
        {
            plan.Enter(LocalDatasetJobStage.Uploading, dataset, cancellationToken);
            var staged = await _staging.UploadAsync(dataset, progress, cancellationToken).ConfigureAwait(false);
            plan.Add(staged);
            _services.Transport.Log.Verbose(staged.Uploaded
                ? $"Uploaded {staged.LocalPath} to {staged.GcsUri}."
                : $"{staged.GcsUri} already holds {staged.LocalPath}; not uploaded again.");
        }

        plan.Enter(LocalDatasetJobStage.Creating, null, cancellationToken);
        var result = await _services.Vertex.CreateAsync(plan.Project, plan.Region, plan.Request, cancellationToken).ConfigureAwait(false);
        plan.Created();
        return result;
    }
}
