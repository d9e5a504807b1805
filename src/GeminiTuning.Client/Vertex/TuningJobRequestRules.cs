using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using GeminiTuning.Config;

namespace GeminiTuning.Vertex;

/// <summary>
/// The checks on a <see cref="TuningJobRequest"/> that need nothing but the request: input the service would refuse,
/// or would silently change (a fractional epoch count, a blank display name, a null label value, a wildcard URI), is
/// refused here, naming the parameter (create-request-limits.md).
/// </summary>
internal static class TuningJobRequestRules
{
    /// <summary>
    /// The module's own bound on a description: Google documents none (create-request-limits.md §2, UNCONFIRMED), and a
    /// description this long is a mistake (a file's content passed by accident) rather than a description.
    /// </summary>
    public const int MaxDescriptionCharacters = 8192;

    /// <summary>Label keys and values: at most 63 characters and fewer than 128 UTF-8 bytes (Vertex AI's own error text).</summary>
    private const int MaxLabelBytes = 127;

    // gs://BUCKET/OBJECT with an object path. Bucket length rules are left to the service: the check is there to catch
    // local paths and https URLs early, not to second-guess a bucket that exists.
    private static readonly Regex GcsUri = new(@"^gs://[a-z0-9][a-z0-9._-]{0,221}/[^\r\n]+$", RegexOptions.CultureInvariant);

    // Google's label rules: lowercase letters (any script, \p{Ll}), letters of scripts without case (\p{Lo}), digits,
    // '_' and '-'; keys start with a letter.
    private static readonly Regex LabelKey = new(@"^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$", RegexOptions.CultureInvariant);
    private static readonly Regex LabelValue = new(@"^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$", RegexOptions.CultureInvariant);
    private static readonly Regex KmsKey = new(@"^projects/[^/\s]+/locations/[^/\s]+/keyRings/[^/\s]+/cryptoKeys/[^/\s]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Email = new(@"^[^@\s/]+@[^@\s/]+\.[^@\s/]+$", RegexOptions.CultureInvariant);
    private static readonly Regex RequestIdPattern = new(@"^[a-z0-9_-]{1,63}$", RegexOptions.CultureInvariant);
    private static readonly Regex ModelPattern = new(@"^[A-Za-z0-9][A-Za-z0-9._@/-]{0,255}$", RegexOptions.CultureInvariant);
    private static readonly Regex TunedModelName = new(@"^projects/[^/\s]+/locations/[^/\s]+/models/[^/\s@]+(@[^/\s]+)?$", RegexOptions.CultureInvariant);
    private static readonly Regex CheckpointPattern = new(@"^[A-Za-z0-9_-]{1,63}$", RegexOptions.CultureInvariant);

    public static void Validate(TuningJobRequest r)
    {
        var baseModel = r.BaseModel?.Trim() ?? string.Empty;
        if (baseModel.Length == 0 || !ModelPattern.IsMatch(baseModel))
        {
            throw new GeminiTuningArgumentException(nameof(r.BaseModel), $"'{Identifiers.Printable(r.BaseModel)}' is not a model name.",
                "Give a tunable base model such as 'gemini-2.5-flash' (press Tab after -BaseModel to see them).");
        }

        var continuing = TuningJobRequest.IsTunedModel(baseModel);
        if (continuing && !TunedModelName.IsMatch(baseModel))
        {
            throw new GeminiTuningArgumentException(nameof(r.BaseModel), $"'{Identifiers.Printable(r.BaseModel)}' is not a tuned model's resource name.",
                "To continue tuning a tuned model give its name 'projects/PROJECT/locations/REGION/models/MODEL' (optionally '@VERSION'), a job's TunedModelName.");
        }

        ValidateCheckpoint(r, continuing);
        ValidateGcsUri(r.TrainingDatasetUri, nameof(r.TrainingDatasetUri));
        if (r.ValidationDatasetUri is not null)
        {
            ValidateGcsUri(r.ValidationDatasetUri, nameof(r.ValidationDatasetUri));
        }

        ValidateHyperParameters(r);
        ValidateText(r);
        ValidateLabels(r);

        if (r.KmsKeyName is not null && !KmsKey.IsMatch(r.KmsKeyName))
        {
            throw new GeminiTuningArgumentException(nameof(r.KmsKeyName), $"'{Identifiers.Printable(r.KmsKeyName)}' is not a Cloud KMS key name.",
                "Give 'projects/PROJECT/locations/REGION/keyRings/RING/cryptoKeys/KEY' (in the job's region).");
        }

        if (r.ServiceAccount is not null && !Email.IsMatch(r.ServiceAccount))
        {
            throw new GeminiTuningArgumentException(nameof(r.ServiceAccount), $"'{Identifiers.Printable(r.ServiceAccount)}' is not a service account email.",
                "Give an address such as 'tuner@PROJECT.iam.gserviceaccount.com'.");
        }

        if (r.RequestId is not null && !RequestIdPattern.IsMatch(r.RequestId))
        {
            throw new GeminiTuningArgumentException(nameof(r.RequestId), $"'{Identifiers.Printable(r.RequestId)}' is not a valid request id.",
                "Use at most 63 lowercase letters, digits, '-' or '_' (a label value), e.g. a GUID without braces.");
        }
    }

    private static void ValidateCheckpoint(TuningJobRequest r, bool continuing)
    {
        if (r.CheckpointId is null)
        {
            return;
        }

        if (!continuing)
        {
            // python-genai silently drops a checkpoint id given with a base model; refusing it says what would happen.
            throw new GeminiTuningArgumentException(nameof(r.CheckpointId),
                $"A checkpoint ('{Identifiers.Printable(r.CheckpointId)}') only applies when continuing a tuned model, and '{Identifiers.Printable(r.BaseModel)}' is a base model.",
                "Give the tuned model as -BaseModel (a job's TunedModelName, 'projects/P/locations/R/models/M'), or pipe a checkpoint from a job's Checkpoints.");
        }

        if (!CheckpointPattern.IsMatch(r.CheckpointId))
        {
            throw new GeminiTuningArgumentException(nameof(r.CheckpointId), $"'{Identifiers.Printable(r.CheckpointId)}' is not a checkpoint id.",
                "Give a checkpoint id as a job lists them in its Checkpoints (e.g. '2'), or leave it out to use the model's default checkpoint.");
        }
    }

    private static void ValidateHyperParameters(TuningJobRequest r)
    {
        if (r.EpochCount is < 1)
        {
            throw new GeminiTuningArgumentException(nameof(r.EpochCount), $"The epoch count must be at least 1, not {r.EpochCount}.",
                "Give a whole number of passes over the data, or leave it out to let the service choose.");
        }

        if (r.LearningRateMultiplier is { } lr && (double.IsNaN(lr) || double.IsInfinity(lr) || lr <= 0))
        {
            throw new GeminiTuningArgumentException(nameof(r.LearningRateMultiplier),
                $"The learning rate multiplier must be a positive number, not {lr.ToString(CultureInfo.InvariantCulture)}.",
                "Leave it out to use the default 1.0.");
        }

        if (r.Beta is { } beta)
        {
            if (r.TuningMethod != GeminiTuningMethod.Preference)
            {
                throw new GeminiTuningArgumentException(nameof(r.Beta), "Beta applies to preference tuning only.",
                    "Add -TuningMethod Preference (with a preference dataset), or leave -Beta out.");
            }

            // The service's range is not documented; 0 makes the model learn nothing (Google's DPO notebook).
            if (double.IsNaN(beta) || double.IsInfinity(beta) || beta <= 0)
            {
                throw new GeminiTuningArgumentException(nameof(r.Beta), $"Beta must be a positive number, not {beta.ToString(CultureInfo.InvariantCulture)}.",
                    "Typical values are 0.01 to 0.5 (Google's notebook uses 0.1); leave it out to let the service choose.");
            }
        }
    }

    private static void ValidateText(TuningJobRequest r)
    {
        if (r.TunedModelDisplayName is { Length: > 0 } name)
        {
            if (name.Trim().Length == 0)
            {
                throw new GeminiTuningArgumentException(nameof(r.TunedModelDisplayName), "The tuned model display name is only blanks.",
                    "Give a name people can read, or leave it out to let the service name the model.");
            }

            if (name.Any(char.IsControl))
            {
                throw new GeminiTuningArgumentException(nameof(r.TunedModelDisplayName),
                    $"The tuned model display name '{Identifiers.Printable(name)}' contains a line break or another control character.",
                    "Give the name on one line, without tabs or control characters.");
            }

            if (CountCharacters(name) > 128)
            {
                throw new GeminiTuningArgumentException(nameof(r.TunedModelDisplayName),
                    $"The tuned model display name has {CountCharacters(name)} characters; at most 128 are allowed.",
                    "Shorten it to 128 characters.");
            }
        }

        if (r.Description is { } description && CountCharacters(description) > MaxDescriptionCharacters)
        {
            throw new GeminiTuningArgumentException(nameof(r.Description),
                string.Format(CultureInfo.InvariantCulture, "The description has {0:N0} characters; this module sends at most {1:N0}.", CountCharacters(description), MaxDescriptionCharacters),
                "Shorten it; Google documents no limit, so the module's bound only catches a file's content passed by mistake.");
        }
    }

    private static void ValidateLabels(TuningJobRequest r)
    {
        var count = r.UserLabelCount;
        if (count > TuningJobRequest.MaxLabels)
        {
            throw new GeminiTuningArgumentException("Label", $"{count} labels were given; a Vertex AI resource may carry at most {TuningJobRequest.MaxLabels}.",
                "Remove labels until 64 or fewer remain (63 leave room for the label that makes a lost create findable).");
        }

        if (count == TuningJobRequest.MaxLabels && r.RequestId is not null)
        {
            throw new GeminiTuningArgumentException("Label",
                $"-RequestId needs a label of its own ({TuningJobRequest.RequestIdLabel}), and the 64 labels given leave no room for it.",
                "Remove one label, or leave out -RequestId (a lost create is then found by the job's other properties).");
        }

        foreach (var pair in r.Labels)
        {
            if (pair.Key == TuningJobRequest.RequestIdLabel)
            {
                continue; // a piped job's own: replaced by this request's
            }

            if (pair.Key is null || !LabelKey.IsMatch(pair.Key) || Encoding.UTF8.GetByteCount(pair.Key) > MaxLabelBytes)
            {
                throw new GeminiTuningArgumentException("Label", $"The label key '{Identifiers.Printable(pair.Key)}' is not valid.",
                    "Label keys start with a lowercase letter and have at most 63 lowercase letters (any script), digits, '_' or '-'.");
            }

            if (pair.Value is null)
            {
                throw new GeminiTuningArgumentException("Label", $"The value of label '{pair.Key}' is null.",
                    "Give a value (an empty string '' makes a label without a value), or remove the label.");
            }

            if (!LabelValue.IsMatch(pair.Value) || Encoding.UTF8.GetByteCount(pair.Value) > MaxLabelBytes)
            {
                throw new GeminiTuningArgumentException("Label", $"The value of label '{pair.Key}' ('{Identifiers.Printable(pair.Value)}') is not valid.",
                    "Label values have at most 63 lowercase letters (any script), digits, '_' or '-'.");
            }
        }
    }

    private static void ValidateGcsUri(string? uri, string parameterName)
    {
        var trimmed = uri?.Trim() ?? string.Empty;
        if (trimmed.StartsWith("gs://", StringComparison.Ordinal) && trimmed.IndexOfAny(new[] { '*', '?', '[', ']' }) >= 0)
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"'{Identifiers.Printable(uri)}' has a wildcard; a tuning dataset is one Cloud Storage object, not a pattern.",
                "Give the one JSONL object's URI, e.g. 'gs://BUCKET/PATH/train.jsonl' (join several files into one first).");
        }

        if (!GcsUri.IsMatch(trimmed))
        {
            throw new GeminiTuningArgumentException(parameterName,
                $"'{Identifiers.Printable(uri)}' is not a Cloud Storage object URI.",
                "Give the dataset's 'gs://BUCKET/PATH.jsonl' URI (upload the file to Cloud Storage first).");
        }
    }

    private static int CountCharacters(string s) => s.Count(c => !char.IsLowSurrogate(c));
}
