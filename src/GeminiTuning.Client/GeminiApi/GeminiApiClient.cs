using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Config;
using GeminiTuning.GeminiApi.Wire;
using GeminiTuning.Http;
using GeminiTuning.Internal;

namespace GeminiTuning.GeminiApi;

/// <summary>
/// The Gemini API (<c>generativelanguage.googleapis.com/v1beta</c>) tuning surface: tuned models made from inline
/// examples, their create operations, listing and deletion. Authenticates with OAuth, or with an API key sent in the
/// <c>x-goog-api-key</c> header (never in a URL).
/// </summary>
public sealed class GeminiApiClient
{
    private static readonly char[] SlugSeparators = { ' ', '_', '.', '/' };
    private readonly ApiTransport _transport;
    private readonly string? _apiKey;
    private readonly Func<string?>? _userProject;
    private readonly Random _random = new();

    /// <summary>
    /// Creates the client; with <paramref name="apiKey"/> every call uses the key instead of the bearer token. With
    /// OAuth, <paramref name="userProject"/> gives the project a person's credential charges quota to when it sets none.
    /// </summary>
    public GeminiApiClient(ApiTransport transport, string? apiKey = null, Func<string?>? userProject = null)
    {
        _transport = transport;
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        _userProject = userProject;
        Redactor.RegisterSecret(_apiKey);
    }

    /// <summary>True when <paramref name="name"/> names a Gemini API tuned model (or one of its operations).</summary>
    public static bool IsTunedModelName(string? name) => ResourceName.IsTunedModel(name);

    /// <summary>Validates a name and returns its canonical <c>tunedModels/ID</c> form (operation suffixes removed).</summary>
    public static string NormalizeName(string name, string parameterName = "Name") => ResourceName.ParseTunedModel(name, parameterName);

    /// <summary>
    /// Creates a tuned model and returns it as a job (state Running while CREATING). The request always carries a
    /// tuned model id (the caller's or one derived from the display name), so a create whose answer was lost, or that is
    /// retried after a 429/503, is recognised by that id and never makes a second model.
    /// </summary>
    public async Task<GeminiTuningJob> CreateAsync(TunedModelRequest request, CancellationToken cancellationToken)
    {
        request.Validate();
        var id = request.TunedModelId ?? NewTunedModelId(request.DisplayName);
        var body = GoogleJson.Serialize(request.ToResource());
        var uri = new Uri(_transport.Endpoints.GeminiApiBase, "v1beta/tunedModels" + new QueryString().Add("tunedModelId", id));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var operation = await _transport.SendJsonAsync<OperationResource>(Call(HttpMethod.Post, uri, RetryClass.Never, body), cancellationToken)
                    .ConfigureAwait(false);
                var modelName = TunedModelMapper.TunedModelOf(operation) ?? TunedModelMapper.Prefix + id;
                return await ReadCreatedAsync(modelName, operation, cancellationToken).ConfigureAwait(false);
            }
            catch (GoogleApiException e) when (IsNoTunableModel(e))
            {
                throw new GeminiTuningException(
                    $"The Gemini API refused to tune '{request.NormalizedBaseModel}': {e.ServiceMessage} Google has offered no base model for " +
                    "tuning on the Gemini API since May 2025, so tuned models there can only be read, used and deleted.",
                    "BaseModelNotTunable", ErrorCategoryHint.InvalidOperation,
                    "Tune on Vertex AI instead: New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://BUCKET/train.jsonl " +
                    "(the examples go into a JSONL file in Cloud Storage; see Get-Help New-GeminiTuningJob).", e);
            }
            catch (GoogleApiException e) when (e.Status == "ALREADY_EXISTS" && attempt > 1)
            {
                // An earlier attempt did create it after all.
                return await GetWithProgressAsync(TunedModelMapper.Prefix + id, cancellationToken).ConfigureAwait(false);
            }
            catch (GoogleApiException e) when (attempt < _transport.RetryPolicy.MaxAttempts && _transport.RetryPolicy.IsRetryableRejection(e.Error))
            {
                await _transport.WaitBeforeRetryAsync(attempt, e.Error.RetryDelay, e.Status, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestOutcomeUnknownException unknown)
            {
                _transport.Log.Verbose($"The answer to the create was lost ({unknown.Cause}); looking for tunedModels/{id}.");
                try
                {
                    return await GetWithProgressAsync(TunedModelMapper.Prefix + id, cancellationToken).ConfigureAwait(false);
                }
                catch (GoogleApiException e) when (e.Status == "NOT_FOUND")
                {
                    throw new GeminiTuningException(
                        $"The create request may or may not have created tunedModels/{id}: {unknown.Cause} after it was sent, and the model cannot be " +
                        "found yet. It was not sent again, so that no second model is created.",
                        "CreateOutcomeUnknown", ErrorCategoryHint.ConnectionError,
                        $"Check with Get-GeminiTuningJob tunedModels/{id}; to retry safely, run the command again with -TunedModelId {id}.", unknown);
                }
            }
        }
    }

    private async Task<GeminiTuningJob> ReadCreatedAsync(string modelName, OperationResource operation, CancellationToken cancellationToken)
    {
        try
        {
            var job = TunedModelMapper.ToJob(await GetResourceAsync(modelName, cancellationToken).ConfigureAwait(false));
            TunedModelMapper.MergeOperation(job, operation);
            return job;
        }
        catch (GoogleApiException e) when (e.Status == "NOT_FOUND")
        {
            // Just created and not readable yet: the operation alone says enough.
            return TunedModelMapper.FromOperation(operation, modelName);
        }
    }

    private static bool IsNoTunableModel(GoogleApiException e) =>
        e.HttpStatusCode is 400 or 404 &&
        (e.ServiceMessage.IndexOf("createTunedModel", StringComparison.OrdinalIgnoreCase) >= 0 ||
         e.ServiceMessage.IndexOf("not supported for tuning", StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>Gets a tuned model.</summary>
    public async Task<GeminiTuningJob> GetAsync(string name, CancellationToken cancellationToken) =>
        TunedModelMapper.ToJob(await GetResourceAsync(NormalizeName(name), cancellationToken).ConfigureAwait(false));

    /// <summary>Gets a tuned model and, while it is being created (or if it failed), what its create operation reports.</summary>
    public async Task<GeminiTuningJob> GetWithProgressAsync(string name, CancellationToken cancellationToken)
    {
        var canonical = NormalizeName(name);
        var job = TunedModelMapper.ToJob(await GetResourceAsync(canonical, cancellationToken).ConfigureAwait(false));
        if (job.State != GeminiTuningJobState.Succeeded)
        {
            var uri = new Uri(_transport.Endpoints.GeminiApiBase, "v1beta/" + canonical + "/operations" + new QueryString().Add("pageSize", "10"));
            var operations = await _transport.SendJsonAsync<ListOperationsResponse>(Call(HttpMethod.Get, uri, RetryClass.Idempotent), cancellationToken)
                .ConfigureAwait(false);
            if (operations.Operations?.FirstOrDefault() is { } operation)
            {
                TunedModelMapper.MergeOperation(job, operation);
            }
        }

        return job;
    }

    /// <summary>Lists one page of tuned models; <paramref name="filter"/> is passed as is (full-text, owner:me, readers:everyone…).</summary>
    public async Task<GeminiTuningJobPage> ListPageAsync(string? filter, string? pageToken, int? pageSize, CancellationToken cancellationToken)
    {
        var query = new QueryString().Add("pageSize", pageSize?.ToString(CultureInfo.InvariantCulture)).Add("pageToken", pageToken).Add("filter", filter);
        var uri = new Uri(_transport.Endpoints.GeminiApiBase, "v1beta/tunedModels" + query);
        var page = await _transport.SendJsonAsync<ListTunedModelsResponse>(Call(HttpMethod.Get, uri, RetryClass.Idempotent), cancellationToken)
            .ConfigureAwait(false);
        var models = page.TunedModels?.Select(TunedModelMapper.ToJob).ToArray() ?? Array.Empty<GeminiTuningJob>();
        return new GeminiTuningJobPage(models, string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken);
    }

    /// <summary>Deletes a tuned model.</summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var uri = new Uri(_transport.Endpoints.GeminiApiBase, "v1beta/" + NormalizeName(name));
        using var _ = await _transport.SendAsync(Call(HttpMethod.Delete, uri, RetryClass.Idempotent), HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Asks the service to cancel tuning. The Gemini API does not bind a cancel method for tuned models (only
    /// python-genai tries one); when the service answers that the method does not exist, the error says so and what to
    /// do instead.
    /// </summary>
    public async Task CancelAsync(string name, CancellationToken cancellationToken)
    {
        var canonical = NormalizeName(name);
        var job = await GetAsync(canonical, cancellationToken).ConfigureAwait(false);
        if (job.HasEnded)
        {
            throw new GeminiTuningException($"{canonical} has already ended ({job.State}); there is nothing to cancel.", "FailedPrecondition",
                ErrorCategoryHint.InvalidOperation);
        }

        var uri = new Uri(_transport.Endpoints.GeminiApiBase, "v1beta/" + canonical + ":cancel");
        try
        {
            using var _ = await _transport.SendAsync(Call(HttpMethod.Post, uri, RetryClass.Idempotent, Encoding.UTF8.GetBytes("{}")),
                HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode is 404 or 501 || e.Status == "UNIMPLEMENTED")
        {
            throw new GeminiTuningException(
                $"The Gemini API cannot cancel the tuning of {canonical}: it has no cancel method for tuned models (the service answered {e.HttpStatusCode}).",
                "CancelNotSupported", ErrorCategoryHint.NotImplemented,
                $"Wait for it to finish, or stop and discard it with Remove-GeminiTunedModel {canonical}.", e);
        }
    }

    private async Task<TunedModelResource> GetResourceAsync(string canonicalName, CancellationToken cancellationToken)
    {
        var uri = new Uri(_transport.Endpoints.GeminiApiBase, "v1beta/" + canonicalName);
        return await _transport.SendJsonAsync<TunedModelResource>(Call(HttpMethod.Get, uri, RetryClass.Idempotent), cancellationToken).ConfigureAwait(false);
    }

    private ApiCall Call(HttpMethod method, Uri uri, RetryClass retry, byte[]? body = null)
    {
        var call = new ApiCall(method, uri, retry) { Body = body, AcceptsApiKey = true };
        if (_apiKey is not null)
        {
            call.Authenticate = false;
            call.Headers["x-goog-api-key"] = _apiKey;
        }
        else
        {
            // The Gemini API bills a person's OAuth calls to x-goog-user-project; without it they go to gcloud's own
            // OAuth client project (gemini-api-tuned-models.md §2). The quota project wins when one is set.
            call.UserProjectFallback = _userProject?.Invoke();
        }

        return call;
    }

    /// <summary>An id like the service would make: the display name as a slug plus a random suffix, at most 40 characters.</summary>
    internal string NewTunedModelId(string? displayName)
    {
        var slug = new string((displayName ?? string.Empty).ToLowerInvariant()
            .Select(c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : SlugSeparators.Contains(c) || c == '-' ? '-' : '\0')
            .Where(c => c != '\0').ToArray());
        while (slug.Contains("--"))
        {
            slug = slug.Replace("--", "-");
        }

        slug = slug.Trim('-');
        if (slug.Length == 0 || slug[0] < 'a' || slug[0] > 'z')
        {
            slug = "tuned-model" + (slug.Length == 0 ? string.Empty : "-" + slug);
        }

        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        string suffix;
        lock (_random)
        {
            suffix = new string(Enumerable.Range(0, 8).Select(_ => alphabet[_random.Next(alphabet.Length)]).ToArray());
        }

        if (slug.Length > 31)
        {
            slug = slug.Substring(0, 31).TrimEnd('-');
        }

        return slug + "-" + suffix;
    }
}
