using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using GeminiTuning.Datasets;
using GeminiTuning.GeminiApi;
using GeminiTuning.Workflows;
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
    private const string VertexFileSet = "VertexAIFile";
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

    /// <summary>
    /// A local JSONL training dataset: it is validated (nothing is sent if it has errors), uploaded under -StagingBucket
    /// (or an identical object there is reused), and the job is created with its gs:// URI. Pipe files from Get-ChildItem.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = VertexFileSet)]
    [Alias("PSPath")]
    [ValidateNotNullOrEmpty]
    public string TrainingDatasetPath { get; set; } = string.Empty;

    /// <summary>A local JSONL validation dataset, staged like -TrainingDatasetPath.</summary>
    [Parameter(ParameterSetName = VertexFileSet)]
    [ValidateNotNullOrEmpty]
    public string? ValidationDatasetPath { get; set; }

    /// <summary>Where local datasets are uploaded: gs://BUCKET or gs://BUCKET/PREFIX.</summary>
    // Bound by property name as well: a set whose mandatory parameter cannot come from the pipeline made PowerShell
    // favour the Gemini API set for piped rows, so rows meant for Vertex AI bound to -TrainingExample (seen in 7.6.5).
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = VertexFileSet)]
    [ValidateNotNullOrEmpty]
    public string StagingBucket { get; set; } = string.Empty;

    /// <summary>Gemini API: the training examples, objects with TextInput and Output properties (e.g. rows of Import-Csv). All piped examples make one tuned model.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = GeminiApiSet)]
    [ValidateNotNull]
    public TrainingExampleInput[] TrainingExample { get; set; } = Array.Empty<TrainingExampleInput>();

    /// <summary>Gemini API: a .jsonl file of {"textInput","output"} objects or a .csv file with TextInput and Output columns.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = GeminiApiFileSet)]
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
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexFileSet)]
    public GeminiAdapterSize? AdapterSize { get; set; }

    /// <summary>Multiplier for the recommended learning rate (default 1.0).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexFileSet)]
    public double? LearningRateMultiplier { get; set; }

    /// <summary>Display name of the tuned model (Vertex AI: at most 128 characters; Gemini API: at most 40).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? TunedModelDisplayName { get; set; }

    /// <summary>A description of the job.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Description { get; set; }

    /// <summary>Labels, as a hashtable of lowercase keys and values.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexFileSet)]
    [Alias("Labels")]
    public IDictionary? Label { get; set; }

    /// <summary>Cloud KMS key that protects the job's resources.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexFileSet)]
    public string? KmsKeyName { get; set; }

    /// <summary>Service account the tuning workload runs as.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexFileSet)]
    public string? ServiceAccount { get; set; }

    /// <summary>Export only the last checkpoint instead of one per epoch.</summary>
    [Parameter(ParameterSetName = VertexSet)]
    [Parameter(ParameterSetName = VertexFileSet)]
    public SwitchParameter ExportLastCheckpointOnly { get; set; }

    /// <summary>
    /// An id that makes the command safe to run again: if a job created with this id exists, it is returned instead
    /// of creating a second one. Lowercase letters, digits, '-' and '_'.
    /// </summary>
    [Parameter(ParameterSetName = VertexSet)]
    [Parameter(ParameterSetName = VertexFileSet)]
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
            case VertexFileSet:
                CreateFromLocalDatasets();
                return;
        }

        var request = VertexRequest(TrainingDatasetUri, ValidationDatasetUri);
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

        if (ShouldProcess(target, "Create tuning job"))
        {
            CreateVertexJob(request, target);
        }
    }

    private TuningJobRequest VertexRequest(string trainingUri, string? validationUri) => new()
    {
        BaseModel = BaseModel,
        TrainingDatasetUri = trainingUri,
        ValidationDatasetUri = validationUri,
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

    private void CreateVertexJob(TuningJobRequest request, string target)
    {
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
            _toWaitFor.Add(Operations.WaitTargetFor(result.Job.Name, null, null));
        }
        else
        {
            WriteObject(result.Job);
        }
    }

    // -TrainingDatasetPath: validate (a progress bar; nothing is sent for an invalid file), show what -WhatIf would do,
    // then upload or reuse the objects and create the job with their gs:// URIs.
    private void CreateFromLocalDatasets()
    {
        var staging = new DatasetStaging(Services);
        var progress = new StagingProgress(this);
        DatasetStagingPlan training;
        DatasetStagingPlan? validation = null;
        try
        {
            var trainingPath = ProviderPath(TrainingDatasetPath);
            training = RunSync(ct => staging.PlanAsync(trainingPath, StagingBucket, DatasetPurpose.Training, BaseModel, progress, ct));
            if (ValidationDatasetPath is not null)
            {
                var validationPath = ProviderPath(ValidationDatasetPath);
                validation = RunSync(ct => staging.PlanAsync(validationPath, StagingBucket, DatasetPurpose.Validation, BaseModel, progress, ct));
            }
        }
        catch (GeminiTuningException ex)
        {
            progress.Complete();
            WriteErrorFor(ex, ex is DatasetInvalidException invalid ? invalid.Report : TrainingDatasetPath);
            return;
        }

        progress.Complete();
        if (validation is not null && DatasetStaging.ValidationShareWarning(training.Report.ExampleCount, validation.Report.ExampleCount) is { } share)
        {
            WriteWarning(share);
        }

        var request = VertexRequest(training.TargetUri, validation?.TargetUri);
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

        var plan = DatasetStaging.DescribeStaging(training) + (validation is null ? string.Empty : " " + DatasetStaging.DescribeStaging(validation));
        if (!ShouldProcess($"{plan} Then create tuning job: {target}.", $"Upload the dataset(s) and create tuning job {target}?", "Create tuning job"))
        {
            return;
        }

        try
        {
            foreach (var p in validation is null ? new[] { training } : new[] { training, validation })
            {
                var staged = RunSync(ct => staging.UploadAsync(p, progress, ct));
                WriteVerbose(staged.Uploaded ? $"Uploaded {staged.LocalPath} to {staged.GcsUri}." : $"{staged.GcsUri} already holds {staged.LocalPath}; not uploaded again.");
            }
        }
        catch (GeminiTuningException ex)
        {
            WriteErrorFor(ex, TrainingDatasetPath);
            return;
        }
        finally
        {
            progress.Complete();
        }

        CreateVertexJob(request, target);
    }


    /// <summary>Shows staging progress (validating, then uploading) as a progress bar, written on the pipeline thread.</summary>
    private sealed class StagingProgress : IProgress<DatasetStagingProgress>
    {
        private const int ActivityId = 42;
        private readonly NewGeminiTuningJobCommand _cmdlet;
        private string? _last;

        public StagingProgress(NewGeminiTuningJobCommand cmdlet) => _cmdlet = cmdlet;

        public void Report(DatasetStagingProgress value)
        {
            var key = value.LocalPath + value.Phase + value.PercentComplete;
            if (key == _last)
            {
                return;
            }

            _last = key;
            var record = new ProgressRecord(ActivityId, "Staging " + System.IO.Path.GetFileName(value.LocalPath),
                string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}: {1:N0} of {2:N0} bytes", value.Phase, value.BytesDone, value.BytesTotal))
            {
                PercentComplete = value.PercentComplete,
            };
            _cmdlet.Post(() => _cmdlet.WriteProgress(record));
        }

        public void Complete()
        {
            _last = null;
            _cmdlet.WriteProgress(new ProgressRecord(ActivityId, "Staging", "Done") { RecordType = ProgressRecordType.Completed });
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
            var path = ProviderPath(TrainingExamplePath);
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
