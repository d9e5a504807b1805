using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using GeminiTuning.Config;
using GeminiTuning.Vertex.Wire;

namespace GeminiTuning.Vertex;

/// <summary>What to create: a Vertex AI supervised tuning job. <see cref="Validate"/> checks it before anything is sent.</summary>
public sealed class TuningJobRequest
{
    /// <summary>The label that carries the client's request id, so a create whose answer was lost can be found again.</summary>
    public const string RequestIdLabel = "gemini-tuning-request-id";

    // gs://BUCKET/OBJECT with an object path. Bucket length rules are left to the service: the check is there to catch
    // local paths and https URLs early, not to second-guess a bucket that exists.
    private static readonly Regex GcsUri = new(@"^gs://[a-z0-9][a-z0-9._-]{0,221}/[^\r\n]+$", RegexOptions.CultureInvariant);
    private static readonly Regex LabelKey = new(@"^\p{Ll}[\p{Ll}\p{Lo}\p{N}_-]{0,62}$", RegexOptions.CultureInvariant);
    private static readonly Regex LabelValue = new(@"^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$", RegexOptions.CultureInvariant);
    private static readonly Regex KmsKey = new(@"^projects/[^/\s]+/locations/[^/\s]+/keyRings/[^/\s]+/cryptoKeys/[^/\s]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Email = new(@"^[^@\s/]+@[^@\s/]+\.[^@\s/]+$", RegexOptions.CultureInvariant);
    private static readonly Regex RequestIdPattern = new(@"^[a-z0-9_-]{1,63}$", RegexOptions.CultureInvariant);
    private static readonly Regex ModelPattern = new(@"^[A-Za-z0-9][A-Za-z0-9._@/-]{0,255}$", RegexOptions.CultureInvariant);

    /// <summary>Base model, e.g. <c>gemini-2.5-flash</c>; a tuned model's name (<c>projects/…/models/…</c>) continues tuning it.</summary>
    public string BaseModel { get; set; } = string.Empty;

    /// <summary><c>gs://</c> URI of the JSONL training dataset.</summary>
    public string TrainingDatasetUri { get; set; } = string.Empty;

    /// <summary><c>gs://</c> URI of the validation dataset.</summary>
    public string? ValidationDatasetUri { get; set; }

    /// <summary>Number of epochs (the service chooses when null).</summary>
    public long? EpochCount { get; set; }

    /// <summary>Adapter size (the service chooses when null).</summary>
    public GeminiAdapterSize? AdapterSize { get; set; }

    /// <summary>Learning rate multiplier (default 1.0).</summary>
    public double? LearningRateMultiplier { get; set; }

    /// <summary>Display name of the tuned model, at most 128 characters.</summary>
    public string? TunedModelDisplayName { get; set; }

    /// <summary>Description.</summary>
    public string? Description { get; set; }

    /// <summary>Labels.</summary>
    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    /// <summary>Cloud KMS key for the job's resources.</summary>
    public string? KmsKeyName { get; set; }

    /// <summary>Service account the tuning workload runs as.</summary>
    public string? ServiceAccount { get; set; }

    /// <summary>Export only the last checkpoint (no intermediate checkpoints).</summary>
    public bool? ExportLastCheckpointOnly { get; set; }

    /// <summary>
    /// An id that makes creation safe to repeat: when a job carrying it already exists, it is returned instead of
    /// creating a second one. Lowercase letters, digits, <c>-</c> and <c>_</c>, at most 63. Generated when null.
    /// </summary>
    public string? RequestId { get; set; }

    /// <summary>Checks every field, throwing <see cref="GeminiTuningArgumentException"/> for the first that is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BaseModel) || !ModelPattern.IsMatch(BaseModel.Trim()))
        {
            throw new GeminiTuningArgumentException(nameof(BaseModel), $"'{Identifiers.Printable(BaseModel)}' is not a model name.",
                "Give a tunable base model such as 'gemini-2.5-flash' (press Tab after -BaseModel to see them).");
        }

        ValidateGcsUri(TrainingDatasetUri, nameof(TrainingDatasetUri));
        if (ValidationDatasetUri is not null)
        {
            ValidateGcsUri(ValidationDatasetUri, nameof(ValidationDatasetUri));
        }

        if (EpochCount is < 1)
        {
            throw new GeminiTuningArgumentException(nameof(EpochCount), $"The epoch count must be at least 1, not {EpochCount}.");
        }

        if (LearningRateMultiplier is { } lr && (double.IsNaN(lr) || double.IsInfinity(lr) || lr <= 0))
        {
            throw new GeminiTuningArgumentException(nameof(LearningRateMultiplier),
                $"The learning rate multiplier must be a positive number, not {lr.ToString(CultureInfo.InvariantCulture)}.",
                "Leave it out to use the default 1.0.");
        }

        if (TunedModelDisplayName is not null && CountCharacters(TunedModelDisplayName) > 128)
        {
            throw new GeminiTuningArgumentException(nameof(TunedModelDisplayName),
                $"The tuned model display name has {CountCharacters(TunedModelDisplayName)} characters; at most 128 are allowed.");
        }

        if (Labels.Count > 64)
        {
            throw new GeminiTuningArgumentException("Label", $"{Labels.Count} labels were given; at most 64 are allowed.");
        }

        foreach (var pair in Labels)
        {
            if (!LabelKey.IsMatch(pair.Key ?? string.Empty))
            {
                throw new GeminiTuningArgumentException("Label", $"The label key '{Identifiers.Printable(pair.Key)}' is not valid.",
                    "Label keys start with a lowercase letter and have at most 63 lowercase letters, digits, '_' or '-'.");
            }

            if (!LabelValue.IsMatch(pair.Value ?? string.Empty))
            {
                throw new GeminiTuningArgumentException("Label", $"The value of label '{pair.Key}' ('{Identifiers.Printable(pair.Value)}') is not valid.",
                    "Label values have at most 63 lowercase letters, digits, '_' or '-'.");
            }
        }

        if (KmsKeyName is not null && !KmsKey.IsMatch(KmsKeyName))
        {
            throw new GeminiTuningArgumentException(nameof(KmsKeyName), $"'{Identifiers.Printable(KmsKeyName)}' is not a Cloud KMS key name.",
                "Give 'projects/PROJECT/locations/REGION/keyRings/RING/cryptoKeys/KEY' (in the job's region).");
        }

        if (ServiceAccount is not null && !Email.IsMatch(ServiceAccount))
        {
            throw new GeminiTuningArgumentException(nameof(ServiceAccount), $"'{Identifiers.Printable(ServiceAccount)}' is not a service account email.",
                "Give an address such as 'tuner@PROJECT.iam.gserviceaccount.com'.");
        }

        if (RequestId is not null && !RequestIdPattern.IsMatch(RequestId))
        {
            throw new GeminiTuningArgumentException(nameof(RequestId), $"'{Identifiers.Printable(RequestId)}' is not a valid request id.",
                "Use at most 63 lowercase letters, digits, '-' or '_' (a label value), e.g. a GUID without braces.");
        }
    }

    /// <summary>A new random request id.</summary>
    public static string NewRequestId() => Guid.NewGuid().ToString("N");

    internal TuningJobResource ToResource(string requestId)
    {
        var labels = new Dictionary<string, string>(Labels, StringComparer.Ordinal) { [RequestIdLabel] = requestId };
        var baseModel = BaseModel.Trim();
        var continuing = baseModel.StartsWith("projects/", StringComparison.Ordinal);
        var hasHyperParameters = EpochCount is not null || LearningRateMultiplier is not null || AdapterSize is not null;
        return new TuningJobResource
        {
            BaseModel = continuing ? null : baseModel,
            PreTunedModel = continuing ? new PreTunedModelResource { TunedModelName = baseModel } : null,
            SupervisedTuningSpec = new SupervisedTuningSpecResource
            {
                TrainingDatasetUri = TrainingDatasetUri.Trim(),
                ValidationDatasetUri = ValidationDatasetUri?.Trim(),
                HyperParameters = hasHyperParameters
                    ? new SupervisedHyperParametersResource
                    {
                        EpochCount = EpochCount,
                        LearningRateMultiplier = LearningRateMultiplier,
                        AdapterSize = AdapterSize is { } size ? JobStates.ToWire(size) : null,
                    }
                    : null,
                ExportLastCheckpointOnly = ExportLastCheckpointOnly,
            },
            TunedModelDisplayName = TunedModelDisplayName,
            Description = Description,
            Labels = labels,
            EncryptionSpec = KmsKeyName is null ? null : new EncryptionSpecResource { KmsKeyName = KmsKeyName },
            ServiceAccount = ServiceAccount,
        };
    }

    private static void ValidateGcsUri(string? uri, string parameterName)
    {
        if (uri is null || !GcsUri.IsMatch(uri.Trim()))
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"'{Identifiers.Printable(uri)}' is not a Cloud Storage object URI.",
                "Give the dataset's 'gs://BUCKET/PATH.jsonl' URI (upload the file to Cloud Storage first).");
        }
    }

    private static int CountCharacters(string s) => s.Count(c => !char.IsLowSurrogate(c));
}
