using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Internal;

namespace GeminiTuning.Http;

/// <summary>
/// The one HTTP core: every request of the library goes through it with the same headers (one User-Agent, see
/// <see cref="ClientIdentity"/>), attaches credentials (only for trusted hosts), logs each call without secrets,
/// retries what is safe to retry, and turns Google's error envelope into <see cref="GoogleApiException"/>.
/// </summary>
public sealed class ApiTransport
{
    private const int MaxLoggedBody = 8 * 1024;
    private const string UserProjectHeader = "x-goog-user-project";

    private readonly HttpClient _http;
    private readonly IAccessTokenSource? _credentials;
    private readonly IGeminiTuningLog _log;

    /// <summary>Creates a transport.</summary>
    public ApiTransport(HttpClient http, IAccessTokenSource? credentials, ServiceEndpoints endpoints, RetryPolicy retryPolicy, IGeminiTuningLog? log)
    {
        _http = http;
        _credentials = credentials;
        Endpoints = endpoints;
        RetryPolicy = retryPolicy;
        _log = log ?? NullLog.Instance;
    }

    /// <summary>Where requests go.</summary>
    public ServiceEndpoints Endpoints { get; }

    /// <summary>The retry policy.</summary>
    public RetryPolicy RetryPolicy { get; }

    /// <summary>Where this transport reports.</summary>
    public IGeminiTuningLog Log => _log;

    /// <summary>The credential, or null for unauthenticated (API-key) use.</summary>
    public IAccessTokenSource? Credentials => _credentials;

    /// <summary>Sends and reads a JSON response into <typeparamref name="T"/>.</summary>
    public async Task<T> SendJsonAsync<T>(ApiCall call, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(call, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return GoogleJson.Deserialize<T>(bytes.Length == 0 ? Encoding.UTF8.GetBytes("{}") : bytes, call.Describe());
    }

    /// <summary>
    /// Sends the request, retrying as its <see cref="RetryClass"/> allows. Returns a successful response (the caller
    /// disposes it); throws <see cref="GoogleApiException"/> for an error answer,
    /// <see cref="RequestOutcomeUnknownException"/> when a <see cref="RetryClass.Never"/> request may have reached the
    /// server, and <see cref="GeminiTuningException"/> for other failures.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(ApiCall call, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var sent = await SendOnceAsync(call, completion, attempt, cancellationToken).ConfigureAwait(false);
            if (sent.Failure is { } failure)
            {
                if (UnknownRegion(call.Uri, failure) is { } unknownRegion)
                {
                    // DNS says the host does not exist and its region is not one Google has: retrying cannot help.
                    throw unknownRegion;
                }

                // Generation creates nothing: a lost answer is asked again (at worst one prompt is billed twice). Only a
                // create, which would make a second billable job, is never resent once it may have arrived.
                if (TransportErrors.IsRefusedOnLoopback(call.Uri, failure))
                {
                    // Nothing listens there (a stopped emulator): retrying for seconds would not change that.
                    throw TransportErrors.NotListening(call, failure);
                }

                if (call.Retry != RetryClass.Never && attempt < RetryPolicy.MaxAttempts)
                {
                    await WaitBeforeRetryAsync(attempt, null, "network error", cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (call.Retry == RetryClass.Never && !NeverReachedServer(failure))
                {
                    throw new RequestOutcomeUnknownException(call.Describe(), failure);
                }

                throw new GeminiTuningException(
                    $"Could not complete {call.Describe()} on {call.Uri.Host}: {RequestOutcomeUnknownException.Describe(failure)}.",
                    failure is TimeoutException ? "Timeout" : "ConnectionFailed",
                    failure is TimeoutException ? ErrorCategoryHint.OperationTimeout : ErrorCategoryHint.ConnectionError,
                    "Check the network connection, proxy settings and the endpoint, then retry.", failure);
            }

            var response = sent.Response!;
            if (response.IsSuccessStatusCode)
            {
                if (call.LogResponseBody && completion == HttpCompletionOption.ResponseContentRead && _log.IsDebugEnabled)
                {
                    var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    _log.Debug("Response body: " + Truncate(Redactor.Redact(Encoding.UTF8.GetString(body))));
                }

                return response;
            }

            if ((int)response.StatusCode is >= 300 and < 400)
            {
                using (response)
                {
                    throw TransportErrors.RedirectRefused(call, response, Endpoints);
                }
            }

            GoogleApiError error;
            using (response)
            {
                error = await ReadErrorAsync(response).ConfigureAwait(false);
            }

            if (RetryPolicy.IsRetryableAnswer(call.Retry, error) && attempt < RetryPolicy.MaxAttempts)
            {
                if (error.RetryDelay is { } asked && asked > RetryPolicy.MaxServerDelay)
                {
                    _log.Verbose(string.Format(CultureInfo.InvariantCulture,
                        "The service asks to wait {0:0} s before retrying, longer than this module waits; not retrying.", asked.TotalSeconds));
                }
                else
                {
                    await WaitBeforeRetryAsync(attempt, error.RetryDelay, error.Status, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            throw new GoogleApiException(error, call.Describe());
        }
    }

    /// <summary>
    /// Sends the request once, with the same headers, credential rules, timeout and log lines as every other call, and
    /// neither retries nor judges the answer: returns the response whatever its status (the caller disposes it), or the
    /// network failure that stopped it (a timeout as <see cref="TimeoutException"/>). Cancellation by
    /// <paramref name="cancellationToken"/> throws. For protocols that decide themselves what a failure means, such as a
    /// resumable upload, which asks the service where it stands instead of sending a chunk again.
    /// </summary>
    internal async Task<SendAttempt> SendOnceAsync(ApiCall call, HttpCompletionOption completion, int attempt, CancellationToken cancellationToken)
    {
        var name = call.Label is { } label ? Redactor.Redact(label) : call.Method.Method + " " + Redactor.RedactUri(call.Uri);
        var started = Stopwatch.StartNew();
        using var request = await BuildRequestAsync(call, cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(call.Timeout);
        _log.Verbose(attempt > 1 ? name + " (attempt " + attempt.ToString(CultureInfo.InvariantCulture) + ")" : name);
        LogRequestBody(call);
        try
        {
            var response = await _http.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
            _log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0} -> {1} {2} ({3} ms)", name, (int)response.StatusCode, response.ReasonPhrase,
                started.ElapsedMilliseconds));
            return new SendAttempt(response, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or SocketException)
        {
            var failure = ex is OperationCanceledException ? new TimeoutException("timed out", ex) : ex;
            _log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0} failed after {1} ms: {2}", name, started.ElapsedMilliseconds,
                RequestOutcomeUnknownException.Describe(failure)));
            return new SendAttempt(null, failure);
        }
    }

    /// <summary>Waits the policy's delay before retry number <paramref name="attempt"/>, saying so at -Verbose.</summary>
    public async Task WaitBeforeRetryAsync(int attempt, TimeSpan? serverDelay, string reason, CancellationToken cancellationToken)
    {
        var delay = RetryPolicy.DelayBeforeRetry(attempt, serverDelay);
        _log.Verbose(string.Format(CultureInfo.InvariantCulture, "Retrying after {0}: waiting {1:0.###} s.", reason, delay.TotalSeconds));
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpRequestMessage> BuildRequestAsync(ApiCall call, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(call.Method, call.Uri);
        try
        {
            request.Headers.UserAgent.ParseAdd(ClientIdentity.UserAgent);
            request.Headers.TryAddWithoutValidation("x-goog-api-client", ClientIdentity.ApiClientHeader);
            request.Headers.ExpectContinue = false;
            var contentHeaders = new List<KeyValuePair<string, string>>();
            foreach (var h in call.Headers)
            {
                if (!request.Headers.TryAddWithoutValidation(h.Key, h.Value))
                {
                    // Content-Range, Content-MD5 and the like belong to the content.
                    contentHeaders.Add(h);
                }
            }

            if (call.Body is not null || contentHeaders.Count > 0)
            {
                var content = new ByteArrayContent(call.Body ?? Array.Empty<byte>(), 0, call.BodyLength);
                if (call.Body is not null && call.ContentType is not null)
                {
                    content.Headers.ContentType = MediaTypeHeaderValue.Parse(call.ContentType);
                }

                foreach (var h in contentHeaders)
                {
                    content.Headers.TryAddWithoutValidation(h.Key, h.Value);
                }

                request.Content = content;
            }

            var sendsSecret = (call.Authenticate && _credentials is not null) || call.Headers.Keys.Any(ApiCall.SecretHeaders.Contains);
            if (sendsSecret && !Endpoints.IsTrustedForCredentials(call.Uri))
            {
                throw new GeminiTuningException(
                    $"Refusing to send credentials to '{call.Uri.Host}': it is neither a Google API host nor the connected endpoint.",
                    "UntrustedHost", ErrorCategoryHint.SecurityError,
                    "Connect with Connect-GeminiTuning -Endpoint to use a private endpoint.");
            }

            if (call.Authenticate && _credentials is not null)
            {
                AccessToken token;
                try
                {
                    token = await _credentials.GetAccessTokenAsync(call.Uri, cancellationToken).ConfigureAwait(false);
                }
                catch (GeminiTuningException e) when (e.Condition == "NoCredentials" && call.AcceptsApiKey)
                {
                    throw TransportErrors.NoCredentialsForGeminiApi(e);
                }

                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
                foreach (var h in token.Headers)
                {
                    request.Headers.TryAddWithoutValidation(h.Key, h.Value);
                }

                if (token.IsUserCredential && call.UserProjectFallback is { Length: > 0 } project && !request.Headers.Contains(UserProjectHeader))
                {
                    request.Headers.TryAddWithoutValidation(UserProjectHeader, project);
                }
            }

            return request;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    private void LogRequestBody(ApiCall call)
    {
        if (call.Body is { } body && call.BodyLength > 0 && _log.IsDebugEnabled &&
            call.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            _log.Debug("Request body: " + Truncate(Redactor.Redact(Encoding.UTF8.GetString(body, 0, call.BodyLength))));
        }
    }

    /// <summary>Reads an error answer (size-capped, logged at -Debug without secrets) into Google's error envelope.</summary>
    internal async Task<GoogleApiError> ReadErrorAsync(HttpResponseMessage response)
    {
        var body = await HttpBodies.ReadCappedAsync(response).ConfigureAwait(false);
        if (_log.IsDebugEnabled)
        {
            _log.Debug("Error response body: " + Truncate(Redactor.Redact(Encoding.UTF8.GetString(body))));
        }

        var retryAfter = response.Headers.RetryAfter?.ToString();
        return GoogleErrorParser.Parse((int)response.StatusCode, response.ReasonPhrase, body, retryAfter, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// For a regional Vertex AI host (<c>REGION-aiplatform.googleapis.com</c>) that DNS says does not exist, and whose
    /// region the catalog does not know: the error naming the closest regions, at once, instead of retries that end in
    /// "check the network" (a typo such as <c>us-centrall1</c>). Null otherwise.
    /// </summary>
    internal static GeminiTuningException? UnknownRegion(Uri uri, Exception failure)
    {
        const string Suffix = "-aiplatform.googleapis.com";
        var host = uri.Host;
        if (!host.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) || !IsHostNotFound(failure))
        {
            return null;
        }

        var region = host.Substring(0, host.Length - Suffix.Length);
        if (TuningCatalog.Default.FindRegion(region) is not null)
        {
            return null;
        }

        var closest = TuningCatalog.Default.ClosestRegions(region);
        return new GeminiTuningException(
            $"'{Identifiers.Printable(region)}' is not a Google Cloud region: its Vertex AI host {host} does not exist. The closest regions are {string.Join(", ", closest)}.",
            "RegionNotFound", ErrorCategoryHint.InvalidArgument,
            $"Give -Region {closest.FirstOrDefault() ?? "us-central1"} (press Tab after -Region to see Vertex AI's regions).", failure);
    }

    private static bool IsHostNotFound(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.HostNotFound })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the failure happened before the request could reach the server (refused, unresolvable, TLS).</summary>
    internal static bool NeverReachedServer(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException se && se.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound
                    or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData
                    or SocketError.AddressNotAvailable)
            {
                return true;
            }

            if (e is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    private static string Truncate(string text) => text.Length <= MaxLoggedBody ? text : text.Substring(0, MaxLoggedBody) + "… (truncated)";
}
