using System;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Http;

namespace GeminiTuning;

/// <summary>
/// What Connect-GeminiTuning set for this process: each value it was given, nothing from the environment (see
/// <see cref="GeminiTuningContextInfo"/> for what is in effect). Immutable: Connect makes a new one from the old one and
/// what it was given. Carries no secret in any public property.
/// </summary>
public sealed class GeminiTuningContext
{
    /// <summary>Creates a context.</summary>
    public GeminiTuningContext(string? project, string? region, Uri? endpoint, IAccessTokenSource? credential, string? apiKey = null,
        ModuleProxy? proxy = null)
        : this(project, region, endpoint, credential, credential is null ? null : SettingSources.Connect, apiKey, proxy, null)
    {
    }

    private GeminiTuningContext(string? project, string? region, Uri? endpoint, IAccessTokenSource? credential, string? credentialOrigin,
        string? apiKey, ModuleProxy? proxy, string? quotaProject)
    {
        Project = project;
        Region = region;
        Endpoint = endpoint;
        Credential = credential;
        CredentialOrigin = credentialOrigin;
        ApiKey = apiKey;
        ProxySettings = proxy;
        QuotaProjectSetting = quotaProject;
    }

    /// <summary>Default project.</summary>
    public string? Project { get; }

    /// <summary>Default region.</summary>
    public string? Region { get; }

    /// <summary>Base URI that replaces Google's hosts (a private endpoint or the emulator), or null.</summary>
    public Uri? Endpoint { get; }

    /// <summary>What kind of credential is used: ServiceAccount, AuthorizedUser, AccessToken, ApplicationDefault…</summary>
    public string CredentialType => Credential?.Kind ?? "ApplicationDefault";

    /// <summary>The account the credential names, when it names one.</summary>
    public string? Account => Credential?.Account;

    /// <summary>The quota project, when set.</summary>
    public string? QuotaProject => QuotaProjectSetting ?? Credential?.QuotaProject;

    /// <summary>The proxy set with Connect-GeminiTuning -Proxy (its credential is never shown), or null.</summary>
    public Uri? Proxy => ProxySettings?.Address;

    /// <summary>Whether a Gemini API key is held (the key itself is never shown).</summary>
    public bool HasApiKey => !string.IsNullOrEmpty(ApiKey);

    /// <summary>When the context was created.</summary>
    public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.Now;

    // Internal, so that no formatter, serializer or Format-List * can show them.
    internal IAccessTokenSource? Credential { get; }

    /// <summary>How the credential was chosen, for people ("Connect-GeminiTuning -CredentialPath FILE"); null: none was.</summary>
    internal string? CredentialOrigin { get; }

    internal string? ApiKey { get; }

    internal ModuleProxy? ProxySettings { get; }

    /// <summary>-QuotaProject as given to Connect-GeminiTuning.</summary>
    internal string? QuotaProjectSetting { get; }

    /// <summary>
    /// The context after Connect-GeminiTuning: <paramref name="current"/> with what <paramref name="request"/> gives
    /// changed and everything else kept (all of it dropped first with <see cref="ConnectRequest.Reset"/>). Every value is
    /// validated before anything is built; a credential file is read now. No network call is made.
    /// </summary>
    public static GeminiTuningContext Apply(GeminiTuningContext? current, ConnectRequest request, Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var previous = request.Reset ? null : current;
        var project = request.Project is null ? previous?.Project : Identifiers.ValidateProject(request.Project, "Project");
        var region = request.Region is null ? previous?.Region : Identifiers.ValidateRegion(request.Region, "Region");
        var endpoint = request.Endpoint is null ? previous?.Endpoint : ServiceEndpoints.ValidateOverride(request.Endpoint, "Endpoint");
        var quotaProject = request.QuotaProject is null ? previous?.QuotaProjectSetting : Identifiers.ValidateProject(request.QuotaProject, "QuotaProject");
        var proxy = ProxyFor(request, previous);
        var apiKey = request.ApiKey is null ? previous?.ApiKey : ApiKeyForm.Normalize(request.ApiKey);
        Redactor.RegisterSecret(apiKey);

        // Token requests take the explicit proxy, else the environment's, as every other request does.
        var tokenProxy = proxy ?? ModuleProxy.FromEnvironment(env);
        IAccessTokenSource? credential;
        string? origin;
        if (request.CredentialPath is not null)
        {
            credential = GoogleCredentials.FromFile(request.CredentialPath, quotaProject, tokenProxy);
            origin = SettingSources.Connect + " -CredentialPath " + request.CredentialPath;
        }
        else if (request.AccessToken is not null)
        {
            credential = GoogleCredentials.FromAccessToken(request.AccessToken, quotaProject);
            origin = SettingSources.Connect + " -AccessToken";
        }
        else if (previous?.Credential is { } kept)
        {
            var changed = !string.Equals(quotaProject, previous.QuotaProjectSetting, StringComparison.Ordinal) || !Equals(proxy, previous.ProxySettings);
            credential = changed ? GoogleCredentials.Reconfigure(kept, quotaProject, tokenProxy) ?? kept : kept;
            origin = previous.CredentialOrigin;
        }
        else if (quotaProject is not null || proxy is not null)
        {
            // Application Default Credentials of their own, to carry the quota project or the proxy.
            credential = new ApplicationDefaultTokenSource(quotaProject, tokenProxy, env);
            origin = null;
        }
        else
        {
            credential = null;
            origin = null;
        }

        return new GeminiTuningContext(project, region, endpoint, credential, origin, apiKey, proxy, quotaProject);
    }

    private static ModuleProxy? ProxyFor(ConnectRequest request, GeminiTuningContext? previous)
    {
        if (request.Proxy is not null)
        {
            return ModuleProxy.Explicit(request.Proxy, request.ProxyCredential);
        }

        if (request.ProxyCredential is not null)
        {
            if (previous?.ProxySettings is not { } kept)
            {
                throw new GeminiTuningArgumentException("ProxyCredential", "-ProxyCredential was given without -Proxy, and no proxy was connected before.",
                    "Give the proxy with -Proxy http://HOST:PORT.");
            }

            return ModuleProxy.Explicit(kept.Address, request.ProxyCredential);
        }

        return previous?.ProxySettings;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Project ?? "(no project)"} / {Region ?? "(no region)"}";
}
