using System;
using System.Management.Automation;
using System.Security;
using GeminiTuning.Auth;
using GeminiTuning.Config;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Connect-GeminiTuning cmdlet. Its help (docs/help/Connect-GeminiTuning.md) says what it does.</summary>
/// <remarks>
/// What it is given changes and the rest of the connection is kept (<see cref="GeminiTuningContext.Apply"/>), so that
/// <c>Connect-GeminiTuning -Region europe-west4</c> keeps the emulator, the credential and the project; -Reset starts
/// over. The credential is checked before the connection is made (<see cref="ConnectionCheck"/>), unless -SkipValidation.
/// </remarks>
[Cmdlet(VerbsCommunications.Connect, "GeminiTuning", DefaultParameterSetName = KeepCredentialSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GeminiTuningContextInfo))]
public sealed class ConnectGeminiTuningCommand : GeminiTuningCloudCmdlet
{
    private const string KeepCredentialSet = "KeepCredential";
    private const string CredentialFileSet = "CredentialFile";
    private const string AccessTokenSet = "AccessToken";

    /// <summary>Path to a JSON credential file (service account key, authorized user, external account…).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialFileSet, ValueFromPipelineByPropertyName = true)]
    [Alias("KeyFile", "CredentialFile", "ServiceAccountKeyPath")]
    [ValidateNotNullOrEmpty]
    public string CredentialPath { get; set; } = string.Empty;

    /// <summary>An OAuth access token, e.g. from 'gcloud auth print-access-token'. It is not refreshed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
    [ValidateNotNull]
    public SecureString? AccessToken { get; set; }

    /// <summary>A base URI that replaces Google's hosts: a private endpoint, or the local emulator (http only on loopback).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Uri")]
    public Uri? Endpoint { get; set; }

    /// <summary>A Gemini API key for calls to the Gemini API (tunedModels); sent in the x-goog-api-key header, never shown.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? ApiKey { get; set; }

    /// <summary>A proxy for this module's requests (default: HTTPS_PROXY and NO_PROXY, else the system's). This machine is never proxied.</summary>
    [Parameter]
    public Uri? Proxy { get; set; }

    /// <summary>The credential for -Proxy (or for the proxy connected before).</summary>
    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>The project that quota and billing are charged to (sent as x-goog-user-project).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? QuotaProject { get; set; }

    /// <summary>Forget the earlier connection first, so that what is not given falls back to the environment and gcloud.</summary>
    [Parameter]
    public SwitchParameter Reset { get; set; }

    /// <summary>Connect without checking the credential (no token request) or the API key's form, e.g. offline.</summary>
    [Parameter]
    public SwitchParameter SkipValidation { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var target = (object?)(CredentialPath.Length > 0 ? CredentialPath : null) ?? Project ?? Region ?? Endpoint?.ToString();
        try
        {
            var request = new ConnectRequest
            {
                Reset = Reset,
                Project = NullIfBlank(Project),
                Region = NullIfBlank(Region),
                Endpoint = Endpoint?.OriginalString,
                CredentialPath = ParameterSetName == CredentialFileSet ? ProviderPath(CredentialPath) : null,
                AccessToken = AccessToken is null ? null : PlainText(AccessToken),
                ApiKey = ApiKey is null ? null : PlainText(ApiKey),
                Proxy = Proxy,
                ProxyCredential = ProxyCredential?.GetNetworkCredential(),
                QuotaProject = QuotaProject,
            };
            var context = GeminiTuningContext.Apply(Reset ? null : GeminiTuningSession.Current, request);
            var settings = new SettingsResolver(context);
            var info = settings.Describe();
            if (!ShouldProcess($"project {info.Project ?? "(not set)"}, region {info.Region ?? "(not set)"}, {info.Endpoint?.ToString() ?? "Google Cloud"}, " +
                               $"credential {info.CredentialType}", "Set the session's GeminiTuning connection"))
            {
                return;
            }

            // Checked before the session changes: a credential that cannot get a token leaves the old connection in place.
            if (!SkipValidation)
            {
                foreach (var warning in RunSync(ct => ConnectionCheck.ValidateAsync(context, settings, ct)))
                {
                    WriteWarning(warning);
                }
            }

            GeminiTuningSession.Current = context;
            WriteVerbose($"Connected: project {info.Project ?? "(not set)"} ({info.ProjectSource}), region {info.Region ?? "(not set)"} ({info.RegionSource}), " +
                         $"credential {info.CredentialType}{(info.Endpoint is null ? string.Empty : ", endpoint " + info.Endpoint)}" +
                         (SkipValidation ? ", not validated." : "."));
            foreach (var warning in info.Warnings)
            {
                WriteWarning(warning);
            }

            WriteObject(info);
        }
        catch (GeminiTuningException ex)
        {
            ThrowTerminatingFor(ex, target);
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
