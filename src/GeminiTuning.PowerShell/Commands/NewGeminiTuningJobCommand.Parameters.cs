using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using GeminiTuning.GeminiApi;
using GeminiTuning.Vertex;

namespace GeminiTuning.PowerShell.Commands;

// New-GeminiTuningJob's parameters, and how they become a request; what it does with them is in NewGeminiTuningJobCommand.cs.
// Optional parameters bound by property name carry no validation attributes: a piped job (to clone it) or a CSV row
// has nulls there, which such attributes would refuse. TuningJobRequest/TunedModelRequest.Validate check the values.
public sealed partial class NewGeminiTuningJobCommand
{
    private const string VertexSet = "VertexAI";
    private const string VertexFileSet = "VertexAIFile";
    private const string GeminiApiSet = "GeminiApi";
    private const string GeminiApiFileSet = "GeminiApiFile";
    private const string RebaseSet = "Rebase";

    /// <summary>
    /// The base model to tune, e.g. gemini-2.5-flash (Vertex AI) or models/gemini-1.5-flash-001-tuning (Gemini API); or a
    /// tuned model's name (a job's TunedModelName, a checkpoint's) to continue tuning it. With -RebaseTunedModel: the
    /// newer base model to rebase onto.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("TunedModelName")]
    [ArgumentCompleter(typeof(BaseModelCompleter))]
    [ValidateNotNullOrEmpty]
    public string BaseModel { get; set; } = string.Empty;

    /// <summary>Supervised (the default) or Preference tuning: with Preference the dataset holds a prompt and a preferred and a dispreferred completion per line.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexFileSet)]
    public GeminiTuningMethod? TuningMethod { get; set; }

    /// <summary>Preference tuning: how closely the tuned model stays to its base (the weight of the KL-divergence term; typically 0.01 to 0.5).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexFileSet)]
    public double? Beta { get; set; }

    /// <summary>With a tuned model as -BaseModel: the checkpoint to continue from (the model's default checkpoint when omitted). Pipe a checkpoint from a job's Checkpoints.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexFileSet)]
    public string? CheckpointId { get; set; }

    /// <summary>Send the request even where the model catalog says it is invalid (Google may have changed what it accepts since).</summary>
    [Parameter(ParameterSetName = VertexSet)]
    [Parameter(ParameterSetName = VertexFileSet)]
    public SwitchParameter Force { get; set; }

    /// <summary>
    /// Rebase a tuned model onto a newer base model (tuningJobs:rebaseTunedModel): a tuned model's name, a tuning job's
    /// name, or a job or checkpoint object. The new job is returned like a created one.
    /// </summary>
    // Bound by property name as well, like -StagingBucket: a set whose mandatory parameter cannot come from the pipeline
    // made PowerShell favour the Gemini API set for piped rows meant for Vertex AI.
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = RebaseSet)]
    [TuningReferenceTransformation]
    [ValidateNotNullOrEmpty]
    public string RebaseTunedModel { get; set; } = string.Empty;

    /// <summary>With -RebaseTunedModel: deploy the new model to the original model's endpoint, replacing the original there.</summary>
    [Parameter(ParameterSetName = RebaseSet)]
    public SwitchParameter DeployToSameEndpoint { get; set; }

    /// <summary>With -RebaseTunedModel: where the new job writes its artifacts, gs://BUCKET or gs://BUCKET/PREFIX.</summary>
    [Parameter(ParameterSetName = RebaseSet)]
    [ValidateNotNullOrEmpty]
    public string? ArtifactDestination { get; set; }

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

    /// <summary>Number of passes over the training data, a whole number; the service chooses when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [WholeNumberTransformation]
    public long? EpochCount { get; set; }

    /// <summary>
    /// LoRA adapter size: One, Two, Four, Eight, Sixteen or ThirtyTwo, or its rank (1 to 32); the catalog check refuses a
    /// size the model does not offer. A string, not a GeminiAdapterSize, so that Tab offers the sizes smallest first.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VertexFileSet)]
    [AdapterSizeTransformation]
    [ArgumentCompleter(typeof(AdapterSizeCompleter))]
    public string? AdapterSize { get; set; }

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

    /// <summary>Labels, as a hashtable of lowercase keys and values (any script's lowercase letters, digits, '_' and '-').</summary>
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
    [Parameter(ParameterSetName = RebaseSet)]
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

    // How the parameters become requests; the values themselves are checked by TuningJobRequest/TunedModelRequest.Validate.
    private TuningJobRequest ToVertexRequest(string trainingUri, string? validationUri) => new()
    {
        BaseModel = BaseModel,
        TrainingDatasetUri = trainingUri,
        ValidationDatasetUri = validationUri,
        EpochCount = EpochCount,
        AdapterSize = AdapterSize is null ? null : AdapterSizeTransformationAttribute.Parse(AdapterSize),
        LearningRateMultiplier = LearningRateMultiplier,
        TunedModelDisplayName = TunedModelDisplayName,
        Description = Description,
        Labels = ToLabels(Label),
        KmsKeyName = KmsKeyName,
        ServiceAccount = ServiceAccount,
        ExportLastCheckpointOnly = ExportLastCheckpointOnly.IsPresent ? true : null,
        RequestId = RequestId,
        TuningMethod = TuningMethod ?? GeminiTuningMethod.Supervised,
        Beta = Beta,
        CheckpointId = string.IsNullOrEmpty(CheckpointId) ? null : CheckpointId,
    };

    private RebaseTunedModelRequest ToRebaseRequest() => new()
    {
        TunedModelRef = RebaseTunedModel,
        BaseModel = BaseModel,
        TunedModelDisplayName = TunedModelDisplayName,
        Description = Description,
        DeployToSameEndpoint = DeployToSameEndpoint.IsPresent ? true : null,
        ArtifactDestination = ArtifactDestination,
        RequestId = RequestId,
    };

    private TunedModelRequest ToTunedModelRequest(IReadOnlyList<TuningExample> examples) => new()
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

    private static IDictionary<string, string> ToLabels(IDictionary? labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (labels is null)
        {
            return result;
        }

        foreach (DictionaryEntry entry in labels)
        {
            // A null value stays null, so that the request's check refuses it instead of sending an empty label.
            var key = (entry.Key is PSObject k ? k.BaseObject : entry.Key)?.ToString() ?? string.Empty;
            var value = (entry.Value is PSObject v ? v.BaseObject : entry.Value)?.ToString();
            result[key] = value!;
        }

        return result;
    }
}
