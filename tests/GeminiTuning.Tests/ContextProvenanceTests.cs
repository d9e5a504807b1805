using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Emulator;

namespace GeminiTuning.Tests;

/// <summary>Get-GeminiTuningContext: every value in effect, and where it came from.</summary>
public sealed class ContextProvenanceTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("gt-ctx-home-").FullName;
    private readonly Dictionary<string, string?> _env = new();

    public ContextProvenanceTests() => _env["HOME"] = _home;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private GeminiTuningContextInfo Describe(GeminiTuningContext? connected = null) =>
        new SettingsResolver(connected, name => _env.TryGetValue(name, out var v) ? v : null, isWindows: false).Describe();

    private void WriteGcloud(string file, string content)
    {
        var folder = Path.Combine(_home, ".config", "gcloud");
        Directory.CreateDirectory(Path.Combine(folder, "configurations"));
        File.WriteAllText(Path.Combine(folder, file), content);
    }

    [Fact]
    public void Values_from_the_environment_and_gcloud_are_shown_with_their_sources_not_blank()
    {
        _env["GOOGLE_CLOUD_PROJECT"] = "env-project";
        WriteGcloud("active_config", "work\n");
        WriteGcloud(Path.Combine("configurations", "config_work"), "[core]\nproject = gcloud-project\n[ai]\nregion = europe-west4\n");

        var info = Describe();

        Assert.Equal("env-project", info.Project);
        Assert.Equal("environment variable GOOGLE_CLOUD_PROJECT", info.ProjectSource);
        Assert.Equal("europe-west4", info.Region);
        Assert.Equal("gcloud configuration 'work' (ai/region)", info.RegionSource);
        Assert.False(info.IsConnected);
        Assert.Null(info.Endpoint);
        Assert.Equal(SettingSources.Google, info.EndpointSource);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void Cloudsdk_property_overrides_are_named_as_such()
    {
        _env["CLOUDSDK_CORE_PROJECT"] = "override-project";
        _env["CLOUDSDK_AI_REGION"] = "us-east4";

        var info = Describe();

        Assert.Equal(("override-project", "environment variable CLOUDSDK_CORE_PROJECT"), (info.Project, info.ProjectSource));
        Assert.Equal(("us-east4", "environment variable CLOUDSDK_AI_REGION"), (info.Region, info.RegionSource));
    }

    [Fact]
    public void What_connect_set_is_shown_as_connect_and_wins()
    {
        _env["GOOGLE_CLOUD_PROJECT"] = "env-project";
        var context = GeminiTuningContext.Apply(null, new ConnectRequest
        {
            Project = "connected-project", Region = "asia-northeast1", Endpoint = "http://127.0.0.1:9/", AccessToken = "ya29.provenance-token",
            QuotaProject = "billing-project", ApiKey = "AIzaProvenanceKey0000000000000000000000", Proxy = new Uri("http://proxy.example:3128/"),
        }, _ => null);

        var info = Describe(context);

        Assert.True(info.IsConnected);
        Assert.NotNull(info.ConnectedAt);
        Assert.Equal(("connected-project", SettingSources.Connect), (info.Project, info.ProjectSource));
        Assert.Equal(("asia-northeast1", SettingSources.Connect), (info.Region, info.RegionSource));
        Assert.Equal((new Uri("http://127.0.0.1:9/"), SettingSources.Connect), (info.Endpoint, info.EndpointSource));
        Assert.Equal(("AccessToken", "Connect-GeminiTuning -AccessToken"), (info.CredentialType, info.CredentialSource));
        Assert.Equal(("billing-project", SettingSources.Connect), (info.QuotaProject, info.QuotaProjectSource));
        Assert.Equal((true, SettingSources.Connect), (info.HasApiKey, info.ApiKeySource));
        Assert.Equal((new Uri("http://proxy.example:3128/"), SettingSources.Connect), (info.Proxy, info.ProxySource));
        var json = JsonSerializer.Serialize(info);
        Assert.DoesNotContain("AIzaProvenanceKey", json);
        Assert.DoesNotContain("ya29.provenance-token", json);
    }

    [Fact]
    public void Application_default_credentials_are_described_from_their_file_without_a_network_call()
    {
        using var emulator = GeminiTuningEmulator.Start();
        var key = JsonSerializer.Deserialize<Dictionary<string, object>>(emulator.CreateServiceAccountKey("adc@p-123456.iam.gserviceaccount.com", "p-123456"))!;
        key["quota_project_id"] = "file-quota-project";
        var path = Path.Combine(_home, "adc.json");
        File.WriteAllText(path, JsonSerializer.Serialize(key));
        _env["GOOGLE_APPLICATION_CREDENTIALS"] = path;

        var info = Describe();

        Assert.Equal("ServiceAccount", info.CredentialType);
        Assert.Equal("adc@p-123456.iam.gserviceaccount.com", info.Account);
        Assert.Equal($"Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS ({path})", info.CredentialSource);
        Assert.Equal(("file-quota-project", "credential file (quota_project_id)"), (info.QuotaProject, info.QuotaProjectSource));
        Assert.Empty(emulator.Requests);

        _env["GOOGLE_CLOUD_QUOTA_PROJECT"] = "env-quota";
        Assert.Equal(("env-quota", "environment variable GOOGLE_CLOUD_QUOTA_PROJECT"), (Describe().QuotaProject, Describe().QuotaProjectSource));
    }

    [Fact]
    public void The_file_gcloud_application_default_login_writes_is_found_under_cloudsdk_config()
    {
        var config = Path.Combine(_home, "gcloud-config");
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(config, ApplicationDefaultLocation.WellKnownFileName),
            "{\"type\":\"authorized_user\",\"client_id\":\"c\",\"client_secret\":\"s\",\"refresh_token\":\"1//refresh-secret\",\"quota_project_id\":\"q-123456\"}");
        _env["CLOUDSDK_CONFIG"] = config;

        var info = Describe();

        Assert.Equal("AuthorizedUser", info.CredentialType);
        Assert.Null(info.Account);
        Assert.StartsWith("Application Default Credentials: gcloud application-default login (", info.CredentialSource);
        Assert.Equal("q-123456", info.QuotaProject);
        Assert.DoesNotContain("refresh-secret", JsonSerializer.Serialize(info));
    }

    [Fact]
    public void The_api_key_and_proxy_from_the_environment_are_named_by_their_variable()
    {
        _env["GOOGLE_API_KEY"] = "AIzaFromGoogleApiKey00000000000000000000";
        _env["https_proxy"] = "http://user:proxy-password@proxy.example:8080";

        var info = Describe();

        Assert.Equal((true, "environment variable GOOGLE_API_KEY"), (info.HasApiKey, info.ApiKeySource));
        Assert.Equal((new Uri("http://proxy.example:8080/"), "environment variable https_proxy"), (info.Proxy, info.ProxySource));
        Assert.DoesNotContain("proxy-password", JsonSerializer.Serialize(info));
    }

    [Fact]
    public void With_nothing_set_every_source_says_so()
    {
        var info = Describe();

        Assert.Equal((null, SettingSources.NotSet), (info.Project, info.ProjectSource));
        Assert.Equal((null, SettingSources.NotSet), (info.Region, info.RegionSource));
        Assert.Equal((false, SettingSources.NotSet), (info.HasApiKey, info.ApiKeySource));
        Assert.Equal((null, SettingSources.SystemProxy), (info.Proxy, info.ProxySource));
        Assert.Equal("ApplicationDefault", info.CredentialType);
        Assert.Contains("no credential file on this machine", info.CredentialSource);
        Assert.Equal(SettingSources.NotSet, info.QuotaProjectSource);
    }

    [Fact]
    public void A_malformed_environment_is_listed_as_warnings_and_never_throws()
    {
        _env["GOOGLE_CLOUD_LOCATION"] = "us-central1.evil.example";
        _env["GOOGLE_APPLICATION_CREDENTIALS"] = Path.Combine(_home, "missing.json");
        _env["HTTPS_PROXY"] = "ftp://proxy";

        var info = Describe();

        Assert.Null(info.Region);
        Assert.Equal(3, info.Warnings.Count);
        Assert.Contains(info.Warnings, w => w.Contains("not a Google Cloud region", StringComparison.Ordinal));
        Assert.Contains(info.Warnings, w => w.Contains("named by GOOGLE_APPLICATION_CREDENTIALS does not exist", StringComparison.Ordinal));
        Assert.Contains(info.Warnings, w => w.Contains("HTTPS_PROXY", StringComparison.Ordinal));
    }

    [Fact]
    public void A_parameter_is_named_as_the_source_when_a_command_gives_one()
    {
        _env["GOOGLE_CLOUD_PROJECT"] = "env-project";

        var resolver = new SettingsResolver(null, name => _env.TryGetValue(name, out var v) ? v : null, isWindows: false);

        Assert.Equal(("param-project", "parameter -Project"), resolver.FindProject("param-project"));
        Assert.Equal(("env-project", "environment variable GOOGLE_CLOUD_PROJECT"), resolver.FindProject(null));
    }
}
