using System;
using System.Threading;
using System.Threading.Tasks;
using Google.Apis.Auth.OAuth2;
using GeminiTuning.Http;

namespace GeminiTuning.Auth;

/// <summary>
/// Application Default Credentials, found on first use: the file <see cref="ApplicationDefaultLocation"/> finds, read
/// with the same checks as Connect-GeminiTuning -CredentialPath, else the metadata server.
/// </summary>
internal sealed class ApplicationDefaultTokenSource : IAccessTokenSource
{
    private readonly string? _quotaProject;
    private readonly ModuleProxy? _proxy;
    private readonly Func<string, string?> _environment;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private GoogleCredentialTokenSource? _inner;

    public ApplicationDefaultTokenSource(string? quotaProject, ModuleProxy? proxy, Func<string, string?> environment)
    {
        _quotaProject = quotaProject;
        _proxy = proxy;
        _environment = environment;
    }

    public string Kind => "ApplicationDefault";

    public string? Account => _inner?.Account;

    public string? QuotaProject => _inner?.QuotaProject ?? _quotaProject;

    public ApplicationDefaultTokenSource With(string? quotaProject, ModuleProxy? proxy) => new(quotaProject, proxy, _environment);

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
        var location = ApplicationDefaultLocation.Find(_environment);
        if (location.Path is { } path)
        {
            var file = CredentialFile.Read(path, location.Described, location.MissingFix);
            return new GoogleCredentialTokenSource(file.Load(location.Described), _quotaProject, _proxy, file.Kind, file.Account);
        }

        GoogleCredential credential;
        try
        {
            // Neither file exists: only the metadata server of a Google Cloud machine is left, which the library asks.
            credential = await GoogleCredential.GetApplicationDefaultAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw NoCredentials(ex);
        }

        return new GoogleCredentialTokenSource(credential, _quotaProject, _proxy, "ComputeEngine", null);
    }

    /// <summary>The error when no credential exists anywhere, listing every way to set one up.</summary>
    internal static GeminiTuningException NoCredentials(Exception? cause = null) => new(
        "No Google credentials were found (Application Default Credentials are not set up).", "NoCredentials",
        ErrorCategoryHint.AuthenticationError,
        "Run 'gcloud auth application-default login', set GOOGLE_APPLICATION_CREDENTIALS to a key file, " +
        "or run Connect-GeminiTuning -CredentialPath FILE or -AccessToken TOKEN.", cause);
}
