using System;
using System.Collections.Generic;

namespace GeminiTuning;

/// <summary>
/// What is in effect now (Get-GeminiTuningContext, and what Connect-GeminiTuning returns): each setting a command uses
/// when it is not given as a parameter, and where it came from: Connect-GeminiTuning, an environment variable, the gcloud
/// configuration, Application Default Credentials, or nothing. Holds no secret: an API key is shown only as present or not.
/// </summary>
public sealed class GeminiTuningContextInfo
{
    /// <summary>The project, or null when none is set.</summary>
    public string? Project { get; internal set; }

    /// <summary>Where <see cref="Project"/> came from.</summary>
    public string ProjectSource { get; internal set; } = Config.SettingSources.NotSet;

    /// <summary>The region, or null when none is set.</summary>
    public string? Region { get; internal set; }

    /// <summary>Where <see cref="Region"/> came from.</summary>
    public string RegionSource { get; internal set; } = Config.SettingSources.NotSet;

    /// <summary>The base URI that replaces Google's hosts (a private endpoint, the emulator), or null for Google's own.</summary>
    public Uri? Endpoint { get; internal set; }

    /// <summary>Where <see cref="Endpoint"/> came from.</summary>
    public string EndpointSource { get; internal set; } = Config.SettingSources.Google;

    /// <summary>The kind of credential: ServiceAccount, AuthorizedUser, ExternalAccount, AccessToken, ApplicationDefault (none found yet)…</summary>
    public string CredentialType { get; internal set; } = "ApplicationDefault";

    /// <summary>The account the credential names (a service account's email), when it names one.</summary>
    public string? Account { get; internal set; }

    /// <summary>Where the credential came from.</summary>
    public string CredentialSource { get; internal set; } = Config.SettingSources.NotSet;

    /// <summary>The project charged for quota and billing (x-goog-user-project), or null.</summary>
    public string? QuotaProject { get; internal set; }

    /// <summary>Where <see cref="QuotaProject"/> came from.</summary>
    public string QuotaProjectSource { get; internal set; } = Config.SettingSources.NotSet;

    /// <summary>Whether a Gemini API key is in effect (the key itself is never shown).</summary>
    public bool HasApiKey { get; internal set; }

    /// <summary>Where the API key came from.</summary>
    public string ApiKeySource { get; internal set; } = Config.SettingSources.NotSet;

    /// <summary>The proxy of this module's requests, or null for the system's own setting.</summary>
    public Uri? Proxy { get; internal set; }

    /// <summary>Where <see cref="Proxy"/> came from.</summary>
    public string ProxySource { get; internal set; } = Config.SettingSources.SystemProxy;

    /// <summary>Whether Connect-GeminiTuning set anything in this process (since the last Disconnect-GeminiTuning).</summary>
    public bool IsConnected { get; internal set; }

    /// <summary>When Connect-GeminiTuning last ran, or null.</summary>
    public DateTimeOffset? ConnectedAt { get; internal set; }

    /// <summary>What looks wrong in the environment (a malformed variable, an unreadable credential file); commands will fail on it.</summary>
    public IReadOnlyList<string> Warnings { get; internal set; } = Array.Empty<string>();

    /// <inheritdoc />
    public override string ToString() => $"{Project ?? "(no project)"} / {Region ?? "(no region)"}" +
                                         (Endpoint is null ? string.Empty : " at " + Endpoint);
}
