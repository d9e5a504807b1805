using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Config;
using GeminiTuning.Datasets;
using GeminiTuning.Http;
using GeminiTuning.Storage;
using GeminiTuning.Vertex;

namespace GeminiTuning.Workflows;

/// <summary>What <see cref="CreateCheck"/> found: warnings to show, and findings for <c>-WhatIf</c>.</summary>
public sealed class CreateCheckResult
{
    internal CreateCheckResult(TunableModel? model, IReadOnlyList<string> warnings, IReadOnlyList<string> findings)
    {
        Model = model;
        Warnings = warnings;
        Findings = findings;
    }

    /// <summary>The base model as the catalog knows it, or null.</summary>
    public TunableModel? Model { get; }

    /// <summary>What may go wrong but is not refused (written as warnings).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>What was checked and found, one line each (shown by <c>-WhatIf</c> and <c>-Verbose</c>).</summary>
    public IReadOnlyList<string> Findings { get; }

    /// <summary>The findings as one sentence for a -WhatIf line.</summary>
    public string Summary => string.Join(" ", Findings);

    /// <summary>The same result with the billable size of a run over <paramref name="training"/> (validated locally).</summary>
    public CreateCheckResult WithBillableSize(DatasetReport training, long? epochCount) =>
        new(Model, Warnings, Findings.Where(f => !f.StartsWith(BillablePrefix, StringComparison.Ordinal))
            .Concat(new[] { BillablePrefix + training.Billable(epochCount) + "." }).ToList());

    internal const string BillablePrefix = "Billable size: ";
}

/// <summary>
/// The checks before a create, run before anything is sent or uploaded: the request itself, the catalog (skipped with
/// <c>force</c>), and the <c>gs://</c> datasets, whose metadata is read with the same credentials as the create. A
/// missing dataset object is an error; one that cannot be read (no permission, no network) a warning.
/// </summary>
public sealed class CreateCheck
{
    private readonly StorageClient _storage;

    /// <summary>Creates the check over a command's services.</summary>
    public CreateCheck(GeminiTuningServices services)
        : this(new StorageClient(services.Transport))
    {
    }

    /// <summary>Creates the check over a storage client.</summary>
    public CreateCheck(StorageClient storage) => _storage = storage;

    /// <summary>
    /// Checks <paramref name="request"/> for <paramref name="region"/>. <paramref name="checkObjects"/> false skips the
    /// Cloud Storage lookups (datasets about to be staged from local files, whose objects do not exist yet);
    /// <paramref name="datasetReport"/>, when the training dataset was validated locally, gives the billable size.
    /// </summary>
    /// <exception cref="GeminiTuningArgumentException">The request is invalid, or the catalog knows the combination is.</exception>
    public async Task<CreateCheckResult> RunAsync(string region, TuningJobRequest request, bool force, bool checkObjects, DatasetReport? datasetReport,
        CancellationToken cancellationToken)
    {
        request.Validate();
        var warnings = new List<string>();
        var findings = new List<string>();
        TunableModel? model = null;
        if (force)
        {
            findings.Add("Catalog check skipped (-Force).");
        }
        else
        {
            model = CatalogCheck.CheckRequest(request, region, warnings);
            findings.Add(model is null
                ? "Catalog: the base model is not one the catalog knows; sent as given."
                : $"Catalog: {model.Describe()}.");
        }

        if (request.LabelsAreFull)
        {
            warnings.Add($"64 labels leave no room for the {TuningJobRequest.RequestIdLabel} label: if the create's answer is lost, the job is looked for by its labels, model, dataset and creation time instead.");
        }

        if (checkObjects)
        {
            await CheckObjectAsync(request.TrainingDatasetUri, "TrainingDatasetUri", model, warnings, findings, cancellationToken).ConfigureAwait(false);
            if (request.ValidationDatasetUri is not null)
            {
                await CheckObjectAsync(request.ValidationDatasetUri, "ValidationDatasetUri", model, warnings, findings, cancellationToken).ConfigureAwait(false);
            }
        }

        findings.Add(datasetReport is null
            ? CreateCheckResult.BillablePrefix + "not estimated for a dataset already in Cloud Storage (Test-GeminiTuningDataset on a local copy estimates it)."
            : CreateCheckResult.BillablePrefix + datasetReport.Billable(request.EpochCount) + ".");
        return new CreateCheckResult(model, warnings, findings);
    }

    private async Task CheckObjectAsync(string uri, string parameterName, TunableModel? model, List<string> warnings, List<string> findings,
        CancellationToken cancellationToken)
    {
        var target = Parse(uri.Trim(), parameterName);
        StorageObjectInfo? info;
        try
        {
            info = await _storage.GetObjectAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode is 401 or 403)
        {
            warnings.Add($"Could not check that {target.Uri} exists: {e.ServiceMessage} The tuning service reads it with its own account, so the job is created all the same.");
            findings.Add($"{target.Uri}: not checked (no permission to read its metadata).");
            return;
        }
        catch (GeminiTuningException e) when (e is not GeminiTuningArgumentException)
        {
            warnings.Add($"Could not check that {target.Uri} exists: {e.Message}");
            findings.Add($"{target.Uri}: not checked ({e.Condition}).");
            return;
        }

        if (info is null)
        {
            throw new GeminiTuningArgumentException(parameterName, "DatasetNotFound",
                $"There is no object {target.Uri}: the tuning job would fail to read its dataset.",
                "Check the bucket and path (gsutil ls / gcloud storage ls), or give a local file with -TrainingDatasetPath and -StagingBucket to upload it.",
                ErrorCategoryHint.ObjectNotFound);
        }

        var limit = model?.Limits.MaxFileBytes ?? DatasetLimits.OneGigabyte;
        if (info.Size > DatasetLimits.OneGibibyte)
        {
            throw new GeminiTuningArgumentException(parameterName, "DatasetTooLarge",
                string.Format(CultureInfo.InvariantCulture, "{0} is {1:N0} bytes; a tuning dataset file may be at most 1 GB.", target.Uri, info.Size),
                "Remove examples or split the data.", ErrorCategoryHint.LimitsExceeded);
        }

        if (info.Size > limit)
        {
            warnings.Add(string.Format(CultureInfo.InvariantCulture, "{0} is {1:N0} bytes, over 1 GB (10^9 bytes); the documented limit is \"1 GB\", so it may be refused.", target.Uri, info.Size));
        }

        if (!target.Name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add($"{target.Uri} does not end in .jsonl; every Google sample names tuning datasets *.jsonl, and the service may insist.");
        }

        findings.Add(string.Format(CultureInfo.InvariantCulture, "{0}: found, {1:N0} bytes{2}.", target.Uri, info.Size,
            info.ContentType is null ? string.Empty : ", " + info.ContentType));
    }

    private static GcsObject Parse(string uri, string parameterName)
    {
        var rest = uri.Substring("gs://".Length);
        var slash = rest.IndexOf('/');
        return new GcsObject(rest.Substring(0, slash), rest.Substring(slash + 1), parameterName);
    }
}
