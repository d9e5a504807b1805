using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using GeminiTuning.GeminiApi;
using GeminiTuning.Operations;
using GeminiTuning.Vertex;
using GeminiTuning.Waiting;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Creates a supervised tuning job for a Gemini model on Vertex AI, or a tuned model on the Gemini API.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "GeminiTuningJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VertexSet)]
[OutputType(typeof(GeminiTuningJob))]
public sealed class NewGeminiTuningJobCommand : GeminiTuningCmdlet
{
    private const string VertexSet = "VertexAI";
    private const string GeminiApiSet = "GeminiApi";
    private const string GeminiApiFileSet = "GeminiApiFile";

    // Optional parameters bound by property name carry no validation attributes: a piped job (to clone it) or a CSV row
    // has nulls there, which such attributes would refuse. TuningJobRequest/TunedModelRequest.Validate check the values.
    private readonly List<WaitTarget> _toWaitFor = new();
    private readonly List<TuningExample> _examples = new();

    /// <summary>The base model to tune, e.g. gemini-2.5-flash (Vertex AI) or models/gemini-1.5-flash-001-tuning (Gemini API); or a tuned model's name to continue tuning it.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(BaseModelCompleter))]
    [ValidateNotNullOrEmpty]
    public string BaseModel { get; set; } = string.Empty;

    /// <summary>The gs:// URI of the JSONL training dataset.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [ValidateNotNullOrEmpty]
    public string TrainingDatasetUri { get; set; } = string.Empty;

    /// <summary>The gs:// URI of the JSONL validation dataset.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    public string? ValidationDatasetUri { get; set; }

    /// <summary>Gemini API: the training examples, objects with TextInput and Output properties (e.g. rows of Import-Csv). All piped examples make one tuned model.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = GeminiApiSet)]
    [ValidateNotNull]
    public TrainingExampleInput[] TrainingExample { get; set; } = Array.Empty<TrainingExampleInput>();

    /// <summary>Gemini API: a .jsonl file of {"textInput","output"} objects or a .csv file with TextInput and Output columns.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = GeminiApiFileSet)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string TrainingExamplePath { get; set; } = string.Empty;

    /// <summary>Gemini API: examples per training step (the service chooses 4 or 16).</summary>
    [Parameter(ParameterSetName = GeminiApiSet)]
    [Parameter(ParameterSetName = GeminiApiFileSet)]
    [ValidateRange(1, 1024)]
    public int? BatchSize { get; set; }

    /// <summary>Gemini API: the learning rate (the service chooses 0.001 or 0.0002).</summary>
    [Parameter(ParameterSetName = GeminiApiSet)]
    [Parameter(ParameterSetName = GeminiApiFileSet)]
    [ValidateRange(0.0000001, 10.0)]
    public double? LearningRate { get; set; }

    /// <summary>Gemini API: the id of the tuned model (tunedModels/ID). Running again with the same id never makes a second model.</summary>
    [Parameter(ParameterSetName = GeminiApiSet)]
    [Parameter(ParameterSetName = GeminiApiFileSet)]
    [ValidatePattern("^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$")]
    public string? TunedModelId { get; set; }

    /// <summary>Number of passes over the training data; the service chooses when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public long? EpochCount { get; set; }

    /// <summary>LoRA adapter size: One, Two, Four, Eight, Sixteen or ThirtyTwo.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    public GeminiAdapterSize? AdapterSize { get; set; }

    /// <summary>Multiplier for the recommended learning rate (default 1.0).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    public double? LearningRateMultiplier { get; set; }

    /// <summary>Display name of the tuned model (at most 128 characters).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
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
    [Parameter(ParameterSetName = VertexSet)]
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
        switch (ParameterSetName)
        {
            case GeminiApiSet:
                CollectExamples();
                return;
            case GeminiApiFileSet:
                CreateFromExampleFile();
                return;
        }

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

    private void CollectExamples()
    {
        foreach (var item in TrainingExample)
        {
            try
            {
                _examples.Add(TuningExampleReader.FromFields(ExampleFields.Of(item.Value), "Training example " + (_examples.Count + 1)));
            }
            catch (GeminiTuningException ex)
            {
                // One bad row stops the whole model: a model tuned on a silently shortened dataset would be worse.
                ThrowTerminatingFor(ex, item.Value);
            }
        }
    }

    private void CreateFromExampleFile()
    {
        IReadOnlyList<TuningExample> examples;
        try
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(TrainingExamplePath);
            examples = TuningExampleReader.ReadFile(path);
        }
        catch (Exception ex) when (ex is GeminiTuningException or ItemNotFoundException or System.IO.IOException)
        {
            WriteErrorFor(ex is GeminiTuningException ? ex : new GeminiTuningException(ex.Message, "ExampleFileNotFound", ErrorCategoryHint.ObjectNotFound), TrainingExamplePath);
            return;
        }

        CreateTunedModel(examples);
    }

    private void CreateTunedModel(IReadOnlyList<TuningExample> examples)
    {
        var request = new TunedModelRequest
        {
            BaseModel = BaseModel,
            DisplayName = TunedModelDisplayName,
            Description = Description,
            Examples = examples.ToList(),
            EpochCount = EpochCount is { } e ? (int)Math.Min(e, int.MaxValue) : null,
            BatchSize = BatchSize,
            LearningRate = LearningRate,
            TunedModelId = TunedModelId,
        };
        try
        {
            request.Validate();
        }
        catch (GeminiTuningException ex)
        {
            WriteErrorFor(ex, BaseModel);
            return;
        }

        if (!ShouldProcess(TuningJobOperations.DescribeCreate(request), "Create tuned model"))
        {
            return;
        }

        GeminiTuningJob job;
        try
        {
            job = RunSync(ct => Operations.CreateTunedModelAsync(request, ct));
        }
        catch (GeminiTuningException ex)
        {
            WriteErrorFor(ex, request.NormalizedBaseModel);
            return;
        }

        if (Wait)
        {
            _toWaitFor.Add(Operations.WaitTargetFor(job.Name, null, null));
        }
        else
        {
            WriteObject(job);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (ParameterSetName == GeminiApiSet && _examples.Count > 0)
        {
            CreateTunedModel(_examples);
        }

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
