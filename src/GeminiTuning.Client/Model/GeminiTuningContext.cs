using System;
using GeminiTuning.Auth;

namespace GeminiTuning;

/// <summary>The session defaults set by Connect-GeminiTuning. Carries no secret in any public property.</summary>
public sealed class GeminiTuningContext
{
    /// <summary>Creates a context.</summary>
    public GeminiTuningContext(string? project, string? region, Uri? endpoint, IAccessTokenSource? credential, string? apiKey = null,
        Http.ModuleProxy? proxy = null)
    {
        ProxySettings = proxy;
        Project = project;
        Region = region;
        Endpoint = endpoint;
        Credential = credential;
        ApiKey = apiKey;
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
    public string? QuotaProject => Credential?.QuotaProject;

    /// <summary>The proxy set with Connect-GeminiTuning -Proxy (its credential is never shown), or null.</summary>
    public Uri? Proxy => ProxySettings?.Address;

    /// <summary>Whether a Gemini API key is held (the key itself is never shown).</summary>
    public bool HasApiKey => !string.IsNullOrEmpty(ApiKey);

    /// <summary>When the context was created.</summary>
    public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.Now;

    // Internal, so that no formatter, serializer or Format-List * can show them.
    internal IAccessTokenSource? Credential { get; }

    internal string? ApiKey { get; }

    internal Http.ModuleProxy? ProxySettings { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Project ?? "(no project)"} / {Region ?? "(no region)"}";
}

/// <summary>The process-wide connected context.</summary>
public static class GeminiTuningSession
{
    private static volatile GeminiTuningContext? _current;

    /// <summary>The context set by Connect-GeminiTuning, or null.</summary>
    public static GeminiTuningContext? Current
    {
        get => _current;
        set => _current = value;
    }
}
