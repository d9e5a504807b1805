using System;
using System.Linq;
using System.Management.Automation;
using GeminiTuning.Metrics;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Get-GeminiTuningMetric cmdlet. Its help (docs/help/Get-GeminiTuningMetric.md) says what it does.</summary>
[Cmdlet(VerbsCommon.Get, "GeminiTuningMetric")]
[OutputType(typeof(GeminiTuningMetricPoint))]
public sealed class GetGeminiTuningMetricCommand : GeminiTuningCloudCmdlet
{
    private Func<string, bool> _include = _ => true;

    /// <summary>Job ids or full names, or tunedModels/ID; pipe jobs from Get-, New- or Wait-GeminiTuningJob, or saved rows of them.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [JobNameTransformation]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>The series to read (wildcards; with or without the leading '/'); all of them without it.</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MetricNameCompleter))]
    public string[]? Metric { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _include = MetricNameCompleter.Matcher(Metric);
        foreach (var name in Metric ?? Array.Empty<string>())
        {
            if (!WildcardPattern.ContainsWildcardCharacters(name) && !MetricNames.Known.Any(MetricNameCompleter.Matcher(new[] { name })))
            {
                WriteWarning($"-Metric '{name}' is none of the series tuning writes ({string.Join(", ", MetricNames.Known.Select(MetricNames.Bare))}); only a series of that exact name would match.");
            }
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            try
            {
                var job = RunSync(ct => Operations.GetAsync(name, Project, Region, ct));
                var points = RunSync(ct => Services.Metrics.GetAsync(job, _include, ct));
                if (points.Count == 0)
                {
                    WriteWarning(NoPoints(job));
                }

                foreach (var point in points)
                {
                    WriteObject(point);
                }
            }
            catch (GeminiTuningException ex)
            {
                WriteErrorFor(ex, name);
            }
        }
    }

    /// <summary>Why a job has no points to show.</summary>
    internal static string NoPoints(GeminiTuningJob job)
    {
        var started = job.StartTime is not null || job.Snapshots.Count > 0;
        if (!started)
        {
            return job.HasEnded
                ? $"{job.Name} has no metrics: it ended ({job.State}) before training started."
                : $"{job.Name} has no metrics yet: it is {job.State} and has not started training.";
        }

        return $"{job.Name} ({job.State}) has no points of the series asked for{(job.HasEnded ? "." : " yet.")}";
    }
}
