using System;
using System.Management.Automation;
using GeminiTuning.Workflows;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Get-GeminiTuningJob cmdlet. Its help (docs/help/Get-GeminiTuningJob.md) says what it does.</summary>
[Cmdlet(VerbsCommon.Get, "GeminiTuningJob", DefaultParameterSetName = ListSet, SupportsPaging = true)]
[OutputType(typeof(GeminiTuningJob))]
public sealed class GetGeminiTuningJobCommand : GeminiTuningCloudCmdlet
{
    private const string ListSet = "List";
    private const string NameSet = "Name";

    /// <summary>Job ids (e.g. 4982013113894174720), full names (projects/P/locations/R/tuningJobs/ID), or Gemini API tuned models (tunedModels/ID).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [JobNameTransformation]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>A server-side filter, e.g. 'state="JOB_STATE_SUCCEEDED"' or 'labels.team="search"'.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    /// <summary>Only jobs in these states (filtered here, after the service's answer).</summary>
    [Parameter(ParameterSetName = ListSet)]
    public GeminiTuningJobState[] State { get; set; } = Array.Empty<GeminiTuningJobState>();

    /// <summary>Which service to list: VertexAI (tuning jobs of the project and region, the default) or GeminiApi (tuned models).
    /// With -Name, GeminiApi makes a bare id a tuned model's (tunedModels/ID), and Tab completes tuned model names.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = NameSet)]
    [PSDefaultValue(Value = GeminiTuningBackend.VertexAI)]
    public GeminiTuningBackend Backend { get; set; } = GeminiTuningBackend.VertexAI;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == NameSet)
        {
            foreach (var given in Name)
            {
                var name = Backend == GeminiTuningBackend.GeminiApi ? TuningJobOperations.AsTunedModelName(given) : given;
                try
                {
                    WriteObject(RunSync(ct => Operations.GetAsync(name, Project, Region, ct)));
                }
                catch (GeminiTuningException ex)
                {
                    WriteErrorFor(ex, name);
                }
            }

            return;
        }

        var request = new ListJobsRequest
        {
            Project = Project,
            Region = Region,
            Filter = Filter,
            States = State,
            Backend = Backend,
            Skip = (long)Math.Min(PagingParameters.Skip, long.MaxValue),
            First = PagingParameters.First == ulong.MaxValue ? null : (long)Math.Min(PagingParameters.First, long.MaxValue),
        };
        if (PagingParameters.IncludeTotalCount)
        {
            // The service does not report a total; say so rather than guess.
            WriteObject(PagingParameters.NewTotalCount(0, 0.0));
        }

        try
        {
            RunSync(ct => Operations.ListAsync(request, job => Post(() => WriteObject(job)), ct));
        }
        catch (GeminiTuningException ex)
        {
            WriteErrorFor(ex, Backend == GeminiTuningBackend.GeminiApi ? "tunedModels" : $"{Project ?? "(default project)"}/{Region ?? "(default region)"}");
        }
    }
}
