using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Datasets;
using GeminiTuning.Workflows;
using GeminiTuning.Vertex;
using GeminiTuning.Waiting;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The New-GeminiTuningJob cmdlet. Its help (docs/help/New-GeminiTuningJob.md) says what it does.</summary>
[Cmdlet(VerbsCommon.New, "GeminiTuningJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VertexSet)]
[OutputType(typeof(GeminiTuningJob))]
public sealed partial class NewGeminiTuningJobCommand : GeminiTuningCloudCmdlet
{
    private readonly List<WaitTarget> _toWaitFor = new();
    private WaitOptions _waitOptions = new();

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _waitOptions = WaitParameters.Resolve(this, Timeout, PollingInterval, any: false);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case GeminiApiSet:
                CollectExamples();
                break;
            case GeminiApiFileSet:
                CreateFromExampleFile();
                break;
            case VertexFileSet:
                CreateFromLocalDatasets();
                break;
            case RebaseSet:
                Rebase();
                break;
            default:
                CreateFromUris();
                break;
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (ParameterSetName == GeminiApiSet && _examples.Count > 0)
        {
            CreateTunedModel(_examples);
        }

        JobWaitReporter.Wait(this, Operations, _toWaitFor, _waitOptions, writeEndedJobs: true, reportFailedJobs: true);
    }

    // Before anything is sent: the request's own fields, the catalog (unless -Force), and the gs:// datasets' metadata.
    private void CreateFromUris()
    {
        var request = ToVertexRequest(TrainingDatasetUri, ValidationDatasetUri);
        string target;
        CreateCheckResult check;
        try
        {
            RefuseBlankProjectOrRegion();
            request.Validate();
            check = RunSync(ct => Operations.CheckCreateAsync(Region, request, Force, checkObjects: true, null, ct));
            target = Operations.DescribeCreate(Project, Region, request);
        }
        catch (GeminiTuningException ex)
        {
            WriteErrorFor(ex, ex is GeminiTuningArgumentException { ParameterName: "TrainingDatasetUri" or "ValidationDatasetUri" } ? request.TrainingDatasetUri : BaseModel);
            return;
        }

        Report(check);
        if (ShouldProcess($"Performing the operation \"Create tuning job\" on target \"{target}\". {check.Summary}", $"Create tuning job {target}?", "Create tuning job") &&
            Create(ct => Operations.CreateAsync(Project, Region, request, ct), target) is { } result)
        {
            Created(result);
        }
    }

    private void Report(CreateCheckResult check)
    {
        foreach (var warning in check.Warnings)
        {
            WriteWarning(warning);
        }

        foreach (var finding in check.Findings)
        {
            WriteVerbose(finding);
        }
    }

    // -Project '' or -Region '' would silently fall back to the default project or region: refused, as the user meant one.
    private void RefuseBlankProjectOrRegion()
    {
        foreach (var (name, value) in new[] { (nameof(Project), Project), (nameof(Region), Region) })
        {
            if (MyInvocation.BoundParameters.ContainsKey(name) && string.IsNullOrWhiteSpace(value))
            {
                throw new GeminiTuningArgumentException(name, $"-{name} is empty; an empty value would silently use the default {name.ToLowerInvariant()} instead.",
                    $"Give the {name.ToLowerInvariant()}, or leave -{name} out to use the default (Connect-GeminiTuning, environment, gcloud).");
            }
        }
    }

    // -TrainingDatasetPath: the client checks everything and validates the files (a progress bar; nothing is sent for
    // an invalid file), -WhatIf says what would be uploaded and created, then the files are uploaded or reused.
    private void CreateFromLocalDatasets()
    {
        var orchestration = new LocalDatasetJob(Services) { SkipCatalogCheck = Force };
        var progress = new StagingProgressBar(this);
        LocalDatasetJobPlan plan;
        try
        {
            RefuseBlankProjectOrRegion();
            var training = FileSystemPaths.SingleFile(SessionState.Path, TrainingDatasetPath, nameof(TrainingDatasetPath));
            var validation = ValidationDatasetPath is null ? null : FileSystemPaths.SingleFile(SessionState.Path, ValidationDatasetPath, nameof(ValidationDatasetPath));
            plan = RunSync(ct => orchestration.PlanAsync(Project, Region, ToVertexRequest(string.Empty, null), training, validation, StagingBucket, progress, ct));
        }
        catch (GeminiTuningException ex)
        {
            WriteErrorFor(ex, ex switch
            {
                DatasetInvalidException invalid => invalid.Report,
                GeminiTuningArgumentException { ParameterName: nameof(ValidationDatasetPath) } => ValidationDatasetPath,
                GeminiTuningArgumentException { ParameterName: nameof(TrainingDatasetPath) } => TrainingDatasetPath,
                GeminiTuningArgumentException { ParameterName: not "StagingBucket" } => BaseModel,
                _ => TrainingDatasetPath,
            });
            return;
        }
        finally
        {
            progress.Complete();
        }

        if (plan.ValidationShareWarning is { } share)
        {
            WriteWarning(share);
        }

        Report(plan.Check);

        if (!ShouldProcess(plan.Description, $"Upload the dataset(s) and create tuning job {plan.Target}?", "Create tuning job"))
        {
            return;
        }

        // Until the job is created or the failure reported, a stopped command says what it leaves behind.
        Notices.Set(plan, plan.Abandon);
        CreateTuningJobResult result;
        try
        {
            result = RunSync(ct => orchestration.RunAsync(plan, progress, ct));
        }
        catch (GeminiTuningException ex)
        {
            Notices.Remove(plan);
            WriteErrorFor(ex, plan.Stage == LocalDatasetJobStage.Creating ? plan.Target : TrainingDatasetPath);
            return;
        }
        finally
        {
            progress.Complete();
        }

        Notices.Remove(plan);
        Created(result);
    }

    // Sends a create. Until its answer is in, a stopped command says the job may exist: the request may have reached the service.
    private T? Create<T>(Func<CancellationToken, Task<T>> create, string target, object? errorTarget = null)
        where T : class
    {
        var rerun = RequestId is null ? "check there before running the command again" : $"running it again with -RequestId {RequestId} returns that job";
        Notices.Set(target, $"Stopped while the tuning job was being created: it may have been created ({target}). Get-GeminiTuningJob lists the newest jobs first; {rerun}.");
        try
        {
            var created = RunSync(create);
            Notices.Remove(target);
            return created;
        }
        catch (GeminiTuningException ex)
        {
            Notices.Remove(target);
            WriteErrorFor(ex, errorTarget ?? target);
            return null;
        }
    }

    private void Created(CreateTuningJobResult result)
    {
        if (result.AlreadyExisted)
        {
            WriteWarning($"A tuning job created with request id '{result.RequestId}' exists already ({result.Job.Name}); it was returned instead of creating another.");
        }

        Created(result.Job);
    }

    // A created job is written now, or with -Wait once it ends; until then a stopped command names it.
    private void Created(GeminiTuningJob job)
    {
        if (!Wait)
        {
            WriteObject(job);
            return;
        }

        var id = job.Backend == GeminiTuningBackend.GeminiApi ? job.Name : job.Id;
        var target = Operations.WaitTargetFor(job.Name, null, null);
        Notices.Set(target.Name, $"Tuning job {id} was created and is still running: you stopped waiting for it, not the job. " +
                                 $"Wait-GeminiTuningJob {id} waits for it again; Stop-GeminiTuningJob {id} cancels it.");
        _toWaitFor.Add(target);
    }
}
