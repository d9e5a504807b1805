using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Config;

namespace GeminiTuning.Auth;

/// <summary>
/// What Connect-GeminiTuning checks before it returns, so that a bad credential fails there, with the fix, and not at
/// the first call: the credential in effect gets a token (a signed-JWT exchange for a service account, a refresh for a
/// user; an access token is taken as it is), and an API key given to Connect has the form of one.
/// </summary>
public static class ConnectionCheck
{
    /// <summary>The longest the token request may take.</summary>
    public static readonly TimeSpan TokenTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Checks the connection <paramref name="context"/> makes (with the environment behind <paramref name="settings"/>).
    /// Throws a <see cref="GeminiTuningException"/> that says what to fix; returns warnings for what still works in part
    /// (no Google Cloud credential, but an API key for the Gemini API).
    /// </summary>
    public static Task<IReadOnlyList<string>> ValidateAsync(GeminiTuningContext context, SettingsResolver settings, CancellationToken cancellationToken) =>
        ValidateAsync(context, settings, cancellationToken, TokenTimeout);

    internal static async Task<IReadOnlyList<string>> ValidateAsync(GeminiTuningContext context, SettingsResolver settings, CancellationToken cancellationToken,
        TimeSpan tokenTimeout)
    {
        var warnings = new List<string>();
        var endpoints = settings.ResolveEndpoints();
        if (context.ApiKey is { } key)
        {
            ApiKeyForm.Check(key, forGoogle: endpoints.Override is null);
        }

        var credential = settings.ResolveCredential();
        var audience = endpoints.Override ?? new Uri("https://aiplatform.googleapis.com/");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(tokenTimeout);
        try
        {
            await credential.GetAccessTokenAsync(audience, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GeminiTuningException(
                string.Format(CultureInfo.InvariantCulture, "The token endpoint for the {0} credential did not answer within {1:0.#} s.", credential.Kind, tokenTimeout.TotalSeconds),
                "TokenEndpointUnreachable", ErrorCategoryHint.OperationTimeout,
                "Check the network connection and the proxy (HTTPS_PROXY, or Connect-GeminiTuning -Proxy); use -SkipValidation to connect offline.");
        }
        catch (GeminiTuningException e) when (e.Condition == "NoCredentials" && settings.ResolveApiKey(null) is not null)
        {
            warnings.Add("No Google Cloud credential was found, so Vertex AI commands will fail until one is set up " +
                         "('gcloud auth application-default login', or Connect-GeminiTuning -CredentialPath FILE); Gemini API calls use the API key.");
        }

        return warnings;
    }
}
