using System;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Auth;

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
