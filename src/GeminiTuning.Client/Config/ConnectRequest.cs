using System;
using System.Net;

namespace GeminiTuning.Config;

/// <summary>
/// What Connect-GeminiTuning was given. A null value keeps what the session had (<see cref="GeminiTuningContext.Apply"/>),
/// so that changing the region keeps the endpoint, credential and project; <see cref="Reset"/> starts over.
/// </summary>
public sealed class ConnectRequest
{
    /// <summary>Drop everything connected before, then apply this request.</summary>
    public bool Reset { get; set; }

    /// <summary>-Project.</summary>
    public string? Project { get; set; }

    /// <summary>-Region.</summary>
    public string? Region { get; set; }

    /// <summary>-Endpoint, as given (validated when applied).</summary>
    public string? Endpoint { get; set; }

    /// <summary>-CredentialPath, a file-system path.</summary>
    public string? CredentialPath { get; set; }

    /// <summary>-AccessToken in plain text (registered for redaction when applied).</summary>
    public string? AccessToken { get; set; }

    /// <summary>-ApiKey in plain text (registered for redaction when applied).</summary>
    public string? ApiKey { get; set; }

    /// <summary>-Proxy.</summary>
    public Uri? Proxy { get; set; }

    /// <summary>-ProxyCredential.</summary>
    public NetworkCredential? ProxyCredential { get; set; }

    /// <summary>-QuotaProject.</summary>
    public string? QuotaProject { get; set; }
}
