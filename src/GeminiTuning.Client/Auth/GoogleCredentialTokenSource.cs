using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Google.Apis.Auth.OAuth2;
using GeminiTuning.Http;

namespace GeminiTuning.Auth;

/// <summary>
/// Tokens from a Google.Apis.Auth credential, scoped, with the module's User-Agent, proxy and quota project. The token
/// is cached inside this object: dropping it (Disconnect-GeminiTuning) forgets the token.
/// </summary>
internal sealed class GoogleCredentialTokenSource : IAccessTokenSource
{
    private readonly GoogleCredential _unprepared;
    private readonly GoogleCredential _credential;

    public GoogleCredentialTokenSource(GoogleCredential unprepared, string? quotaProject, ModuleProxy? proxy, string kind, string? account)
    {
        _unprepared = unprepared;
        _credential = GoogleCredentials.Prepare(unprepared, quotaProject, proxy);
        Kind = kind;
        Account = account;
    }

    public string Kind { get; }

    public string? Account { get; }

    public string? QuotaProject => _credential.QuotaProject;

    /// <summary>The same credential (without its cached token) for another quota project or proxy.</summary>
    public GoogleCredentialTokenSource With(string? quotaProject, ModuleProxy? proxy) => new(_unprepared, quotaProject, proxy, Kind, Account);

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
