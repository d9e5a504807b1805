using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using GeminiTuning.Vertex;
using GeminiTuning.Waiting;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Creates a supervised tuning job for a Gemini model on Vertex AI.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "GeminiTuningJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VertexSet)]
[OutputType(typeof(GeminiTuningJob))]
public sealed class NewGeminiTuningJobCommand : GeminiTuningCmdlet
{
    private const string VertexSet = "VertexAI";
    private readonly List<WaitTarget> _toWaitFor = new();

    /// <summary>The base model to tune, e.g. gemini-2.5-flash; or a tuned model's name to continue tuning it.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [ArgumentCompleter(typeof(BaseModelCompleter))]
    [ValidateNotNullOrEmpty]
    public string BaseModel { get; set; } = string.Empty;

    /// <summary>The gs:// URI of the JSONL training dataset.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [ValidateNotNullOrEmpty]
    public string TrainingDatasetUri { get; set; } = string.Empty;

    /// <summary>The gs:// URI of the JSONL validation dataset.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [ValidateNotNullOrEmpty]
    public string? ValidationDatasetUri { get; set; }

    /// <summary>Number of passes over the training data; the service chooses when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 1000)]
    public long? EpochCount { get; set; }

    /// <summary>LoRA adapter size: One, Two, Four, Eight, Sixteen or ThirtyTwo.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    public GeminiAdapterSize? AdapterSize { get; set; }

    /// <summary>Multiplier for the recommended learning rate (default 1.0).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [ValidateRange(0.000001, 1000.0)]
    public double? LearningRateMultiplier { get; set; }

    /// <summary>Display name of the tuned model (at most 128 characters).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateLength(1, 128)]
    public string? TunedModelDisplayName { get; set; }

    /// <summary>A description of the job.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Description { get; set; }

    /// <summary>Labels, as a hashtable of lowercase keys and values.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [Alias("Labels")]
    public IDictionary? Label { get; set; }

    /// <summary>Cloud KMS key that protects the job's resources.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    public string? KmsKeyName { get; set; }

    /// <summary>Service account the tuning workload runs as.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    public string? ServiceAccount { get; set; }

    /// <summary>Export only the last checkpoint instead of one per epoch.</summary>
    [Parameter(ParameterSetName = VertexSet)]
    public SwitchParameter ExportLastCheckpointOnly { get; set; }

    /// <summary>
    /// An id that makes the command safe to run again: if a job created with this id exists, it is returned instead
    /// of creating a second one. Lowercase letters, digits, '-' and '_'.
    /// </summary>
    [Parameter]
    [ValidatePattern("^[a-z0-9_-]{1,63}$")]
    public string? RequestId { get; set; }

    /// <summary>Wait until the job ends, as Wait-GeminiTuningJob does, and output the ended job.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: stop waiting (without cancelling) after this long. A TimeSpan, '04:00:00', or seconds.</summary>
    [Parameter]
    [TimeSpanArgumentTransformation]
    public TimeSpan? Timeout { get; set; }

    /// <summary>With -Wait: the pause between polls (clamped to 1 second .. 10 minutes).</summary>
    [Parameter]
    [TimeSpanArgumentTransformation]
    public TimeSpan? PollingInterval { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var request = new TuningJobRequest
        {
            BaseModel = BaseModel,
            TrainingDatasetUri = TrainingDatasetUri,
            ValidationDatasetUri = ValidationDatasetUri,
            EpochCount = EpochCount,
            AdapterSize = AdapterSize,
            LearningRateMultiplier = LearningRateMultiplier,
            TunedModelDisplayName = TunedModelDisplayName,
            Description = Description,
            Labels = ToLabels(Label),
            KmsKeyName = KmsKeyName,
            ServiceAccount = ServiceAccount,
            ExportLastCheckpointOnly = ExportLastCheckpointOnly.IsPresent ? true : null,
            RequestId = RequestId,
        };

        string target;
        try
        {
            request.Validate();
            target = Operations.DescribeCreate(Project, Region, request);
        }
        catch (GeminiTuningException ex)
        {
            WriteErrorFor(ex, BaseModel);
            return;
        }

        if (!ShouldProcess(target, "Create tuning job"))
        {
            return;
        }

        CreateTuningJobResult result;
        try
        {
            result = RunSync(ct => Operations.CreateAsync(Project, Region, request, ct));
        }
        catch (Exception ex) when (ex is GeminiTuningException)
        {
            WriteErrorFor(ex, target);
            return;
        }

        if (result.AlreadyExisted)
        {
            WriteWarning($"A tuning job created with request id '{result.RequestId}' exists already ({result.Job.Name}); it was returned instead of creating another.");
        }

        if (Wait)
        {
            var job = result.Job;
            _toWaitFor.Add(Operations.WaitTargetFor(job.Name, null, null));
        }
        else
        {
            WriteObject(result.Job);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_toWaitFor.Count > 0)
        {
            WaitForJobs(_toWaitFor, WaitOptionsFrom(Timeout, PollingInterval, any: false), writeEndedJobs: true, reportFailedJobs: true);
        }
    }

    private static IDictionary<string, string> ToLabels(IDictionary? labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (labels is null)
        {
            return result;
        }

        foreach (DictionaryEntry entry in labels)
        {
            var key = (entry.Key is PSObject k ? k.BaseObject : entry.Key)?.ToString() ?? string.Empty;
            var value = (entry.Value is PSObject v ? v.BaseObject : entry.Value)?.ToString() ?? string.Empty;
            result[key] = value;
        }

        return result;
    }
}
