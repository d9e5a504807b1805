using System;
using System.Net.Http;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using GeminiTuning.Http;

namespace GeminiTuning.Auth;

/// <summary>Builds credentials from the sources Google.Apis.Auth supports.</summary>
public static class GoogleCredentials
{
    /// <summary>Vertex AI, Cloud Storage and everything else on Google Cloud.</summary>
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>Managing Gemini API tuned models (gemini-api-tuned-models.md §2).</summary>
    public const string GenerativeLanguageTuningScope = "https://www.googleapis.com/auth/generative-language.tuning";

    internal static readonly string[] Scopes = { CloudPlatformScope, GenerativeLanguageTuningScope };

    /// <summary>
    /// Reads a JSON credential file of any type Google.Apis.Auth supports. Errors say what is wrong with the file
    /// (a folder, missing, not JSON, an unknown type, a missing field, a damaged key) without repeating any of its content.
    /// </summary>
    public static IAccessTokenSource FromFile(string path, string? quotaProject = null, ModuleProxy? proxy = null)
    {
        var file = CredentialFile.Read(path);
        return new GoogleCredentialTokenSource(file.Load(), quotaProject, proxy, file.Kind, file.Account);
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
        return new GoogleCredentialTokenSource(GoogleCredential.FromAccessToken(token), quotaProject, null, "AccessToken", null);
    }

    /// <summary>Application Default Credentials, found lazily on first use (see <see cref="ApplicationDefaultLocation"/>).</summary>
    public static IAccessTokenSource ApplicationDefault(string? quotaProject = null, ModuleProxy? proxy = null) =>
        new ApplicationDefaultTokenSource(quotaProject, proxy, Environment.GetEnvironmentVariable);

    /// <summary>The same credential with another quota project and proxy, when it can be rebuilt; otherwise null.</summary>
    internal static IAccessTokenSource? Reconfigure(IAccessTokenSource credential, string? quotaProject, ModuleProxy? proxy) => credential switch
    {
        GoogleCredentialTokenSource g => g.With(quotaProject, proxy),
        ApplicationDefaultTokenSource a => a.With(quotaProject, proxy),
        _ => null,
    };

    internal static GoogleCredential Prepare(GoogleCredential credential, string? quotaProject, ModuleProxy? proxy = null)
    {
        var scoped = credential.IsCreateScopedRequired ? credential.CreateScoped(Scopes) : credential;
        scoped = scoped.CreateWithEnvironmentQuotaProject();

        // Token requests carry the module's User-Agent and take its proxy.
        scoped = scoped.CreateWithHttpClientFactory(new TokenHttpClientFactory(proxy));

        return string.IsNullOrEmpty(quotaProject) ? scoped : scoped.CreateWithQuotaProject(quotaProject);
    }

    /// <summary>Turns a failure to get a token into an error that says what to do, without secrets.</summary>
    internal static Exception TranslateTokenFailure(Exception ex, string kind) => ex switch
    {
        GeminiTuningException => ex,
        TokenResponseException { StatusCode: { } code } when (int)code is >= 300 and < 400 => new GeminiTuningException(
            $"The token request for the {kind} credential was answered with a redirect (HTTP {(int)code}), and redirects are refused: token " +
            "endpoints never redirect, so something in between answered instead (a captive portal such as a hotel or guest Wi-Fi sign-in " +
            "page, or a proxy), and following it would send the credential there.",
            "RedirectRefused", ErrorCategoryHint.ProtocolError,
            "Sign in to the network in a browser if it has a sign-in page; otherwise check the proxy (HTTPS_PROXY, or Connect-GeminiTuning -Proxy), then retry."),
        TokenResponseException tre => new GeminiTuningException(
            $"The token endpoint refused the {kind} credential: {tre.Error?.Error ?? "error"}" +
            (string.IsNullOrEmpty(tre.Error?.ErrorDescription) ? "." : " (" + Redactor.Redact(tre.Error!.ErrorDescription) + ")."),
            "TokenRefused", ErrorCategoryHint.AuthenticationError,
            kind == "AuthorizedUser" || kind == "ApplicationDefault"
                ? "Sign in again with 'gcloud auth application-default login', or connect with Connect-GeminiTuning -CredentialPath KEYFILE."
                : "Check that the key is current (not deleted or disabled), or connect again with Connect-GeminiTuning and a current credential.", ex),
        HttpRequestException => new GeminiTuningException(
            $"The token endpoint for the {kind} credential could not be reached ({RequestOutcomeUnknownException.Describe(ex)}).",
            "TokenEndpointUnreachable", ErrorCategoryHint.ConnectionError,
            "Check the network connection and the proxy (HTTPS_PROXY, or Connect-GeminiTuning -Proxy); use Connect-GeminiTuning -SkipValidation to connect offline.", ex),
        _ => new GeminiTuningException(
            $"No access token could be obtained from the {kind} credential.",
            "TokenUnavailable", ErrorCategoryHint.AuthenticationError, "Connect again with Connect-GeminiTuning and a current credential.", ex),
    };
}
