using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Config;
using GeminiTuning.Http;
using GeminiTuning.Internal;
using GeminiTuning.Vertex.Wire;

namespace GeminiTuning.Vertex;

/// <summary>The outcome of a create.</summary>
public sealed class CreateTuningJobResult
{
    internal CreateTuningJobResult(GeminiTuningJob job, bool alreadyExisted, string requestId)
    {
        Job = job;
        AlreadyExisted = alreadyExisted;
        RequestId = requestId;
    }

    /// <summary>The job.</summary>
    public GeminiTuningJob Job { get; }

    /// <summary>True when a job with the same request id existed already and was returned instead of creating another.</summary>
    public bool AlreadyExisted { get; }

    /// <summary>The request id the job carries in its <c>gemini-tuning-request-id</c> label.</summary>
    public string RequestId { get; }
}

/// <summary>Vertex AI <c>projects.locations.tuningJobs</c>: create, get, list, cancel.</summary>
public sealed class VertexTuningClient
{
    private const int LookupPageSize = 100;
    private const int LookupMaxPages = 5;
    private readonly ApiTransport _transport;

    /// <summary>Creates the client over a transport.</summary>
    public VertexTuningClient(ApiTransport transport) => _transport = transport;

    /// <summary>Lookups after a create whose answer was lost: how many, and the pause between them.</summary>
    public TimeSpan LostAnswerLookupDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Creates a tuning job. The create is never sent twice once it may have reached the service: a lost answer is
    /// resolved by finding the job through its request-id label; 429 and 503 answers (the service did not create
    /// anything) are retried with backoff. With an explicit <see cref="TuningJobRequest.RequestId"/> an existing job
    /// carrying it is returned instead of creating another, which makes re-running a script safe.
    /// </summary>
    public async Task<CreateTuningJobResult> CreateAsync(string project, string location, TuningJobRequest request, CancellationToken cancellationToken)
    {
        Identifiers.ValidateProject(project);
        Identifiers.ValidateRegion(location);
        request.Validate();
        var requestId = request.RequestId ?? TuningJobRequest.NewRequestId();
        if (request.RequestId is not null && await FindByRequestIdAsync(project, location, requestId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            _transport.Log.Verbose($"A tuning job with request id {requestId} exists already ({existing.Name}); not creating another.");
            return new CreateTuningJobResult(existing, true, requestId);
        }

        var body = GoogleJson.Serialize(request.ToResource(requestId));
        var uri = new Uri(_transport.Endpoints.VertexBase(location), $"v1/projects/{project}/locations/{location}/tuningJobs");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await _transport.SendJsonAsync<TuningJobResource>(
                    new ApiCall(HttpMethod.Post, uri, RetryClass.Never) { Body = body }, cancellationToken).ConfigureAwait(false);
                return new CreateTuningJobResult(TuningJobMapper.ToJob(created), false, requestId);
            }
            catch (GoogleApiException e) when (attempt < _transport.RetryPolicy.MaxAttempts && _transport.RetryPolicy.IsRetryableRejection(e.Error))
            {
                await _transport.WaitBeforeRetryAsync(attempt, e.Error.RetryDelay, e.Status, cancellationToken).ConfigureAwait(false);
                if (e.HttpStatusCode == 503 && await FindByRequestIdAsync(project, location, requestId, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    // A 503 should mean nothing was created; should a front end have said it after all, take the job.
                    return new CreateTuningJobResult(found, false, requestId);
                }
            }
            catch (RequestOutcomeUnknownException unknown)
            {
                return await ResolveLostAnswerAsync(project, location, requestId, unknown, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<CreateTuningJobResult> ResolveLostAnswerAsync(string project, string location, string requestId,
        RequestOutcomeUnknownException unknown, CancellationToken cancellationToken)
    {
        _transport.Log.Verbose($"The answer to the create was lost ({unknown.Cause}); looking for a job labelled {TuningJobRequest.RequestIdLabel}={requestId}.");
        Exception? lookupFailure = null;
        for (var lookup = 1; lookup <= 3; lookup++)
        {
            try
            {
                if (await FindByRequestIdAsync(project, location, requestId, cancellationToken).ConfigureAwait(false) is { } job)
                {
                    _transport.Log.Verbose($"Found the job the interrupted create made: {job.Name}.");
                    return new CreateTuningJobResult(job, false, requestId);
                }
            }
            catch (GeminiTuningException ex)
            {
                lookupFailure = ex;
            }

            if (lookup < 3)
            {
                await Task.Delay(TimeSpan.FromTicks(LostAnswerLookupDelay.Ticks * lookup), cancellationToken).ConfigureAwait(false);
            }
        }

        var checkedText = lookupFailure is null ? "No job carrying it was found" : "It could not be checked (" + lookupFailure.Message + ")";
        throw new GeminiTuningException(
            $"The create request may or may not have created a tuning job: {unknown.Cause} after it was sent. " +
            $"It carried the label {TuningJobRequest.RequestIdLabel}={requestId}. {checkedText}, and the request was not sent again, " +
            "so that no second billable job is created.",
            "CreateOutcomeUnknown", ErrorCategoryHint.ConnectionError,
            $"Check with: Get-GeminiTuningJob -Filter 'labels.{TuningJobRequest.RequestIdLabel}=\"{requestId}\"'. To retry safely, " +
            $"run New-GeminiTuningJob again with -RequestId {requestId}: it returns the job if it exists and creates it otherwise.", unknown);
    }

    /// <summary>Gets a job.</summary>
    public async Task<GeminiTuningJob> GetAsync(TuningJobName name, CancellationToken cancellationToken)
    {
        var uri = new Uri(_transport.Endpoints.VertexBase(name.Location), "v1/" + name.FullName);
        var resource = await _transport.SendJsonAsync<TuningJobResource>(new ApiCall(HttpMethod.Get, uri, RetryClass.Idempotent), cancellationToken)
            .ConfigureAwait(false);
        return TuningJobMapper.ToJob(resource);
    }

    /// <summary>Lists one page of jobs. <paramref name="filter"/> is passed to the service as is.</summary>
    public async Task<GeminiTuningJobPage> ListPageAsync(string project, string location, string? filter, string? pageToken, int? pageSize,
        CancellationToken cancellationToken)
    {
        Identifiers.ValidateProject(project);
        Identifiers.ValidateRegion(location);
        var query = new QueryString().Add("pageSize", pageSize?.ToString(CultureInfo.InvariantCulture)).Add("pageToken", pageToken).Add("filter", filter);
        var uri = new Uri(_transport.Endpoints.VertexBase(location), $"v1/projects/{project}/locations/{location}/tuningJobs" + query);
        var page = await _transport.SendJsonAsync<ListTuningJobsResponse>(new ApiCall(HttpMethod.Get, uri, RetryClass.Idempotent), cancellationToken)
            .ConfigureAwait(false);
        var jobs = page.TuningJobs?.Select(TuningJobMapper.ToJob).ToArray() ?? Array.Empty<GeminiTuningJob>();
        return new GeminiTuningJobPage(jobs, string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken);
    }

    /// <summary>Asks the service to cancel a job (best effort; the job passes through Cancelling).</summary>
    public async Task CancelAsync(TuningJobName name, CancellationToken cancellationToken)
    {
        var uri = new Uri(_transport.Endpoints.VertexBase(name.Location), "v1/" + name.FullName + ":cancel");
        using var _ = await _transport.SendAsync(
            new ApiCall(HttpMethod.Post, uri, RetryClass.Idempotent) { Body = Encoding.UTF8.GetBytes("{}") },
            HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

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

        string? token = null;
        for (var pageNumber = 0; pageNumber < LookupMaxPages; pageNumber++)
        {
            var page = await ListPageAsync(project, location, null, token, LookupPageSize, cancellationToken).ConfigureAwait(false);
            if (page.Jobs.FirstOrDefault(Matches) is { } job)
            {
                return job;
            }

            if ((token = page.NextPageToken) is null)
            {
                break;
            }
        }

        return null;
    }
}
