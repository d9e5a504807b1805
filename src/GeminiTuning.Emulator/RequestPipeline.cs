using System;
using System.Collections.Generic;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator.Auth;
using GeminiTuning.Emulator.Http;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator;

/// <summary>What happens to every request, in order: route it, record it, apply a scripted or random fault, check
/// credentials, run the handler, turn refusals into Google's error envelope.</summary>
internal sealed class RequestPipeline : IHttpHandler
{
    private readonly Router _router;
    private readonly FaultPlan _faults;
    private readonly RandomFaultInjector? _randomFaults;
    private readonly IdentityRegistry _identities;
    private readonly EmulatorOptions _options;
    private readonly Action<Exception> _reportUnexpected;
    private readonly object _recordGate = new object();
    private readonly List<RecordedRequest> _records = new List<RecordedRequest>();
    private int _inFlight;
    private int _peakInFlight;

    public RequestPipeline(Router router, FaultPlan faults, IdentityRegistry identities, EmulatorOptions options, Action<Exception> reportUnexpected)
    {
        _router = router;
        _faults = faults;
        _identities = identities;
        _options = options;
        _reportUnexpected = reportUnexpected;
        _randomFaults = options.RandomFaults is null ? null : new RandomFaultInjector(options.RandomFaults);
    }

    public IReadOnlyList<RecordedRequest> Records
    {
        get
        {
            lock (_recordGate)
            {
                return _records.ToArray();
            }
        }
    }

    /// <summary>The most requests handled at once since the start or the last <see cref="ClearRecords"/>.</summary>
    public int PeakConcurrent => Volatile.Read(ref _peakInFlight);

    public void ClearRecords()
    {
        lock (_recordGate)
        {
            _records.Clear();
        }

        Volatile.Write(ref _peakInFlight, Volatile.Read(ref _inFlight));
    }

    public bool TakesUpload(HttpRequest request) => _router.Find(request.Method, request.Path)?.Route.TakesUpload == true;

    public async Task<HttpResponse> HandleAsync(HttpRequest request, CancellationToken stopping)
    {
        var match = _router.Find(request.Method, request.Path);
        var operation = match?.Route.Operation ?? EmulatorOperation.Unknown;
        // An upload's body is not kept: it may be as large as the upload limit, and it is in a scratch file that goes
        // away with the request.
        var bodyText = _options.RecordRequests && request.Body.IsInMemory ? request.BodyText : string.Empty;
        var record = new RecordedRequest(request.Method, request.Path, request.Query, request.Headers, bodyText, request.Body.Length, operation);
        if (_options.RecordRequests)
        {
            lock (_recordGate)
            {
                _records.Add(record);
            }
        }

        HttpResponse response;
        CountIn();
        try
        {
            response = await HandleCoreAsync(request, match, operation, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            response = HttpResponse.Drop();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        record.ResponseStatus = response.DropConnection ? 0 : response.Status;
        return response;
    }

    private void CountIn()
    {
        var now = Interlocked.Increment(ref _inFlight);
        var peak = Volatile.Read(ref _peakInFlight);
        while (now > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakInFlight, now, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }

    private static bool IsGeneration(EmulatorOperation operation) => operation is EmulatorOperation.GenerateContent or EmulatorOperation.StreamGenerateContent
        or EmulatorOperation.GeminiGenerateContent or EmulatorOperation.GeminiStreamGenerateContent;

    private async Task<HttpResponse> HandleCoreAsync(HttpRequest request, (Route Route, List<string> Captures)? match, EmulatorOperation operation, CancellationToken stopping)
    {
        var fault = _faults.TryTake(operation) ?? _randomFaults?.Next(operation);
        switch (fault)
        {
            case ErrorFault error:
                return ErrorFaultResponse(error);
            case RawResponseFault raw:
                return HttpResponse.Text(raw.HttpStatus, raw.ContentType, raw.Body);
            case RedirectFault redirect:
                return HttpResponse.Text(redirect.HttpStatus, "text/html; charset=UTF-8",
                        "<html><body>Sign in to the network: <a href=\"" + WebUtility.HtmlEncode(redirect.Location) + "\">continue</a></body></html>")
                    .WithHeader("Location", redirect.Location);
            case DropConnectionFault drop when !drop.AfterProcessing:
                return HttpResponse.Drop();
            case DelayFault delay:
                await Task.Delay(delay.Duration, stopping).ConfigureAwait(false);
                break;
        }

        if (match is null)
        {
            var page = HttpStatusText.GoogleHtmlPage(404, "The requested URL <code>" + WebUtility.HtmlEncode(request.Path) + "</code> was not found on this server.");
            return HttpResponse.Text(404, "text/html; charset=UTF-8", page);
        }

        var (route, captures) = match.Value;
        HttpResponse response;
        try
        {
            Authenticate(route, request);
            if (_options.GenerationLatency > TimeSpan.Zero && IsGeneration(operation))
            {
                await Task.Delay(_options.GenerationLatency, stopping).ConfigureAwait(false);
            }

            var version = request.Path.TrimStart('/').Split('/')[0];
            var context = new RequestContext(request, version, captures, ProtoTime.ToMicroseconds(_options.Clock.UtcNow), stopping);
            response = await route.Handler(context).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            response = JsonOutput.Error(e);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            _reportUnexpected(e);
            response = JsonOutput.Error(new ApiException(500, "INTERNAL", "Internal error encountered."));
        }

        if (fault is DropConnectionFault)
        {
            response.Dispose(); // processed, but never sent: close a body stream it may hold
            return HttpResponse.Drop();
        }

        return response;
    }

    private static HttpResponse ErrorFaultResponse(ErrorFault error)
    {
        var details = new List<JsonObject>();
        if (error.RetryInfoDelay is TimeSpan delay)
        {
            details.Add(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.rpc.RetryInfo",
                ["retryDelay"] = ProtoTime.FormatDuration(delay),
            });
        }

        var response = JsonOutput.Response(error.HttpStatus, JsonOutput.ErrorEnvelope(error.HttpStatus, error.Status, error.Message, details));
        if (error.RetryAfterHeader is not null)
        {
            response.WithHeader("Retry-After", error.RetryAfterHeader);
        }

        return response;
    }

    private void Authenticate(Route route, HttpRequest request)
    {
        if (route.Auth == AuthRequirement.None)
        {
            return;
        }

        var service = ServiceName(request.Path);
        var authorization = request.Header("Authorization");
        string? bearer = null;
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            bearer = authorization.Substring(7).Trim();
        }

        var apiKey = request.Header("x-goog-api-key") ?? request.QueryValue("key");
        if (route.Auth == AuthRequirement.BearerOrApiKey && string.IsNullOrEmpty(bearer) && apiKey is not null)
        {
            if (apiKey.Length == 0 || (_options.StrictAuthentication && !_identities.IsRegisteredApiKey(apiKey)))
            {
                throw new ApiException(400, "INVALID_ARGUMENT", ApiErrors.InvalidApiKey,
                    ApiException.ErrorInfo("API_KEY_INVALID", "googleapis.com", new Dictionary<string, string> { ["service"] = service }),
                    new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.LocalizedMessage", ["locale"] = "en-US", ["message"] = ApiErrors.InvalidApiKey });
            }

            return;
        }

        if (string.IsNullOrEmpty(bearer))
        {
            if (route.Auth == AuthRequirement.BearerOrApiKey)
            {
                throw new ApiException(403, "PERMISSION_DENIED",
                    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
                    ApiException.ErrorInfo("CONSUMER_INVALID", "googleapis.com", new Dictionary<string, string> { ["service"] = service }));
            }

            if (apiKey is not null)
            {
                throw new ApiException(401, "UNAUTHENTICATED",
                    "API keys are not supported by this API. Expected OAuth2 access token or other authentication credentials that assert a principal. See https://cloud.google.com/docs/authentication",
                    ApiException.ErrorInfo("CREDENTIALS_MISSING", "googleapis.com", new Dictionary<string, string> { ["service"] = service }));
            }

            if (service == StorageService)
            {
                var permission = "storage.objects." + (request.Method == "POST" ? "create" : request.Method == "DELETE" ? "delete" : "get");
                throw ApiException.Storage(401, "required",
                    "Anonymous caller does not have " + permission + " access to the Google Cloud Storage object. Permission '" + permission +
                    "' denied on resource (or it may not exist).").WithHeader("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
            }

            throw Unauthenticated(ApiErrors.MissingCredentials, "CREDENTIALS_MISSING", service, withError: false);
        }

        if (!_options.StrictAuthentication)
        {
            return;
        }

        var token = _identities.FindToken(bearer!);
        if (service == StorageService && (token is null || token.Expiry <= DateTimeOffset.UtcNow))
        {
            throw ApiException.Storage(401, "authError", "Invalid Credentials")
                .WithHeader("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
        }

        if (token is null)
        {
            throw Unauthenticated(ApiErrors.InvalidCredentials, "ACCESS_TOKEN_TYPE_UNSUPPORTED", service, withError: true);
        }

        if (token.Expiry <= DateTimeOffset.UtcNow)
        {
            throw Unauthenticated(ApiErrors.InvalidCredentials, "ACCESS_TOKEN_EXPIRED", service, withError: true);
        }

        if (!HasScopeFor(service, request.Method, token.Scopes))
        {
            throw new ApiException(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.",
                ApiException.ErrorInfo("ACCESS_TOKEN_SCOPE_INSUFFICIENT", "googleapis.com", new Dictionary<string, string> { ["service"] = service }));
        }
    }

    private const string StorageService = "storage.googleapis.com";

    private static ApiException Unauthenticated(string message, string reason, string service, bool withError)
    {
        var e = new ApiException(401, "UNAUTHENTICATED", message,
            ApiException.ErrorInfo(reason, "googleapis.com", new Dictionary<string, string> { ["service"] = service }));
        e.WithHeader("WWW-Authenticate", withError
            ? "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\""
            : "Bearer realm=\"https://accounts.google.com/\"");
        return e;
    }

    private static string ServiceName(string path)
    {
        if (path.IndexOf("/tunedModels", StringComparison.Ordinal) >= 0)
        {
            return "generativelanguage.googleapis.com";
        }

        if (path.StartsWith("/storage/", StringComparison.Ordinal) || path.StartsWith("/upload/", StringComparison.Ordinal) ||
            path.StartsWith("/download/", StringComparison.Ordinal))
        {
            return "storage.googleapis.com";
        }

        return "aiplatform.googleapis.com";
    }

    private static bool HasScopeFor(string service, string method, IReadOnlyList<string> scopes)
    {
        const string Prefix = "https://www.googleapis.com/auth/";
        foreach (var scope in scopes)
        {
            if (scope == Prefix + "cloud-platform")
            {
                return true;
            }

            if (scope == Prefix + "cloud-platform.read-only" && method == "GET")
            {
                return true;
            }

            if (service == "generativelanguage.googleapis.com" && scope.StartsWith(Prefix + "generative-language", StringComparison.Ordinal))
            {
                return true;
            }

            if (service == "storage.googleapis.com" && scope.StartsWith(Prefix + "devstorage.", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
