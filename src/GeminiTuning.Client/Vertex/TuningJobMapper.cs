using System;
using System.Collections.Generic;
using System.Linq;
using GeminiTuning.Vertex.Wire;

namespace GeminiTuning.Vertex;

/// <summary>Turns the service's TuningJob into the <see cref="GeminiTuningJob"/> the cmdlets output.</summary>
internal static class TuningJobMapper
{
    public static GeminiTuningJob ToJob(TuningJobResource r)
    {
        var name = r.Name ?? string.Empty;
        var (project, region, id) = SplitName(name);
        var supervised = r.SupervisedTuningSpec;
        var preference = r.PreferenceOptimizationSpec;
        var hp = supervised?.HyperParameters;
        var php = preference?.HyperParameters;
        var tunedModel = r.TunedModel?.Model;
        return new GeminiTuningJob
        {
            Name = name,
            Id = id,
            Backend = GeminiTuningBackend.VertexAI,
            Project = project,
            Region = region,
            State = JobStates.FromVertex(r.State),
            ServiceState = r.State,
            BaseModel = r.BaseModel ?? r.PreTunedModel?.BaseModel ?? r.PreTunedModel?.TunedModelName,
            TuningMethod = preference is not null ? GeminiTuningMethod.Preference : supervised is not null ? GeminiTuningMethod.Supervised : null,
            PreTunedModelName = r.PreTunedModel?.TunedModelName,
            PreTunedCheckpointId = r.PreTunedModel?.CheckpointId,
            TunedModelDisplayName = r.TunedModelDisplayName,
            Description = r.Description,
            TrainingDatasetUri = supervised?.TrainingDatasetUri ?? preference?.TrainingDatasetUri,
            ValidationDatasetUri = supervised?.ValidationDatasetUri ?? preference?.ValidationDatasetUri,
            EpochCount = hp?.EpochCount ?? php?.EpochCount,
            AdapterSize = JobStates.AdapterSizeFromWire(hp?.AdapterSize ?? php?.AdapterSize),
            LearningRateMultiplier = hp?.LearningRateMultiplier ?? php?.LearningRateMultiplier,
            Beta = php?.Beta,
            ExportLastCheckpointOnly = (supervised?.ExportLastCheckpointOnly ?? preference?.ExportLastCheckpointOnly) == true,
            Labels = r.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(r.Labels),
            CreateTime = r.CreateTime,
            StartTime = r.StartTime,
            EndTime = r.EndTime,
            UpdateTime = r.UpdateTime,
            TunedModelName = r.TunedModel?.Model,
            TunedModelEndpoint = r.TunedModel?.Endpoint,
            Checkpoints = r.TunedModel?.Checkpoints?.Select(c => new GeminiTuningCheckpoint
            {
                CheckpointId = c.CheckpointId,
                TunedModelName = tunedModel,
                JobName = name,
                Epoch = c.Epoch,
                Step = c.Step,
                Endpoint = c.Endpoint,
            }).ToArray() ?? Array.Empty<GeminiTuningCheckpoint>(),
            Experiment = r.Experiment,
            Error = r.Error is null ? null : new GeminiTuningJobError
            {
                Code = r.Error.Code,
                Status = JobStates.RpcCodeName(r.Error.Code),
                Message = r.Error.Message ?? string.Empty,
            },
            TuningDataStats = ToStats(r.TuningDataStats?.SupervisedTuningDataStats) ?? ToStats(r.TuningDataStats?.PreferenceOptimizationDataStats),
            ServiceAccount = r.ServiceAccount,
            KmsKeyName = r.EncryptionSpec?.KmsKeyName,
        };
    }

    private static (string? Project, string? Region, string Id) SplitName(string name)
    {
        // Lenient on purpose: a name the service returns is read, not validated.
        var parts = name.Split('/');
        string? project = parts.Length > 1 && parts[0] == "projects" ? parts[1] : null;
        string? region = parts.Length > 3 && parts[2] == "locations" ? parts[3] : null;
        return (project, region, parts[parts.Length - 1]);
    }

    private static GeminiTuningDataStats? ToStats(SupervisedTuningDataStatsResource? s) => s is null ? null : new GeminiTuningDataStats
    {
        ExampleCount = s.TuningDatasetExampleCount,
        TotalTuningCharacterCount = s.TotalTuningCharacterCount,
        TotalBillableTokenCount = s.TotalBillableTokenCount,
        TuningStepCount = s.TuningStepCount,
        TotalTruncatedExampleCount = s.TotalTruncatedExampleCount,
        TruncatedExampleIndices = s.TruncatedExampleIndices?.ToArray() ?? Array.Empty<long>(),
        DroppedExampleReasons = s.DroppedExampleReasons?.ToArray() ?? Array.Empty<string>(),
        UserInputTokenDistribution = ToDistribution(s.UserInputTokenDistribution),
        UserOutputTokenDistribution = ToDistribution(s.UserOutputTokenDistribution),
        UserMessagePerExampleDistribution = ToDistribution(s.UserMessagePerExampleDistribution),
    };

    private static GeminiTuningDataStats? ToStats(PreferenceOptimizationDataStatsResource? s) => s is null ? null : new GeminiTuningDataStats
    {
        TuningMethod = GeminiTuningMethod.Preference,
        ExampleCount = s.TuningDatasetExampleCount,
        TotalBillableTokenCount = s.TotalBillableTokenCount,
        TuningStepCount = s.TuningStepCount,
        DroppedExampleIndices = s.DroppedExampleIndices?.ToArray() ?? Array.Empty<long>(),
        DroppedExampleReasons = s.DroppedExampleReasons?.ToArray() ?? Array.Empty<string>(),
        UserInputTokenDistribution = ToDistribution(s.UserInputTokenDistribution),
        UserOutputTokenDistribution = ToDistribution(s.UserOutputTokenDistribution),
        ScoresDistribution = ToDistribution(s.ScoresDistribution),
        ScoreVariancePerExampleDistribution = ToDistribution(s.ScoreVariancePerExampleDistribution),
    };

    private static GeminiTokenDistribution? ToDistribution(PreferenceDistributionResource? d) => d is null ? null : new GeminiTokenDistribution
    {
        // DatasetDistribution's sum is a double; the token and score sums it carries are whole numbers.
        Sum = d.Sum is { } sum ? (long)Math.Round(sum) : null,
        Min = d.Min,
        Max = d.Max,
        Mean = d.Mean,
        Median = d.Median,
        P5 = d.P5,
        P95 = d.P95,
    };

    private static GeminiTokenDistribution? ToDistribution(DatasetDistributionResource? d) => d is null ? null : new GeminiTokenDistribution
    {
        Sum = d.Sum,
        BillableSum = d.BillableSum,
        Min = d.Min,
        Max = d.Max,
        Mean = d.Mean,
        Median = d.Median,
        P5 = d.P5,
        P95 = d.P95,
    };
}
