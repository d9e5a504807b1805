using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using GeminiTuning.GeminiApi.Wire;
using GeminiTuning.Internal;

namespace GeminiTuning.GeminiApi;

/// <summary>Turns the Gemini API's TunedModel (and its create operation) into the common <see cref="GeminiTuningJob"/>.</summary>
internal static class TunedModelMapper
{
    public const string Prefix = Config.ResourceName.TunedModelPrefix;

    public static GeminiTuningJob ToJob(TunedModelResource r)
    {
        var name = r.Name ?? string.Empty;
        var state = JobStates.FromGeminiApi(r.State);
        var hp = r.TuningTask?.Hyperparameters;
        var snapshots = ToSnapshots(r.TuningTask?.Snapshots);
        return new GeminiTuningJob
        {
            Name = name,
            Id = name.StartsWith(Prefix, StringComparison.Ordinal) ? name.Substring(Prefix.Length) : name,
            Backend = GeminiTuningBackend.GeminiApi,
            State = state,
            ServiceState = r.State,
            BaseModel = r.BaseModel ?? r.TunedModelSource?.BaseModel ?? r.TunedModelSource?.TunedModel,
            TunedModelDisplayName = r.DisplayName,
            Description = r.Description,
            EpochCount = hp?.EpochCount,
            BatchSize = hp?.BatchSize,
            LearningRate = hp?.LearningRate,
            LearningRateMultiplier = hp?.LearningRateMultiplier,
            CreateTime = r.CreateTime,
            StartTime = r.TuningTask?.StartTime,
            EndTime = r.TuningTask?.CompleteTime,
            UpdateTime = r.UpdateTime,
            TunedModelName = name,
            // Like Vertex's endpoint, it is there to call once the model is ready, so a pipe to Invoke only works then.
            TunedModelEndpoint = state == GeminiTuningJobState.Succeeded ? name : null,
            Snapshots = snapshots,
            MeanLoss = snapshots.LastOrDefault()?.MeanLoss,
            CurrentEpoch = snapshots.Count == 0 ? null : (snapshots[snapshots.Count - 1].Epoch ?? 0) + 1,
            CompletedPercent = state == GeminiTuningJobState.Succeeded ? 100 : null,
        };
    }

    /// <summary>Adds what the create operation knows: progress, loss snapshots, and the error of a failed tuning.</summary>
    public static void MergeOperation(GeminiTuningJob job, OperationResource operation)
    {
        job.OperationName = operation.Name;
        if (operation.Metadata.ValueKind == JsonValueKind.Object)
        {
            var metadata = operation.Metadata.Deserialize<CreateTunedModelMetadataResource>(GoogleJson.Options);
            if (metadata is not null)
            {
                if (metadata.CompletedPercent is { } percent && !job.HasEnded)
                {
                    job.CompletedPercent = percent;
                }
                else if (metadata.CompletedPercent is null && metadata.TotalSteps is > 0 && metadata.CompletedSteps is { } done && !job.HasEnded)
                {
                    job.CompletedPercent = 100.0 * done / metadata.TotalSteps.Value;
                }

                var snapshots = ToSnapshots(metadata.Snapshots);
                if (snapshots.Count > job.Snapshots.Count)
                {
                    job.Snapshots = snapshots;
                    job.MeanLoss = snapshots[snapshots.Count - 1].MeanLoss;
                    job.CurrentEpoch = (snapshots[snapshots.Count - 1].Epoch ?? 0) + 1;
                }

                if (metadata.CompletedSteps is { } steps && !job.HasEnded)
                {
                    job.CompletedSteps = steps;
                }
            }
        }

        if (operation.Done == true && operation.Error is { } error)
        {
            job.State = GeminiTuningJobState.Failed;
            job.Error = new GeminiTuningJobError { Code = error.Code, Status = JobStates.RpcCodeName(error.Code), Message = error.Message ?? string.Empty };
            job.TunedModelEndpoint = null;
        }
    }

    /// <summary>A job made from the create operation alone (when the model cannot be read yet).</summary>
    public static GeminiTuningJob FromOperation(OperationResource operation, string tunedModelName)
    {
        var job = new GeminiTuningJob
        {
            Name = tunedModelName,
            Id = tunedModelName.StartsWith(Prefix, StringComparison.Ordinal) ? tunedModelName.Substring(Prefix.Length) : tunedModelName,
            Backend = GeminiTuningBackend.GeminiApi,
            State = operation.Done == true ? GeminiTuningJobState.Succeeded : GeminiTuningJobState.Running,
            ServiceState = operation.Done == true ? "ACTIVE" : "CREATING",
            TunedModelName = tunedModelName,
        };
        MergeOperation(job, operation);
        return job;
    }

    /// <summary>The tuned model a create operation is about: metadata.tunedModel, else the part of its name before /operations/.</summary>
    public static string? TunedModelOf(OperationResource operation)
    {
        if (operation.Metadata.ValueKind == JsonValueKind.Object && operation.Metadata.TryGetProperty("tunedModel", out var t) && t.ValueKind == JsonValueKind.String)
        {
            return t.GetString();
        }

        var name = operation.Name ?? string.Empty;
        var at = name.IndexOf("/operations/", StringComparison.Ordinal);
        return at > 0 ? name.Substring(0, at) : null;
    }

    private static IReadOnlyList<GeminiTuningSnapshot> ToSnapshots(List<TuningSnapshotResource>? snapshots) =>
        snapshots?.Select(s => new GeminiTuningSnapshot { Step = s.Step, Epoch = s.Epoch, MeanLoss = s.MeanLoss, ComputeTime = s.ComputeTime }).ToArray()
        ?? Array.Empty<GeminiTuningSnapshot>();
}
