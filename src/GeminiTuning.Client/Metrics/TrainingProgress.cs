using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Http;

namespace GeminiTuning.Metrics;

/// <summary>
/// Adds training progress to Vertex AI jobs while they are waited for, and their final figures once they have ended: steps done (the highest step of
/// <c>/train_total_loss</c>) of the planned <c>tuningDataStats…tuningStepCount</c> as a percentage, the epoch, and the
/// latest training loss, on the job's <see cref="GeminiTuningJob.CompletedPercent"/>, <see cref="GeminiTuningJob.CurrentEpoch"/>
/// and <see cref="GeminiTuningJob.MeanLoss"/>.
/// </summary>
/// <remarks>
/// Sparing by design: the way to the series (experiment, TensorBoard run, series list: three calls) is found once per
/// job, after that one call reads the latest point, and a job's metrics are read at most every 5 to 30 seconds (see
/// <see cref="MinimumInterval"/>), whatever the polling interval; in between, each poll gets the last figures. Progress is
/// a nicety: when the metrics cannot be read (no permission on TensorBoard, say), the wait goes on without it and says
/// so once in the verbose stream.
/// </remarks>
public sealed class TrainingProgress
{
    private const int FailuresBeforeGivingUp = 3;
    private static readonly TimeSpan EarlyInterval = TimeSpan.FromSeconds(5);
    private readonly VertexMetricsReader _reader;
    private readonly IGeminiTuningLog _log;
    private readonly ConcurrentDictionary<string, JobProgress> _jobs = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Creates the tracker over a transport.</summary>
    public TrainingProgress(ApiTransport transport)
    {
        _reader = new VertexMetricsReader(transport);
        _log = transport.Log;
    }

    /// <summary>The least time between two reads of the metrics of a job that has trained for ten minutes or more (default
    /// 30 seconds); a job that started recently is read more often, down to every 5 seconds.</summary>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromSeconds(30);


    /// <summary>Adds what is known of the job's training progress to <paramref name="job"/> and returns it. Never fails but for cancellation.</summary>
    public async Task<GeminiTuningJob> AddToAsync(GeminiTuningJob job, CancellationToken cancellationToken)
    {
        var running = job.State == GeminiTuningJobState.Running;
        if (job.Backend != GeminiTuningBackend.VertexAI || (!running && !job.HasEnded) || string.IsNullOrEmpty(job.Experiment))
        {
            return job;
        }

        var progress = _jobs.GetOrAdd(job.Name, _ => new JobProgress());
        // An ended job is read once more, so that it is written with its final figures.
        var due = running ? progress.LastRead is null || _clock.Elapsed - progress.LastRead.Value >= IntervalFor(job) : !progress.ReadAfterEnd;
        progress.ReadAfterEnd |= !running;
        if (!progress.GaveUp && due)
        {
            progress.LastRead = _clock.Elapsed;
            try
            {
                await ReadAsync(job, progress, cancellationToken).ConfigureAwait(false);
                progress.Failures = 0;
            }
            catch (GeminiTuningException ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (++progress.Failures >= FailuresBeforeGivingUp || ex.Category is ErrorCategoryHint.PermissionDenied or ErrorCategoryHint.ObjectNotFound)
                {
                    progress.GaveUp = true;
                    _log.Verbose($"The training metrics of {job.Name} cannot be read ({ex.Message}); its progress shows the state only.");
                }
            }
        }

        Apply(job, progress);
        return job;
    }

    /// <summary>
    /// A twentieth of the time the job has trained, from 5 seconds up to <see cref="MinimumInterval"/>: a job that
    /// started a minute ago moves quickly in relative terms, one that has trained for an hour does not.
    /// </summary>
    private TimeSpan IntervalFor(GeminiTuningJob job)
    {
        var early = MinimumInterval < EarlyInterval ? MinimumInterval : EarlyInterval;
        var trained = job.StartTime is { } start ? DateTimeOffset.UtcNow - start : TimeSpan.Zero;
        var interval = TimeSpan.FromTicks(Math.Max(0, trained.Ticks / 20));
        return interval < early ? early : interval > MinimumInterval ? MinimumInterval : interval;
    }

    private async Task ReadAsync(GeminiTuningJob job, JobProgress progress, CancellationToken cancellationToken)
    {
        if (progress.LossSeries is null)
        {
            progress.Run ??= await _reader.ResolveRunAsync(job, cancellationToken).ConfigureAwait(false);
            if (progress.Run is null)
            {
                return;
            }

            var series = await _reader.ListSeriesAsync(progress.Run, cancellationToken).ConfigureAwait(false);
            progress.LossSeries = series.FirstOrDefault(s => s.DisplayName == MetricNames.TrainLoss)?.Name;
            if (progress.LossSeries is null)
            {
                return;
            }
        }

        var latest = await _reader.ReadLatestAsync(progress.Run!, progress.LossSeries, cancellationToken).ConfigureAwait(false);
        if (latest is not null)
        {
            progress.Step = latest.Step;
            progress.Loss = latest.Scalar!.Value ?? 0;
        }
    }

    private static void Apply(GeminiTuningJob job, JobProgress progress)
    {
        if (progress.Step is not { } step)
        {
            return;
        }

        job.CompletedSteps = step;
        job.MeanLoss = progress.Loss;
        if (job.TuningDataStats?.TuningStepCount is > 0 and var total)
        {
            job.CompletedPercent = Math.Min(100, 100.0 * step / total);
        }

        job.CurrentEpoch = TuningMetricsClient.EpochOf(step, TuningMetricsClient.StepsPerEpoch(job), job.EpochCount);
    }

    /// <summary>The status line's progress part: "42% done, epoch 2 of 3, training loss 0.8123" (Vertex AI) or "…, mean loss …" (Gemini API).</summary>
    public static string Describe(GeminiTuningJob job)
    {
        var text = string.Empty;
        if (job.CompletedPercent is { } percent)
        {
            text += string.Format(CultureInfo.InvariantCulture, ", {0:0.#}% done", percent);
        }

        if (job.CurrentEpoch is { } epoch && !job.HasEnded)
        {
            text += job.EpochCount is > 0
                ? string.Format(CultureInfo.InvariantCulture, ", epoch {0} of {1}", epoch, job.EpochCount)
                : string.Format(CultureInfo.InvariantCulture, ", epoch {0}", epoch);
        }

        if (job.MeanLoss is { } loss)
        {
            text += string.Format(CultureInfo.InvariantCulture, job.Backend == GeminiTuningBackend.GeminiApi ? ", mean loss {0:0.####}" : ", training loss {0:0.####}", loss);
        }

        return text;
    }

    private sealed class JobProgress
    {
        public TimeSpan? LastRead { get; set; }

        public int Failures { get; set; }

        public bool GaveUp { get; set; }

        public bool ReadAfterEnd { get; set; }

        public MetricsRun? Run { get; set; }

        public string? LossSeries { get; set; }

        public long? Step { get; set; }

        public double? Loss { get; set; }
    }
}
