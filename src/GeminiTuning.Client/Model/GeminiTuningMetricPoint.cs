using System;
using System.Globalization;

namespace GeminiTuning;

/// <summary>One point of a tuning run's time series, as Get-GeminiTuningMetric outputs it.</summary>
/// <remarks>
/// Flat on purpose: every property is a number, a text or a time, so points go straight into Export-Csv,
/// Measure-Object, Group-Object and Sort-Object. <c>JobName</c> (not <c>Name</c>) keeps a point from binding to the job
/// cmdlets' -Name by accident.
/// </remarks>
public sealed class GeminiTuningMetricPoint
{
    /// <summary>The job (Vertex AI, <c>projects/P/locations/R/tuningJobs/ID</c>) or tuned model (<c>tunedModels/ID</c>) the point belongs to.</summary>
    public string JobName { get; set; } = string.Empty;

    /// <summary>
    /// The series: on Vertex AI the TensorBoard display name (<c>/train_total_loss</c>, <c>/eval_total_loss</c>,
    /// <c>/train_fraction_of_correct_next_step_preds</c>…), on the Gemini API <c>meanLoss</c>.
    /// </summary>
    public string Metric { get; set; } = string.Empty;

    /// <summary>The training step.</summary>
    public long Step { get; set; }

    /// <summary>The epoch the step belongs to, counting from 1, where it is known.</summary>
    public long? Epoch { get; set; }

    /// <summary>The value at that step.</summary>
    public double Value { get; set; }

    /// <summary>When the value was recorded (Vertex AI: the wall time; Gemini API: the compute time).</summary>
    public DateTimeOffset? Time { get; set; }

    /// <inheritdoc />
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} step {1}: {2}", Metric, Step, Value);
}
