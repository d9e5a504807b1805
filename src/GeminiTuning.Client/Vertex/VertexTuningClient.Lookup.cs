using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Http;

namespace GeminiTuning.Vertex;

// Finding the job a create or rebase made when its answer was lost: by its request-id label, or, when 64 labels of
// the user's own left no room for that label, by its fingerprint. Nothing is ever sent again.
public sealed partial class VertexTuningClient
{
    /// <summary>How far before the create was sent a job's createTime may lie and still be its job (the service's clock may run behind ours).</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Finds the job carrying a request id label: with a server-side label filter, or, where the service refuses that
    /// filter, by reading the newest jobs.
    /// </summary>
    public async Task<GeminiTuningJob?> FindByRequestIdAsync(string project, string location, string requestId, CancellationToken cancellationToken)
    {
        bool Matches(GeminiTuningJob j) => j.Labels.TryGetValue(TuningJobRequest.RequestIdLabel, out var v) && v == requestId;
        try
        {
            var filter = $"labels.{TuningJobRequest.RequestIdLabel}=\"{requestId}\"";
            var page = await ListPageAsync(project, location, filter, null, LookupPageSize, cancellationToken).ConfigureAwait(false);
            return page.Jobs.FirstOrDefault(Matches);
        }
        catch (GoogleApiException e) when (e.Status == "INVALID_ARGUMENT")
        {
            _transport.Log.Verbose("The service refused the label filter; reading the newest jobs instead.");
        }

        return (await NewestJobsAsync(project, location, Matches, stopAtFirst: true, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>
    /// Finds the job a create without a request-id label made: created after it was sent (allowing for clock skew),
    /// with exactly its labels, base model, training dataset and display name. More than one such job is ambiguous
    /// and reported as an error rather than guessed.
    /// </summary>
    internal async Task<GeminiTuningJob?> FindByFingerprintAsync(string project, string location, TuningJobRequest request, DateTimeOffset sentAfter,
        CancellationToken cancellationToken)
    {
        var wanted = request.ToResource(null);
        var labels = wanted.Labels ?? new Dictionary<string, string>();
        var model = request.BaseModel.Trim();
        bool Matches(GeminiTuningJob j) =>
            j.CreateTime is { } created && created >= sentAfter - ClockSkew &&
            j.Labels.Count == labels.Count && labels.All(p => j.Labels.TryGetValue(p.Key, out var v) && v == p.Value) &&
            (j.BaseModel == model || j.PreTunedModelName == model) &&
            j.TrainingDatasetUri == request.TrainingDatasetUri.Trim() &&
            j.TunedModelDisplayName == wanted.TunedModelDisplayName;

        var found = await NewestJobsAsync(project, location, Matches, stopAtFirst: false, cancellationToken).ConfigureAwait(false);
        if (found.Count > 1)
        {
            throw new GeminiTuningException(
                $"{found.Count} tuning jobs match the create whose answer was lost ({string.Join(", ", found.Select(j => j.Name))}); " +
                "which one it made cannot be told, as 64 labels of your own left no room for the module's request-id label. Nothing was sent again.",
                "CreateOutcomeUnknown", ErrorCategoryHint.ConnectionError,
                "Check them with Get-GeminiTuningJob; use at most 63 labels so that the module can label its requests.");
        }

        return found.FirstOrDefault();
    }

    /// <summary>The newest jobs (up to <see cref="LookupMaxPages"/> pages) that match.</summary>
    private async Task<List<GeminiTuningJob>> NewestJobsAsync(string project, string location, Func<GeminiTuningJob, bool> matches, bool stopAtFirst,
        CancellationToken cancellationToken)
    {
        var result = new List<GeminiTuningJob>();
        string? token = null;
        for (var pageNumber = 0; pageNumber < LookupMaxPages; pageNumber++)
        {
            var page = await ListPageAsync(project, location, null, token, LookupPageSize, cancellationToken).ConfigureAwait(false);
            result.AddRange(page.Jobs.Where(matches));
            if ((stopAtFirst && result.Count > 0) || (token = page.NextPageToken) is null)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>
    /// After a create or rebase whose answer was lost: looks for its job a few times (it may take a moment to be
    /// listed), returns it when found, and otherwise fails without sending anything again.
    /// </summary>
    private async Task<GeminiTuningJob> ResolveLostAnswerAsync(string what, Func<Task<GeminiTuningJob?>> find, string? requestId,
        RequestOutcomeUnknownException unknown, CancellationToken cancellationToken)
    {
        var marker = requestId is null ? "its labels, model, dataset and creation time" : $"the label {TuningJobRequest.RequestIdLabel}={requestId}";
        _transport.Log.Verbose($"The answer to the {what} was lost ({unknown.Cause}); looking for the job by {marker}.");
        Exception? lookupFailure = null;
        for (var lookup = 1; lookup <= 3; lookup++)
        {
            try
            {
                if (await find().ConfigureAwait(false) is { } job)
                {
                    _transport.Log.Verbose($"Found the job the interrupted {what} made: {job.Name}.");
                    return job;
                }
            }
            catch (GeminiTuningException ex) when (ex.Condition != "CreateOutcomeUnknown")
            {
                lookupFailure = ex;
            }

            if (lookup < 3)
            {
                await Task.Delay(TimeSpan.FromTicks(LostAnswerLookupDelay.Ticks * lookup), cancellationToken).ConfigureAwait(false);
            }
        }

        var checkedText = lookupFailure is null ? "No job carrying it was found" : "It could not be checked (" + lookupFailure.Message + ")";
        var condition = what == "create" ? "CreateOutcomeUnknown" : "RebaseOutcomeUnknown";
        if (requestId is null)
        {
            throw new GeminiTuningException(
                $"The {what} request may or may not have created a tuning job: {unknown.Cause} after it was sent. {checkedText.Replace("carrying it", "matching it")}, " +
                "and the request was not sent again, so that no second billable job is created.",
                condition, ErrorCategoryHint.ConnectionError,
                "Check with Get-GeminiTuningJob (the newest jobs) before running the command again.", unknown);
        }

        var rerun = what == "create"
            ? $"run New-GeminiTuningJob again with -RequestId {requestId}: it returns the job if it exists and creates it otherwise."
            : $"run New-GeminiTuningJob -RebaseTunedModel again with -RequestId {requestId}: it returns the job if it exists and rebases otherwise.";
        throw new GeminiTuningException(
            $"The {what} request may or may not have created a tuning job: {unknown.Cause} after it was sent. " +
            $"It carried the label {TuningJobRequest.RequestIdLabel}={requestId}. {checkedText}, and the request was not sent again, " +
            "so that no second billable job is created.",
            condition, ErrorCategoryHint.ConnectionError,
            $"Check with: Get-GeminiTuningJob -Filter 'labels.{TuningJobRequest.RequestIdLabel}=\"{requestId}\"'. To retry safely, " + rerun, unknown);
    }
}
