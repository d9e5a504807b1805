using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using GeminiTuning.Charts;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Show-GeminiTuningMetric cmdlet. Its help (docs/help/Show-GeminiTuningMetric.md) says what it does.</summary>
/// <remarks>Draws only at the end: a chart needs every point. Jobs are read as they arrive, so an error names its job.</remarks>
[Cmdlet(VerbsCommon.Show, "GeminiTuningMetric")]
[OutputType(typeof(GeminiTuningChart))]
public sealed class ShowGeminiTuningMetricCommand : GeminiTuningCloudCmdlet
{
    private static readonly string[] LossSeries = { "*loss" };
    private readonly List<GeminiTuningMetricPoint> _points = new();
    private readonly List<string> _jobsWithoutPoints = new();
    private Func<string, bool> _include = _ => true;
    private string? _outFile;

    /// <summary>Metric points (Get-GeminiTuningMetric, or Import-Csv rows of them), or jobs: job objects, saved rows, names or ids.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The series to draw (wildcards; with or without the leading '/'). Default: the loss series (*loss).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MetricNameCompleter))]
    public string[]? Metric { get; set; }

    /// <summary>Columns to draw in; default the console's width (80 when output is redirected).</summary>
    [Parameter]
    [ValidateRange(TextChart.MinimumWidth, 1000)]
    public int Width { get; set; }

    /// <summary>Rows of plot.</summary>
    [Parameter]
    [ValidateRange(4, 100)]
    [PSDefaultValue(Value = TextChart.DefaultHeight)]
    public int Height { get; set; } = TextChart.DefaultHeight;

    /// <summary>Plain ASCII instead of braille and box-drawing characters; the default when output is redirected.</summary>
    [Parameter]
    public SwitchParameter Ascii { get; set; }

    /// <summary>Writes the chart as an SVG file instead of drawing it in the console.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>With -OutFile, also writes the text chart.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _include = MetricNameCompleter.Matcher(Metric ?? LossSeries);
        if (OutFile is not null)
        {
            _outFile = ProviderPath(OutFile);
            var folder = Path.GetDirectoryName(_outFile);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                ThrowTerminatingFor(new GeminiTuningArgumentException(nameof(OutFile), $"The folder of '{OutFile}' ({folder}) does not exist.",
                    "Create the folder first, or give a path in an existing folder."), OutFile);
            }
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var sorted = ChartInput.Sort(InputObject, point => _points.Add(point), ReadJob);
        if (!sorted)
        {
            WriteErrorFor(new GeminiTuningArgumentException(nameof(InputObject),
                $"A {InputObject?.BaseObject.GetType().Name ?? "null"} is neither a metric point nor a tuning job.",
                "Pipe the points of Get-GeminiTuningMetric, or jobs from Get-GeminiTuningJob (or their names)."), InputObject);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var charts = MetricCharts.FromPoints(Selected()).ToList();
        charts.AddRange(_jobsWithoutPoints.Select(MetricCharts.Empty));
        if (charts.Count == 0)
        {
            WriteWarning("There is nothing to draw: no point of the series asked for" + (Metric is null ? " (the loss series; see -Metric)." : "."));
            return;
        }

        if (_outFile is not null)
        {
            File.WriteAllText(_outFile, SvgChart.Render(charts), new UTF8Encoding(false));
            WriteVerbose($"Wrote the chart of {charts.Count} job(s) to {_outFile}.");
            if (!PassThru)
            {
                return;
            }
        }

        var width = MyInvocation.BoundParameters.ContainsKey(nameof(Width)) ? Width : ConsoleChartStyle.Width(Host);
        var ascii = MyInvocation.BoundParameters.ContainsKey(nameof(Ascii)) ? Ascii.IsPresent : ConsoleChartStyle.NeedsAscii();
        foreach (var chart in charts)
        {
            WriteObject(new GeminiTuningChart
            {
                JobName = chart.Subject,
                Title = chart.Title,
                Series = chart.Series.Select(s => s.Name).ToArray(),
                Width = Math.Max(width, TextChart.MinimumWidth),
                Ascii = ascii,
                Lines = TextChart.Render(chart, width, Height, ascii),
            });
        }
    }

    // Piped points keep what was piped when none of it is a loss and -Metric was not given: the user chose those series.
    private IEnumerable<GeminiTuningMetricPoint> Selected()
    {
        var chosen = _points.Where(p => _include(p.Metric)).ToList();
        return chosen.Count == 0 && Metric is null ? _points : chosen;
    }

    private void ReadJob(string name)
    {
        try
        {
            var job = RunSync(ct => Operations.GetAsync(name, Project, Region, ct));
            var points = RunSync(ct => Services.Metrics.GetAsync(job, _include, ct));
            if (points.Count == 0)
            {
                WriteWarning(GetGeminiTuningMetricCommand.NoPoints(job));
                _jobsWithoutPoints.Add(job.Name);
            }

            _points.AddRange(points);
        }
        catch (GeminiTuningException ex)
        {
            WriteErrorFor(ex, name);
        }
    }
}
