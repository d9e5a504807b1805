using System;
using GeminiTuning.Auth;

namespace GeminiTuning.Config;

/// <summary>
/// Resolves project, region, credential and endpoint: parameter, then Connect-GeminiTuning, then the environment
/// variables GOOGLE_CLOUD_PROJECT / GOOGLE_CLOUD_LOCATION, then the gcloud configuration (core/project, ai/region),
/// and otherwise an error that says how to set them.
/// </summary>
public sealed class SettingsResolver
{

    private readonly GeminiTuningContext? _connected;
    private readonly Func<string, string?> _environment;
    private readonly Lazy<GcloudConfiguration> _gcloud;

    /// <summary>Creates a resolver over the given sources (tests pass their own environment).</summary>
    public SettingsResolver(GeminiTuningContext? connected, Func<string, string?>? environment = null, bool? isWindows = null)
    {
        _connected = connected;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _gcloud = new Lazy<GcloudConfiguration>(() => GcloudConfiguration.Load(_environment, isWindows));
    }

    /// <summary>The project to use.</summary>
    public string ResolveProject(string? parameter)
    {
        if (!string.IsNullOrWhiteSpace(parameter))
        {
            return Identifiers.ValidateProject(parameter, "Project");
        }

        if (_connected?.Project is { } connected)
        {
            return connected;
        }

        if (NonEmpty(_environment("GOOGLE_CLOUD_PROJECT")) is { } fromEnv)
        {
            return Identifiers.ValidateProject(fromEnv, "GOOGLE_CLOUD_PROJECT");
        }

        if (_gcloud.Value.Project is { } fromGcloud)
        {
            return Identifiers.ValidateProject(fromGcloud, "gcloud core/project");
        }

        throw new GeminiTuningException(
            "No Google Cloud project is set.", "ProjectNotSet", ErrorCategoryHint.InvalidArgument,
            "Pass -Project, run Connect-GeminiTuning -Project PROJECT_ID, set the GOOGLE_CLOUD_PROJECT environment variable, " +
            "or run 'gcloud config set project PROJECT_ID'.");
    }

    /// <summary>The region to use.</summary>
    public string ResolveRegion(string? parameter)
    {
        if (!string.IsNullOrWhiteSpace(parameter))
        {
            return Identifiers.ValidateRegion(parameter, "Region");
        }

        if (_connected?.Region is { } connected)
        {
            return connected;
        }

        if (NonEmpty(_environment("GOOGLE_CLOUD_LOCATION")) is { } fromEnv)
        {
            return Identifiers.ValidateRegion(fromEnv, "GOOGLE_CLOUD_LOCATION");
        }

        if (_gcloud.Value.Region is { } fromGcloud)
        {
            return Identifiers.ValidateRegion(fromGcloud, "gcloud ai/region");
        }

        throw new GeminiTuningException(
            "No Google Cloud region is set.", "RegionNotSet", ErrorCategoryHint.InvalidArgument,
            "Pass -Region (e.g. us-central1), run Connect-GeminiTuning -Region REGION, set the GOOGLE_CLOUD_LOCATION " +
            "environment variable, or run 'gcloud config set ai/region REGION'.");
    }

    /// <summary>Project and region together, for resource names given as short ids.</summary>
    public (string Project, string Location) ResolveProjectAndRegion(string? project, string? region) =>
        (ResolveProject(project), ResolveRegion(region));

    /// <summary>The credential: the connected one, else Application Default Credentials (one per proxy, shared by the process).</summary>
    public IAccessTokenSource ResolveCredential() => _connected?.Credential ?? DefaultCredentials.For(ResolveProxy());

    /// <summary>The proxy: Connect-GeminiTuning -Proxy, else HTTPS_PROXY/NO_PROXY, else null (the system default).</summary>
    public Http.ModuleProxy? ResolveProxy() => _connected?.ProxySettings ?? Http.ModuleProxy.FromEnvironment(_environment);

    private static class DefaultCredentials
    {
        private static readonly object Gate = new();
        private static Http.ModuleProxy? _proxy;
        private static IAccessTokenSource? _credential;

        public static IAccessTokenSource For(Http.ModuleProxy? proxy)
        {
            lock (Gate)
            {
                if (_credential is null || !Equals(_proxy, proxy))
                {
                    _credential = GoogleCredentials.ApplicationDefault(null, proxy);
                    _proxy = proxy;
                }

                return _credential;
            }
        }
    }

    /// <summary>
    /// The Gemini API key, if any: the parameter, then Connect-GeminiTuning -ApiKey, then GEMINI_API_KEY, then
    /// GOOGLE_API_KEY. Null means OAuth is used. The key is registered for redaction.
    /// </summary>
    public string? ResolveApiKey(string? parameter)
    {
        var key = NonEmpty(parameter) ?? NonEmpty(_connected?.ApiKey) ?? NonEmpty(_environment("GEMINI_API_KEY")) ?? NonEmpty(_environment("GOOGLE_API_KEY"));
        Http.Redactor.RegisterSecret(key);
        return key;
    }

    /// <summary>The endpoints: the connected override, else Google's.</summary>
    public ServiceEndpoints ResolveEndpoints() =>
        _connected?.Endpoint is { } overrideBase ? new ServiceEndpoints(overrideBase) : ServiceEndpoints.Google;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
