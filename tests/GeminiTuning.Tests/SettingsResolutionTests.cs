using System;
using System.Collections.Generic;
using System.IO;
using GeminiTuning.Config;

namespace GeminiTuning.Tests;

public sealed class SettingsResolutionTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("gt-home-").FullName;
    private readonly Dictionary<string, string?> _env = new();

    public SettingsResolutionTests() => _env["HOME"] = _home;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private SettingsResolver Resolver(GeminiTuningContext? connected = null) => new(connected, name => _env.TryGetValue(name, out var v) ? v : null, isWindows: false);

    private void WriteGcloudConfig(string name, string content, bool active = true)
    {
        var folder = Path.Combine(_home, ".config", "gcloud");
        Directory.CreateDirectory(Path.Combine(folder, "configurations"));
        File.WriteAllText(Path.Combine(folder, "configurations", "config_" + name), content);
        if (active)
        {
            File.WriteAllText(Path.Combine(folder, "active_config"), name + "\n");
        }
    }

    [Fact]
    public void The_parameter_wins_over_every_other_source()
    {
        _env["GOOGLE_CLOUD_PROJECT"] = "env-project";
        WriteGcloudConfig("default", "[core]\nproject = gcloud-project\n");

        Assert.Equal("param-project", Resolver(new GeminiTuningContext("connected-project", null, null, null)).ResolveProject("param-project"));
    }

    [Fact]
    public void The_connected_context_wins_over_environment_and_gcloud()
    {
        _env["GOOGLE_CLOUD_PROJECT"] = "env-project";

        Assert.Equal("connected-project", Resolver(new GeminiTuningContext("connected-project", "europe-west4", null, null)).ResolveProject(null));
        Assert.Equal("europe-west4", Resolver(new GeminiTuningContext(null, "europe-west4", null, null)).ResolveRegion(null));
    }

    [Fact]
    public void The_environment_wins_over_gcloud()
    {
        _env["GOOGLE_CLOUD_PROJECT"] = "env-project";
        _env["GOOGLE_CLOUD_LOCATION"] = "asia-northeast1";
        WriteGcloudConfig("default", "[core]\nproject = gcloud-project\n[ai]\nregion = us-east1\n");

        Assert.Equal("env-project", Resolver().ResolveProject(null));
        Assert.Equal("asia-northeast1", Resolver().ResolveRegion(null));
    }

    [Fact]
    public void The_active_gcloud_configuration_gives_core_project_and_ai_region()
    {
        WriteGcloudConfig("default", "[core]\nproject = wrong-project\n", active: false);
        WriteGcloudConfig("work", "# comment\n[core]\naccount = me@example.com\nproject = gcloud-project\n\n[ai]\nregion = europe-west4\n");

        Assert.Equal("gcloud-project", Resolver().ResolveProject(null));
        Assert.Equal("europe-west4", Resolver().ResolveRegion(null));
    }

    [Fact]
    public void Cloudsdk_variables_choose_the_folder_configuration_and_override_properties()
    {
        var other = Path.Combine(_home, "elsewhere");
        Directory.CreateDirectory(Path.Combine(other, "configurations"));
        File.WriteAllText(Path.Combine(other, "configurations", "config_ci"), "[core]\nproject = ci-project\n[ai]\nregion = us-west1\n");
        _env["CLOUDSDK_CONFIG"] = other;
        _env["CLOUDSDK_ACTIVE_CONFIG_NAME"] = "ci";

        Assert.Equal("ci-project", Resolver().ResolveProject(null));
        _env["CLOUDSDK_AI_REGION"] = "us-east4";
        Assert.Equal("us-east4", Resolver().ResolveRegion(null));
    }

    [Fact]
    public void With_nothing_set_the_error_says_every_way_to_set_it()
    {
        var project = Assert.Throws<GeminiTuningException>(() => Resolver().ResolveProject(null));
        var region = Assert.Throws<GeminiTuningException>(() => Resolver().ResolveRegion(null));

        Assert.Equal("ProjectNotSet", project.Condition);
        Assert.Contains("-Project", project.RecommendedAction);
        Assert.Contains("Connect-GeminiTuning", project.RecommendedAction);
        Assert.Contains("GOOGLE_CLOUD_PROJECT", project.RecommendedAction);
        Assert.Contains("gcloud config set project", project.RecommendedAction);
        Assert.Equal("RegionNotSet", region.Condition);
        Assert.Contains("gcloud config set ai/region", region.RecommendedAction);
    }

    [Fact]
    public void A_malformed_value_from_the_environment_is_refused_naming_its_source()
    {
        _env["GOOGLE_CLOUD_LOCATION"] = "us-central1.evil.com";

        var ex = Assert.Throws<GeminiTuningArgumentException>(() => Resolver().ResolveRegion(null));
        Assert.Equal("GOOGLE_CLOUD_LOCATION", ex.ParameterName);
    }

    [Fact]
    public void On_windows_the_configuration_lives_under_appdata()
    {
        var appData = Path.Combine(_home, "AppData");
        Directory.CreateDirectory(Path.Combine(appData, "gcloud", "configurations"));
        File.WriteAllText(Path.Combine(appData, "gcloud", "configurations", "config_default"), "[core]\r\nproject = win-project\r\n");
        _env["APPDATA"] = appData;

        Assert.Equal("win-project", new SettingsResolver(null, n => _env.TryGetValue(n, out var v) ? v : null, isWindows: true).ResolveProject(null));
    }
}
