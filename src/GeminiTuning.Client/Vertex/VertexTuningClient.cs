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
    internal CreateTuningJobResult(GeminiTuningJob job, bool alreadyExisted, string? requestId, string? operationName = null)
    {
        Job = job;
        AlreadyExisted = alreadyExisted;
        RequestId = requestId;
        OperationName = operationName;
    }

    /// <summary>The job.</summary>
    public GeminiTuningJob Job { get; }

    /// <summary>True when a job with the same request id existed already and was returned instead of creating another.</summary>
    public bool AlreadyExisted { get; }

    /// <summary>The request id the job carries in its <c>gemini-tuning-request-id</c> label; null when 64 labels of the user's own left no room for it.</summary>
    public string? RequestId { get; }

    /// <summary>A rebase's long-running operation (<c>…/operations/ID</c>); null for a create.</summary>
    public string? OperationName { get; }
}

/// <summary>Vertex AI <c>projects.locations.tuningJobs</c>: create, rebaseTunedModel, get, list, cancel.</summary>
public sealed partial class VertexTuningClient
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

        // 64 labels of the user's own leave no room for the request-id label: the job is then recognised by its
        // fingerprint (labels, model, data, name, creation time) if the answer is lost.
        var requestId = request.LabelsAreFull ? null : request.RequestId ?? TuningJobRequest.NewRequestId();
        if (request.RequestId is not null && await FindByRequestIdAsync(project, location, request.RequestId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            _transport.Log.Verbose($"A tuning job with request id {request.RequestId} exists already ({existing.Name}); not creating another.");
            return new CreateTuningJobResult(existing, true, request.RequestId);
        }

        if (requestId is null)
        {
            _transport.Log.Verbose($"The request carries 64 labels, so no {TuningJobRequest.RequestIdLabel} label: a lost answer will be resolved by the job's labels, model, dataset and creation time.");
        }

        var body = GoogleJson.Serialize(request.ToResource(requestId));
        var uri = new Uri(_transport.Endpoints.VertexBase(location), $"v1/projects/{project}/locations/{location}/tuningJobs");
        var sentAfter = DateTimeOffset.UtcNow;
        Task<GeminiTuningJob?> FindAsync() => requestId is null
            ? FindByFingerprintAsync(project, location, request, sentAfter, cancellationToken)
            : FindByRequestIdAsync(project, location, requestId, cancellationToken);

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
                if (e.HttpStatusCode == 503 && await FindAsync().ConfigureAwait(false) is { } found)
                {
                    // A 503 should mean nothing was created; should a front end have said it after all, take the job.
                    return new CreateTuningJobResult(found, false, requestId);
                }
            }
            catch (RequestOutcomeUnknownException unknown)
            {
                var job = await ResolveLostAnswerAsync("create", FindAsync, requestId, unknown, cancellationToken).ConfigureAwait(false);
                return new CreateTuningJobResult(job, false, requestId);
            }
        }
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
}
