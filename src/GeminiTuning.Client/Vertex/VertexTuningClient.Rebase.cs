using System;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Config;
using GeminiTuning.Http;
using GeminiTuning.Internal;
using GeminiTuning.Vertex.Wire;

namespace GeminiTuning.Vertex;

// tuningJobs:rebaseTunedModel (rebase.md). The request has no requestId on the wire, so it gets the create's
// discipline: never sent twice once it may have arrived, its job marked by a request-id label (in the tuningJob
// override) and found by it after a lost answer, and an explicit request id makes a re-run return the job.
public sealed partial class VertexTuningClient
{
    // The operation's name becomes a URL path: only a name of the documented shape is followed.
    private static readonly Regex OperationName = new(@"^projects/[^/\s]+/locations/[^/\s]+/(?:tuningJobs/[^/\s]+/)?operations/[^/\s]+$", RegexOptions.CultureInvariant);

    /// <summary>How long a rebase waits for its operation to name the new job before giving up (not cancelling).</summary>
    public TimeSpan RebaseOperationTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The pause between reads of a rebase's operation.</summary>
    public TimeSpan RebaseOperationPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Rebases a tuned model onto a newer base model: a new tuning job and tuned model, in the referenced model's
    /// project and location. Returns the new job (its state as the service reports it), whether the service answers with
    /// a finished operation or one still running; the rebase is never sent twice.
    /// </summary>
    public async Task<CreateTuningJobResult> RebaseAsync(RebaseTunedModelRequest request, CancellationToken cancellationToken)
    {
        request.Validate();
        var project = Identifiers.ValidateProject(request.RefProject, "RebaseTunedModel");
        var location = Identifiers.ValidateRegion(request.RefLocation, "RebaseTunedModel");
        var requestId = request.RequestId ?? TuningJobRequest.NewRequestId();
        if (request.RequestId is not null && await FindByRequestIdAsync(project, location, requestId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            _transport.Log.Verbose($"A tuning job with request id {requestId} exists already ({existing.Name}); not rebasing again.");
            return new CreateTuningJobResult(existing, true, requestId);
        }

        var body = GoogleJson.Serialize(request.ToResource(requestId));
        var uri = new Uri(_transport.Endpoints.VertexBase(location), $"v1/projects/{project}/locations/{location}/tuningJobs:rebaseTunedModel");
        Task<GeminiTuningJob?> FindAsync() => FindByRequestIdAsync(project, location, requestId, cancellationToken);
        TuningJobOperationResource operation;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                operation = await _transport.SendJsonAsync<TuningJobOperationResource>(
                    new ApiCall(HttpMethod.Post, uri, RetryClass.Never) { Body = body }, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (GoogleApiException e) when (attempt < _transport.RetryPolicy.MaxAttempts && _transport.RetryPolicy.IsRetryableRejection(e.Error))
            {
                await _transport.WaitBeforeRetryAsync(attempt, e.Error.RetryDelay, e.Status, cancellationToken).ConfigureAwait(false);
                if (e.HttpStatusCode == 503 && await FindAsync().ConfigureAwait(false) is { } found)
                {
                    return new CreateTuningJobResult(found, false, requestId);
                }
            }
            catch (RequestOutcomeUnknownException unknown)
            {
                var job = await ResolveLostAnswerAsync("rebase", FindAsync, requestId, unknown, cancellationToken).ConfigureAwait(false);
                return new CreateTuningJobResult(job, false, requestId);
            }
        }

        return new CreateTuningJobResult(await JobOfRebaseAsync(operation, location, FindAsync, cancellationToken).ConfigureAwait(false), false, requestId, operation.Name);
    }

    /// <summary>
    /// The job a rebase operation made. Whether the operation ends when the job is created or only when tuning ends is
    /// not documented (rebase.md §3), so: a finished operation gives its job; a running one is read until it finishes,
    /// and meanwhile the job is looked for by its request-id label, which names it as soon as it is listed.
    /// </summary>
    private async Task<GeminiTuningJob> JobOfRebaseAsync(TuningJobOperationResource operation, string location, Func<Task<GeminiTuningJob?>> find,
        CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + RebaseOperationTimeout;
        while (true)
        {
            if (operation.Done == true)
            {
                if (operation.Error is { } error)
                {
                    throw new GeminiTuningException(
                        $"Vertex AI could not rebase the tuned model: {JobStates.RpcCodeName(error.Code)}: {error.Message} (operation {operation.Name}).",
                        "RebaseFailed", error.Code is 3 or 9 or 5 ? ErrorCategoryHint.InvalidOperation : ErrorCategoryHint.InvalidResult,
                        "Check that the model was tuned on a base model that has a newer version, and that the new base model is offered in the model's region.");
                }

                if (operation.Response?.Name is { Length: > 0 })
                {
                    return TuningJobMapper.ToJob(operation.Response);
                }
            }

            if (await find().ConfigureAwait(false) is { } job)
            {
                return job;
            }

            if (DateTimeOffset.UtcNow >= deadline || !OperationName.IsMatch(operation.Name ?? string.Empty))
            {
                throw new GeminiTuningException(
                    $"The rebase started (operation {operation.Name}), but its new tuning job is not known yet.",
                    "RebaseJobPending", ErrorCategoryHint.OperationTimeout,
                    "The rebase goes on: find its job later with Get-GeminiTuningJob (the newest jobs). Do not run the rebase again without -RequestId.");
            }

            await Task.Delay(RebaseOperationPollInterval, cancellationToken).ConfigureAwait(false);
            var uri = new Uri(_transport.Endpoints.VertexBase(location), "v1/" + operation.Name);
            operation = await _transport.SendJsonAsync<TuningJobOperationResource>(new ApiCall(HttpMethod.Get, uri, RetryClass.Idempotent), cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
