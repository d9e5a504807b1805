using System;
using System.Management.Automation;
using System.Security;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Http;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Connect-GeminiTuning cmdlet. Its help (docs/help/Connect-GeminiTuning.md) says what it does.</summary>
[Cmdlet(VerbsCommunications.Connect, "GeminiTuning", DefaultParameterSetName = ApplicationDefaultSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GeminiTuningContext))]
public sealed class ConnectGeminiTuningCommand : GeminiTuningCloudCmdlet
{
    private const string ApplicationDefaultSet = "ApplicationDefault";
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

    /// <summary>The credential for -Proxy.</summary>
    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>The project that quota and billing are charged to (sent as x-goog-user-project).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? QuotaProject { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            var project = string.IsNullOrWhiteSpace(Project) ? null : Identifiers.ValidateProject(Project);
            var region = string.IsNullOrWhiteSpace(Region) ? null : Identifiers.ValidateRegion(Region);
            var quotaProject = QuotaProject is null ? null : Identifiers.ValidateProject(QuotaProject, nameof(QuotaProject));
            var endpoint = Endpoint is null ? null : ServiceEndpoints.ValidateOverride(Endpoint.OriginalString, nameof(Endpoint));
            if (ProxyCredential is not null && Proxy is null)
            {
                throw new GeminiTuningArgumentException(nameof(ProxyCredential), "-ProxyCredential was given without -Proxy.", "Give the proxy with -Proxy http://HOST:PORT.");
            }

            var explicitProxy = Proxy is null ? null : ModuleProxy.Explicit(Proxy, ProxyCredential?.GetNetworkCredential());
            var tokenProxy = explicitProxy ?? ModuleProxy.FromEnvironment(Environment.GetEnvironmentVariable);
            IAccessTokenSource credential = ParameterSetName switch
            {
                CredentialFileSet => GoogleCredentials.FromFile(ProviderPath(CredentialPath), quotaProject, tokenProxy),
                AccessTokenSet => GoogleCredentials.FromAccessToken(PlainText(AccessToken!), quotaProject),
                _ => GoogleCredentials.ApplicationDefault(quotaProject, tokenProxy),
            };

            var apiKey = ApiKey is null ? null : PlainText(ApiKey);
            if (apiKey is not null)
            {
                Http.Redactor.RegisterSecret(apiKey);
            }

            if (!ShouldProcess($"project {project ?? "(from environment)"}, region {region ?? "(from environment)"}, {endpoint?.ToString() ?? "Google Cloud"}", "Set the session's GeminiTuning connection"))
            {
                return;
            }

            var context = new GeminiTuningContext(project, region, endpoint, credential, string.IsNullOrWhiteSpace(apiKey) ? null : apiKey!.Trim(), explicitProxy);
            GeminiTuningSession.Current = context;
            WriteVerbose($"Connected: project {project ?? "(from environment)"}, region {region ?? "(from environment)"}, " +
                         $"credential {context.CredentialType}{(endpoint is null ? string.Empty : ", endpoint " + endpoint)}.");
            WriteObject(context);
        }
        catch (GeminiTuningException ex)
        {
            ThrowTerminatingFor(ex, CredentialPath.Length > 0 ? CredentialPath : Project);
        }
    }
}
