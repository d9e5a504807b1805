using System;
using GeminiTuning.Auth;
using GeminiTuning.Http;

namespace GeminiTuning.Config;

/// <summary>
/// Resolves project, region, credential and endpoint: parameter, then Connect-GeminiTuning, then the environment
/// variables GOOGLE_CLOUD_PROJECT / GOOGLE_CLOUD_LOCATION, then the gcloud configuration (core/project, ai/region),
/// and otherwise an error that says how to set them. <see cref="Describe"/> tells each value and where it came from.
/// </summary>
public sealed class SettingsResolver
{
    private readonly GeminiTuningContext? _connected;
    private readonly Func<string, string?> _environment;
    private readonly bool? _isWindows;
    private readonly Lazy<GcloudConfiguration> _gcloud;

    /// <summary>Creates a resolver over the given sources (tests pass their own environment).</summary>
    public SettingsResolver(GeminiTuningContext? connected, Func<string, string?>? environment = null, bool? isWindows = null)
    {
        _connected = connected;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _isWindows = isWindows;
        _gcloud = new Lazy<GcloudConfiguration>(() => GcloudConfiguration.Load(_environment, isWindows));
    }

    /// <summary>The connected context this resolver reads, or null.</summary>
    public GeminiTuningContext? Connected => _connected;

    /// <summary>The project to use.</summary>
    public string ResolveProject(string? parameter) =>
        FindProject(parameter).Value ?? throw new GeminiTuningException(
            "No Google Cloud project is set.", "ProjectNotSet", ErrorCategoryHint.InvalidArgument,
            "Pass -Project, run Connect-GeminiTuning -Project PROJECT_ID, set the GOOGLE_CLOUD_PROJECT environment variable, " +
            "or run 'gcloud config set project PROJECT_ID'.");

    /// <summary>The region to use.</summary>
    public string ResolveRegion(string? parameter) =>
        FindRegion(parameter).Value ?? throw new GeminiTuningException(
            "No Google Cloud region is set.", "RegionNotSet", ErrorCategoryHint.InvalidArgument,
            "Pass -Region (e.g. us-central1), run Connect-GeminiTuning -Region REGION, set the GOOGLE_CLOUD_LOCATION " +
            "environment variable, or run 'gcloud config set ai/region REGION'.");

    /// <summary>Project and region together, for resource names given as short ids.</summary>
    public (string Project, string Location) ResolveProjectAndRegion(string? project, string? region) =>
        (ResolveProject(project), ResolveRegion(region));

    /// <summary>The project and where it came from (Value null: none is set). Throws when a source holds a malformed value.</summary>
    public (string? Value, string Source) FindProject(string? parameter)
    {
        if (!string.IsNullOrWhiteSpace(parameter))
        {
            return (Identifiers.ValidateProject(parameter, "Project"), SettingSources.Parameter("Project"));
        }

        if (_connected?.Project is { } connected)
        {
            return (connected, SettingSources.Connect);
        }

        if (NonEmpty(_environment("GOOGLE_CLOUD_PROJECT")) is { } fromEnv)
        {
            return (Identifiers.ValidateProject(fromEnv, "GOOGLE_CLOUD_PROJECT"), SettingSources.Environment("GOOGLE_CLOUD_PROJECT"));
        }

        var gcloud = _gcloud.Value;
        return gcloud.Project is { } fromGcloud
            ? (Identifiers.ValidateProject(fromGcloud, "gcloud core/project"), gcloud.ProjectSource!)
            : (null, SettingSources.NotSet);
    }

    /// <summary>The region and where it came from (Value null: none is set). Throws when a source holds a malformed value.</summary>
    public (string? Value, string Source) FindRegion(string? parameter)
    {
        if (!string.IsNullOrWhiteSpace(parameter))
        {
            return (Identifiers.ValidateRegion(parameter, "Region"), SettingSources.Parameter("Region"));
        }

        if (_connected?.Region is { } connected)
        {
            return (connected, SettingSources.Connect);
        }

        if (NonEmpty(_environment("GOOGLE_CLOUD_LOCATION")) is { } fromEnv)
        {
            return (Identifiers.ValidateRegion(fromEnv, "GOOGLE_CLOUD_LOCATION"), SettingSources.Environment("GOOGLE_CLOUD_LOCATION"));
        }

        var gcloud = _gcloud.Value;
        return gcloud.Region is { } fromGcloud
            ? (Identifiers.ValidateRegion(fromGcloud, "gcloud ai/region"), gcloud.RegionSource!)
            : (null, SettingSources.NotSet);
    }

    /// <summary>The credential: the connected one, else Application Default Credentials (one per proxy and location, shared by the process).</summary>
    public IAccessTokenSource ResolveCredential() => _connected?.Credential ?? DefaultCredentialCache.For(ResolveProxy(), _environment);

    /// <summary>The proxy: Connect-GeminiTuning -Proxy, else HTTPS_PROXY/NO_PROXY, else null (the system default).</summary>
    public ModuleProxy? ResolveProxy() => _connected?.ProxySettings ?? ModuleProxy.FromEnvironment(_environment);

    /// <summary>
    /// The Gemini API key, if any: the parameter, then Connect-GeminiTuning -ApiKey, then GEMINI_API_KEY, then
    /// GOOGLE_API_KEY. Null means OAuth is used. The key is registered for redaction.
    /// </summary>
    public string? ResolveApiKey(string? parameter)
    {
        var key = FindApiKey(parameter).Value;
        Redactor.RegisterSecret(key);
        return key;
    }

    /// <summary>The endpoints: the connected override, else Google's.</summary>
    public ServiceEndpoints ResolveEndpoints() =>
        _connected?.Endpoint is { } overrideBase ? new ServiceEndpoints(overrideBase) : ServiceEndpoints.Google;

    /// <summary>What is in effect for a command given no -Project/-Region, each value with its source. Never throws: what
    /// is wrong in the environment is listed in <see cref="GeminiTuningContextInfo.Warnings"/>. Makes no network call.</summary>
    public GeminiTuningContextInfo Describe() => SettingsDescription.Of(this, _connected, _environment, _isWindows);

    internal (string? Value, string Source) FindApiKey(string? parameter)
    {
        if (NonEmpty(parameter) is { } given)
        {
            return (given, SettingSources.Parameter("ApiKey"));
        }

        if (NonEmpty(_connected?.ApiKey) is { } connected)
        {
            return (connected, SettingSources.Connect);
        }

        foreach (var name in new[] { "GEMINI_API_KEY", "GOOGLE_API_KEY" })
        {
            if (NonEmpty(_environment(name)) is { } fromEnv)
            {
                return (fromEnv, SettingSources.Environment(name));
            }
        }

        return (null, SettingSources.NotSet);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
