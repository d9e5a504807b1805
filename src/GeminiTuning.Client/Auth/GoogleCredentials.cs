using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using GeminiTuning.Http;

namespace GeminiTuning.Auth;

/// <summary>A bearer token and the headers that go with it (e.g. <c>x-goog-user-project</c>).</summary>
public sealed class AccessToken
{
    /// <summary>Creates the token.</summary>
    public AccessToken(string token, IReadOnlyDictionary<string, string> headers)
    {
        Token = token;
        Headers = headers;
    }

    /// <summary>The bearer token. Never written to any output.</summary>
    public string Token { get; }

    /// <summary>Extra request headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>
    /// True when the token belongs to a person (gcloud's application-default login, an authorized_user file): calls
    /// whose quota is charged by project then send <c>x-goog-user-project</c>, falling back to the project when no
    /// quota project is set, as gcloud does.
    /// </summary>
    public bool IsUserCredential { get; init; }
}

/// <summary>Supplies bearer tokens for requests.</summary>
public interface IAccessTokenSource
{
    /// <summary>What kind of credential this is: ServiceAccount, AuthorizedUser, ExternalAccount, AccessToken, ApplicationDefault…</summary>
    string Kind { get; }

    /// <summary>The account, when the credential names one (a service account's email).</summary>
    string? Account { get; }

    /// <summary>The project that quota and billing are charged to, when set.</summary>
    string? QuotaProject { get; }

    /// <summary>Gets a token (cached and refreshed by the credential) for a request to <paramref name="requestUri"/>.</summary>
    Task<AccessToken> GetAccessTokenAsync(Uri requestUri, CancellationToken cancellationToken);
}

/// <summary>Builds credentials from the sources Google.Apis.Auth supports.</summary>
public static class GoogleCredentials
{
    /// <summary>Vertex AI, Cloud Storage and everything else on Google Cloud.</summary>
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>Managing Gemini API tuned models (gemini-api-tuned-models.md §2).</summary>
    public const string GenerativeLanguageTuningScope = "https://www.googleapis.com/auth/generative-language.tuning";

    internal static readonly string[] Scopes = { CloudPlatformScope, GenerativeLanguageTuningScope };

    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        JsonCredentialParameters.ServiceAccountCredentialType,
        JsonCredentialParameters.AuthorizedUserCredentialType,
        JsonCredentialParameters.ExternalAccountCredentialType,
        JsonCredentialParameters.ImpersonatedServiceAccountCredentialType,
        JsonCredentialParameters.ExternalAccountAuthorizedUserCredentialType,
    };

    /// <summary>
    /// Reads a JSON credential file of any type Google.Apis.Auth supports. Errors say what is wrong with the file
    /// without repeating any of its content.
    /// </summary>
    public static IAccessTokenSource FromFile(string path, string? quotaProject = null, ModuleProxy? proxy = null)
    {
        if (!File.Exists(path))
        {
            throw new GeminiTuningException($"The credential file '{path}' does not exist.", "CredentialFileNotFound",
                ErrorCategoryHint.ObjectNotFound, "Give the path of a JSON key or credential file, e.g. one from 'gcloud iam service-accounts keys create'.");
        }

        string type;
        string? account = null;
        try
        {
            using var stream = File.OpenRead(path);
            using var doc = JsonDocument.Parse(stream);
            var root = doc.RootElement;
            type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()!
                : string.Empty;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("client_email", out var e) && e.ValueKind == JsonValueKind.String)
            {
                account = e.GetString();
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            // Only the exception type, and no inner exception: a parser message can quote the file's content, a secret
            // the redactor cannot always recognise (a fragment of a private key).
            throw new GeminiTuningException(
                $"The credential file '{path}' could not be read as JSON ({ex.GetType().Name}).", "CredentialFileInvalid",
                ErrorCategoryHint.InvalidData, "Give an unmodified JSON credential file.");
        }

        if (!KnownTypes.Contains(type))
        {
            throw new GeminiTuningException(
                $"The credential file '{path}' has type '{Config.Identifiers.Printable(type)}', which is not a Google credential type.",
                "CredentialFileInvalid", ErrorCategoryHint.InvalidData,
                "Use a service_account, authorized_user, external_account or impersonated_service_account JSON file.");
        }

        GoogleCredential credential;
        try
        {
            credential = CredentialFactory.FromFile(path, type);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // As above: nothing of the key file's parsing goes into the error.
            throw new GeminiTuningException(
                $"The credential file '{path}' of type '{type}' could not be loaded ({ex.GetType().Name}).",
                "CredentialFileInvalid", ErrorCategoryHint.InvalidData, "Check that the file is complete and unmodified.");
        }

        return new GoogleCredentialTokenSource(Prepare(credential, quotaProject, proxy), KindOf(type), account);
    }

    /// <summary>A caller-supplied access token (e.g. from <c>gcloud auth print-access-token</c>); never refreshed.</summary>
    public static IAccessTokenSource FromAccessToken(string accessToken, string? quotaProject = null)
    {
        if (string.IsNullOrWhiteSpace(accessToken))
        {
            throw new GeminiTuningArgumentException("AccessToken", "The access token is empty.",
                "Pass a token, e.g. (gcloud auth print-access-token | ConvertTo-SecureString -AsPlainText -Force).");
        }

        var token = accessToken.Trim();
        Redactor.RegisterSecret(token);
        return new GoogleCredentialTokenSource(Prepare(GoogleCredential.FromAccessToken(token), quotaProject), "AccessToken", null);
    }

    /// <summary>Application Default Credentials, found lazily on first use.</summary>
    public static IAccessTokenSource ApplicationDefault(string? quotaProject = null, ModuleProxy? proxy = null) => new ApplicationDefaultTokenSource(quotaProject, proxy);

    internal static GoogleCredential Prepare(GoogleCredential credential, string? quotaProject, ModuleProxy? proxy = null)
    {
        var scoped = credential.IsCreateScopedRequired ? credential.CreateScoped(Scopes) : credential;
        scoped = scoped.CreateWithEnvironmentQuotaProject();

        // Token requests carry the module's User-Agent and take its proxy.
        scoped = scoped.CreateWithHttpClientFactory(new TokenHttpClientFactory(proxy));

        return string.IsNullOrEmpty(quotaProject) ? scoped : scoped.CreateWithQuotaProject(quotaProject);
    }

    private static string KindOf(string type) => type switch
    {
        JsonCredentialParameters.ServiceAccountCredentialType => "ServiceAccount",
        JsonCredentialParameters.AuthorizedUserCredentialType => "AuthorizedUser",
        JsonCredentialParameters.ExternalAccountCredentialType => "ExternalAccount",
        JsonCredentialParameters.ImpersonatedServiceAccountCredentialType => "ImpersonatedServiceAccount",
        _ => "ExternalAccountAuthorizedUser",
    };

    /// <summary>Turns a failure to get a token into an error that says what to do, without secrets.</summary>
    internal static Exception TranslateTokenFailure(Exception ex, string kind) => ex switch
    {
        TokenResponseException tre => new GeminiTuningException(
            $"The token endpoint refused the {kind} credential: {tre.Error?.Error ?? "error"}" +
            (string.IsNullOrEmpty(tre.Error?.ErrorDescription) ? "." : " (" + Redactor.Redact(tre.Error!.ErrorDescription) + ")."),
            "TokenRefused", ErrorCategoryHint.AuthenticationError,
            "Check that the key is current (not deleted or disabled), or sign in again with Connect-GeminiTuning.", ex),
        HttpRequestException => new GeminiTuningException(
            $"The token endpoint for the {kind} credential could not be reached ({ex.GetType().Name}).",
            "TokenEndpointUnreachable", ErrorCategoryHint.ConnectionError, "Check the network connection and proxy settings.", ex),
        _ => new GeminiTuningException(
            $"No access token could be obtained from the {kind} credential ({ex.GetType().Name}).",
            "TokenUnavailable", ErrorCategoryHint.AuthenticationError, "Sign in again with Connect-GeminiTuning.", ex),
    };
}

internal sealed class GoogleCredentialTokenSource : IAccessTokenSource
{
    private readonly GoogleCredential _credential;

    public GoogleCredentialTokenSource(GoogleCredential credential, string kind, string? account)
    {
        _credential = credential;
        Kind = kind;
        Account = account;
    }

    public string Kind { get; }

    public string? Account { get; }

    public string? QuotaProject => _credential.QuotaProject;

    public async Task<AccessToken> GetAccessTokenAsync(Uri requestUri, CancellationToken cancellationToken)
    {
        AccessTokenWithHeaders result;
        try
        {
            result = await ((ITokenAccessWithHeaders)_credential)
                .GetAccessTokenWithHeadersForRequestAsync(requestUri.GetLeftPart(UriPartial.Authority), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw GoogleCredentials.TranslateTokenFailure(ex, Kind);
        }

        Redactor.RegisterSecret(result.AccessToken);
        var headers = result.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new AccessToken(result.AccessToken, headers) { IsUserCredential = IsUser(_credential) };
    }

    /// <summary>True for a person's credential (authorized_user, as gcloud's application-default login writes it).</summary>
    internal static bool IsUser(GoogleCredential credential) => credential.UnderlyingCredential is UserCredential;
}

internal sealed class ApplicationDefaultTokenSource : IAccessTokenSource
{
    private readonly string? _quotaProject;
    private readonly ModuleProxy? _proxy;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private GoogleCredentialTokenSource? _inner;

    public ApplicationDefaultTokenSource(string? quotaProject, ModuleProxy? proxy)
    {
        _quotaProject = quotaProject;
        _proxy = proxy;
    }

    public string Kind => "ApplicationDefault";

    public string? Account => _inner?.Account;

    public string? QuotaProject => _inner?.QuotaProject ?? _quotaProject;

    public async Task<AccessToken> GetAccessTokenAsync(Uri requestUri, CancellationToken cancellationToken)
    {
        var inner = _inner;
        if (inner is null)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                inner = _inner ??= await CreateAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        return await inner.GetAccessTokenAsync(requestUri, cancellationToken).ConfigureAwait(false);
    }

    private async Task<GoogleCredentialTokenSource> CreateAsync(CancellationToken cancellationToken)
    {
        GoogleCredential credential;
        try
        {
            credential = await GoogleCredential.GetApplicationDefaultAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new GeminiTuningException(
                "No Google credentials were found (Application Default Credentials are not set up).", "NoCredentials",
                ErrorCategoryHint.AuthenticationError,
                "Run 'gcloud auth application-default login', set GOOGLE_APPLICATION_CREDENTIALS to a key file, " +
                "or run Connect-GeminiTuning -CredentialPath FILE or -AccessToken TOKEN.", ex);
        }

        return new GoogleCredentialTokenSource(GoogleCredentials.Prepare(credential, _quotaProject, _proxy), "ApplicationDefault", null);
    }
}
