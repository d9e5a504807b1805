using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Workflows;
using GeminiTuning.Storage;

namespace GeminiTuning.Datasets;

/// <summary>Where staging is.</summary>
public enum DatasetStagingPhase
{
    /// <summary>Reading the file to validate and hash it.</summary>
    Validating,

    /// <summary>Sending it to Cloud Storage.</summary>
    Uploading,
}

/// <summary>Progress of <see cref="DatasetStaging"/>: one file, one phase, bytes done of the file's size.</summary>
public sealed class DatasetStagingProgress
{
    internal DatasetStagingProgress(string localPath, DatasetStagingPhase phase, long bytesDone, long bytesTotal)
    {
        LocalPath = localPath;
        Phase = phase;
        BytesDone = bytesDone;
        BytesTotal = bytesTotal;
    }

    /// <summary>The local file.</summary>
    public string LocalPath { get; }

    /// <summary>Validating or uploading.</summary>
    public DatasetStagingPhase Phase { get; }

    /// <summary>Bytes read (validating) or persisted by Cloud Storage (uploading).</summary>
    public long BytesDone { get; }

    /// <summary>The file's size.</summary>
    public long BytesTotal { get; }

    /// <summary>0 to 100.</summary>
    public int PercentComplete => BytesTotal <= 0 ? 100 : (int)Math.Min(100, BytesDone * 100 / BytesTotal);
}

/// <summary>What staging will do with one file: validated and hashed, not uploaded yet. From <c>DatasetStaging.PlanAsync</c>.</summary>
public sealed class DatasetStagingPlan
{
    internal DatasetStagingPlan(string localPath, long sizeBytes, GcsObject target, ContentHashes hashes, DatasetReport report)
    {
        LocalPath = localPath;
        SizeBytes = sizeBytes;
        Target = target;
        Hashes = hashes;
        Report = report;
    }

    /// <summary>The local file (full path).</summary>
    public string LocalPath { get; }

    /// <summary>Its size in bytes.</summary>
    public long SizeBytes { get; }

    /// <summary>The object it goes to.</summary>
    public GcsObject Target { get; }

    /// <summary>The <c>gs://</c> URI it will have, for <c>trainingDatasetUri</c>/<c>validationDatasetUri</c>.</summary>
    public string TargetUri => Target.Uri;

    /// <summary>Its content hashes.</summary>
    public ContentHashes Hashes { get; }

    /// <summary>The validation report: valid, perhaps with warnings.</summary>
    public DatasetReport Report { get; }
}

/// <summary>A dataset in Cloud Storage, ready for a tuning job. From <see cref="DatasetStaging.StageAsync"/>.</summary>
public sealed class StagedDataset
{
    internal StagedDataset(DatasetStagingPlan plan, bool uploaded, StorageObjectInfo storedObject)
    {
        LocalPath = plan.LocalPath;
        SizeBytes = plan.SizeBytes;
        GcsUri = plan.TargetUri;
        Uploaded = uploaded;
        Report = plan.Report;
        Object = storedObject;
    }

    /// <summary>The local file.</summary>
    public string LocalPath { get; }

    /// <summary>Its size in bytes.</summary>
    public long SizeBytes { get; }

    /// <summary>The <c>gs://bucket/object</c> URI to give the tuning job.</summary>
    public string GcsUri { get; }

    /// <summary>True when it was uploaded now; false when an identical object was already there.</summary>
    public bool Uploaded { get; }

    /// <summary>The validation report (warnings are worth showing).</summary>
    public DatasetReport Report { get; }

    /// <summary>The object's metadata.</summary>
    public StorageObjectInfo Object { get; }
}

/// <summary>A dataset that has errors: staging stops before anything is uploaded.</summary>
public sealed class DatasetInvalidException : GeminiTuningException
{
    private const int ProblemsInMessage = 5;

    internal DatasetInvalidException(DatasetReport report)
        : base(Describe(report), "InvalidDataset", ErrorCategoryHint.InvalidData,
            $"Fix the errors and run the command again. Test-GeminiTuningDataset -LiteralPath '{report.Path}'{(report.BaseModel is null ? string.Empty : " -BaseModel " + report.BaseModel)}" +
            $"{(report.Purpose == DatasetPurpose.Validation ? " -Purpose Validation" : string.Empty)} lists every problem.")
    {
        Report = report;
    }

    /// <summary>The full report.</summary>
    public DatasetReport Report { get; }

    private static string Describe(DatasetReport report)
    {
        var errors = report.Problems.Where(p => p.Severity == DatasetProblemSeverity.Error).Take(ProblemsInMessage).ToList();
        var text = new StringBuilder();
        text.AppendFormat(CultureInfo.InvariantCulture, "The {0} dataset '{1}' has {2:N0} error(s): ", report.Purpose.ToString().ToLowerInvariant(),
            Path.GetFileName(report.Path), report.ErrorCount);
        text.Append(string.Join("; ", errors.Select(e => e.ToString())));
        if (report.ErrorCount > errors.Count)
        {
            text.AppendFormat(CultureInfo.InvariantCulture, "; and {0:N0} more", report.ErrorCount - errors.Count);
        }

        return text.ToString();
    }
}

/// <summary>
/// Puts local JSONL datasets into Cloud Storage for a tuning job: validates each file (refusing one with errors),
/// then uploads it with the resumable protocol, or reuses an identical object already there.
/// </summary>
/// <remarks>
/// <para>
/// Object names are content-addressed: <c>PREFIX/STEM-CRC.jsonl</c>, where STEM is the file name without its
/// extension and CRC the file's CRC-32C in 8 hex digits (e.g. <c>gs://bucket/tuning/train-1a2b3c4d.jsonl</c>). So an
/// object is never overwritten with different content while an earlier job may still read it, the same file staged
/// twice is found and not sent again (its size, CRC-32C and MD5 are compared with the object's metadata), and the name
/// always ends in <c>.jsonl</c>, which the service requires.
/// </para>
/// <para>The plan (validation and hashing) reads the file once and sends nothing, for <c>-WhatIf</c>; the upload reads it again.</para>
/// </remarks>
public sealed class DatasetStaging
{
    /// <summary>The content type of staged datasets.</summary>
    public const string JsonlContentType = "application/jsonl";

    /// <summary>Creates staging over a command's services.</summary>
    public DatasetStaging(GeminiTuningServices services)
        : this(new StorageClient(services.Transport))
    {
    }

    /// <summary>Creates staging over a storage client.</summary>
    public DatasetStaging(StorageClient storage) => Storage = storage;

    /// <summary>The Cloud Storage client (its <see cref="StorageClient.ChunkSize"/> can be changed).</summary>
    public StorageClient Storage { get; }

    /// <summary>
    /// Validates <paramref name="localPath"/> for <paramref name="purpose"/> and <paramref name="baseModel"/>, hashes it,
    /// and works out the object it goes to under <paramref name="stagingLocation"/> (<c>gs://bucket</c> or
    /// <c>gs://bucket/prefix</c>). Sends nothing.
    /// </summary>
    /// <exception cref="GeminiTuningArgumentException">The staging location is not a valid gs:// bucket and prefix (parameter <c>StagingBucket</c>).</exception>
    /// <exception cref="DatasetInvalidException">The dataset has errors.</exception>
    /// <exception cref="GeminiTuningException">The file does not exist or cannot be read.</exception>
    public Task<DatasetStagingPlan> PlanAsync(string localPath, string stagingLocation, DatasetPurpose purpose, string? baseModel,
        IProgress<DatasetStagingProgress>? progress, CancellationToken cancellationToken) =>
        PlanAsync(localPath, stagingLocation, purpose, baseModel, GeminiTuningMethod.Supervised, progress, cancellationToken);

    /// <summary>As <see cref="PlanAsync(string, string, DatasetPurpose, string, IProgress{DatasetStagingProgress}, CancellationToken)"/>, checking the file in the format of <paramref name="method"/>.</summary>
    public async Task<DatasetStagingPlan> PlanAsync(string localPath, string stagingLocation, DatasetPurpose purpose, string? baseModel, GeminiTuningMethod method,
        IProgress<DatasetStagingProgress>? progress, CancellationToken cancellationToken)
    {
        var location = GcsLocation.Parse(stagingLocation);
        var fullPath = Path.GetFullPath(localPath);
        var size = File.Exists(fullPath) ? new FileInfo(fullPath).Length : 0;
        using var hasher = new ContentHasher();
        var options = new DatasetValidationOptions
        {
            Purpose = purpose,
            TuningMethod = method,
            BaseModel = baseModel,
            ContentObserver = hasher,
            BytesRead = progress is null ? null : done => progress.Report(new DatasetStagingProgress(fullPath, DatasetStagingPhase.Validating, done, size)),
        };
        var report = await DatasetValidator.ValidateAsync(fullPath, options, cancellationToken).ConfigureAwait(false);
        if (!report.IsValid)
        {
            throw new DatasetInvalidException(report);
        }

        var hashes = hasher.Finish();
        var target = location.Object(ObjectFileName(fullPath, hashes));
        return new DatasetStagingPlan(fullPath, report.SizeBytes, target, hashes, report);
    }

    /// <summary>What <see cref="UploadAsync"/> would do, for -WhatIf and confirmation prompts: "Would upload train.jsonl (1,234 bytes) to gs://…".</summary>
    public static string DescribeStaging(DatasetStagingPlan plan) => string.Format(CultureInfo.InvariantCulture,
        "Would upload {0} ({1:N0} bytes, {2:N0} {3} examples) to {4}, unless an identical object is already there.",
        Path.GetFileName(plan.LocalPath), plan.SizeBytes, plan.Report.ExampleCount, plan.Report.Purpose.ToString().ToLowerInvariant(), plan.TargetUri);

    /// <summary>
    /// Uploads a planned file, unless its object already holds the same content. Reports validation-free progress
    /// (the bytes Cloud Storage has persisted).
    /// </summary>
    /// <exception cref="GeminiTuningException">The upload failed, or the file changed since it was planned (condition <c>DatasetChanged</c>).</exception>
    public async Task<StagedDataset> UploadAsync(DatasetStagingPlan plan, IProgress<DatasetStagingProgress>? progress, CancellationToken cancellationToken)
    {
        var existing = await Storage.GetObjectAsync(plan.Target, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.HasContent(plan.Hashes))
        {
            progress?.Report(new DatasetStagingProgress(plan.LocalPath, DatasetStagingPhase.Uploading, plan.SizeBytes, plan.SizeBytes));
            return new StagedDataset(plan, uploaded: false, existing);
        }

        var bytes = progress is null
            ? null
            : new Progress(done => progress.Report(new DatasetStagingProgress(plan.LocalPath, DatasetStagingPhase.Uploading, done, plan.SizeBytes)));
        var result = await Storage.UploadFileAsync(plan.LocalPath, plan.Target, JsonlContentType, plan.Hashes, bytes, cancellationToken).ConfigureAwait(false);
        if (!result.Hashes.SameContentAs(plan.Hashes))
        {
            // The file changed between validation and upload: what was uploaded was not validated.
            await Storage.DeleteObjectAsync(plan.Target).ConfigureAwait(false);
            throw new GeminiTuningException(
                $"'{plan.LocalPath}' changed after it was validated; the uploaded copy was deleted.", "DatasetChanged", ErrorCategoryHint.InvalidOperation,
                "Do not change the file while it is staged; run the command again.");
        }

        return new StagedDataset(plan, uploaded: true, result.Object);
    }

    /// <summary>
    /// Validates <paramref name="localPath"/> (failing with every problem if it is invalid), then uploads it under
    /// <paramref name="stagingLocation"/> or reuses an identical object there, and returns its gs:// URI.
    /// </summary>
    /// <exception cref="GeminiTuningArgumentException">The staging location is invalid.</exception>
    /// <exception cref="DatasetInvalidException">The dataset has errors; nothing was sent.</exception>
    /// <exception cref="GeminiTuningException">The file cannot be read, or the upload failed.</exception>
    public async Task<StagedDataset> StageAsync(string localPath, string stagingLocation, DatasetPurpose purpose, string? baseModel,
        IProgress<DatasetStagingProgress>? progress, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(localPath, stagingLocation, purpose, baseModel, progress, cancellationToken).ConfigureAwait(false);
        return await UploadAsync(plan, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The one rule that needs both files (dataset-format.md §2): a validation set of more than 1,000 examples may be cut
    /// to 30% of the training examples. A warning, not an error, as the service's wording leaves the exact rule open.
    /// </summary>
    public static string? ValidationShareWarning(long trainingExamples, long validationExamples) =>
        validationExamples > 1000 && validationExamples > 0.3 * trainingExamples
            ? string.Format(CultureInfo.InvariantCulture,
                "The validation set has {0:N0} examples, more than 30% of the {1:N0} training examples; Vertex AI may use only 30% of the training set's size for a validation set over 1,000 examples.",
                validationExamples, trainingExamples)
            : null;

    /// <summary><c>STEM-CRC32C.jsonl</c>, with characters Cloud Storage advises against (control, whitespace, #, [, ], *, ?) made '-'.</summary>
    internal static string ObjectFileName(string localPath, ContentHashes hashes)
    {
        var stem = Path.GetFileNameWithoutExtension(localPath);
        var clean = new StringBuilder(stem.Length);
        foreach (var c in stem)
        {
            clean.Append(char.IsControl(c) || char.IsWhiteSpace(c) || c is '#' or '[' or ']' or '*' or '?' or '/' or '\\' ? '-' : c);
        }

        var name = clean.ToString().Trim('.');
        return (name.Length == 0 ? "dataset" : name) + "-" + hashes.Crc32cHex + ".jsonl";
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports synchronously on the reporting thread (no SynchronizationContext hop).</summary>
    private sealed class Progress : IProgress<long>
    {
        private readonly Action<long> _report;

        public Progress(Action<long> report) => _report = report;

        public void Report(long value) => _report(value);
    }
}
