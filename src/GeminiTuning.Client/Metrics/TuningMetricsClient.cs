using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Http;

namespace GeminiTuning.Metrics;

/// <summary>Reads the time series of tuning runs: Vertex AI through the job's experiment and TensorBoard, the Gemini API from its tuning snapshots.</summary>
public sealed class TuningMetricsClient
{
    private readonly VertexMetricsReader _vertex;

    /// <summary>Creates the client over a transport.</summary>
    public TuningMetricsClient(ApiTransport transport) => _vertex = new VertexMetricsReader(transport);

    /// <summary>
    /// The points of <paramref name="job"/> (as last read, e.g. by <c>TuningJobOperations.GetAsync</c>), series by series in
    /// the service's order and step by step within a series. <paramref name="include"/> picks series by name; only those
    /// are read. A job that has not started yet has no points (an empty list, not an error).
    /// </summary>
    public async Task<IReadOnlyList<GeminiTuningMetricPoint>> GetAsync(GeminiTuningJob job, Func<string, bool>? include, CancellationToken cancellationToken)
    {
        include ??= _ => true;
        if (job.Backend == GeminiTuningBackend.GeminiApi)
        {
            return include(MetricNames.GeminiMeanLoss) ? FromSnapshots(job) : Array.Empty<GeminiTuningMetricPoint>();
        }

        var run = await _vertex.ResolveRunAsync(job, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return Array.Empty<GeminiTuningMetricPoint>();
        }

        var series = (await _vertex.ListSeriesAsync(run, cancellationToken).ConfigureAwait(false)).Where(s => include(s.DisplayName!)).ToList();
        var data = await _vertex.ReadAsync(run, series, cancellationToken).ConfigureAwait(false);
        var stepsPerEpoch = StepsPerEpoch(job);
        var points = new List<GeminiTuningMetricPoint>();
        foreach (var (s, values) in data)
        {
            foreach (var p in values)
            {
                points.Add(new GeminiTuningMetricPoint
                {
                    JobName = job.Name,
                    Metric = s.DisplayName!,
                    Step = p.Step!.Value,
                    Epoch = EpochOf(p.Step.Value, stepsPerEpoch, job.EpochCount),
                    Value = p.Scalar!.Value ?? 0, // proto3 leaves out a value of 0
                    Time = p.WallTime,
                });
            }
        }

        return points;
    }

    internal VertexMetricsReader Vertex => _vertex;

    /// <summary>Steps per epoch of a Vertex AI job: total steps over epochs, else from a checkpoint (which knows both), else unknown.</summary>
    internal static long? StepsPerEpoch(GeminiTuningJob job)
    {
        if (job.TuningDataStats?.TuningStepCount is > 0 && job.EpochCount is > 0)
        {
            return Math.Max(1, job.TuningDataStats.TuningStepCount.Value / job.EpochCount.Value);
        }

        var checkpoint = job.Checkpoints.FirstOrDefault(c => c.Epoch is > 0 && c.Step is > 0);
        return checkpoint is null ? null : Math.Max(1, checkpoint.Step!.Value / checkpoint.Epoch!.Value);
    }

    /// <summary>The 1-based epoch of a step (step 1 … stepsPerEpoch is epoch 1), never past the last epoch.</summary>
    internal static long? EpochOf(long step, long? stepsPerEpoch, long? epochs)
    {
        if (stepsPerEpoch is not { } perEpoch || step < 1)
        {
            return null;
        }

        var epoch = ((step - 1) / perEpoch) + 1;
        return epochs is > 0 ? Math.Min(epoch, epochs.Value) : epoch;
    }

    private static IReadOnlyList<GeminiTuningMetricPoint> FromSnapshots(GeminiTuningJob job) =>
        job.Snapshots.Where(s => s.Step is not null && s.MeanLoss is not null).OrderBy(s => s.Step).Select(s => new GeminiTuningMetricPoint
        {
            JobName = job.Name,
            Metric = MetricNames.GeminiMeanLoss,
            Step = s.Step!.Value,
            // The Gemini API counts epochs from 0 and leaves out epoch 0.
            Epoch = (s.Epoch ?? 0) + 1,
            Value = s.MeanLoss!.Value,
            Time = s.ComputeTime,
        }).ToList();
}
