using System;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Emulator;
using GeminiTuning.Http;
using GeminiTuning.Workflows;

namespace GeminiTuning.Tests;

/// <summary>Connect-GeminiTuning changes what it is given and keeps the rest; -Reset starts over.</summary>
public sealed class ConnectTests : IDisposable
{
    private readonly EmulatorHost _host = new(strict: true);
    private readonly string _folder = Directory.CreateTempSubdirectory("gt-connect-").FullName;

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string KeyFile() => _host.Emulator.WriteServiceAccountKeyFile(path: Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json"));

    private static GeminiTuningContext Apply(GeminiTuningContext? current, ConnectRequest request) => GeminiTuningContext.Apply(current, request, _ => null);

    private Task<GeminiTuningJobPage> ListAsync(GeminiTuningContext context) =>
        new GeminiTuningServices(new SettingsResolver(context, _ => null), _host.Log, HttpClients.Create(null), EmulatorHost.FastRetries())
            .Vertex.ListPageAsync(context.Project!, context.Region!, null, null, null, CancellationToken.None);

    [Fact]
    public async Task Switching_the_region_keeps_the_emulator_endpoint_the_credential_and_the_project()
    {
        var connected = Apply(null, new ConnectRequest { Project = "emulator-project", Region = "us-central1", Endpoint = _host.Emulator.BaseUri.ToString(), CredentialPath = KeyFile() });
        await ListAsync(connected);

        var switched = Apply(connected, new ConnectRequest { Region = "europe-west4" });
        await ListAsync(switched);

        Assert.Equal("europe-west4", switched.Region);
        Assert.Equal("emulator-project", switched.Project);
        Assert.Equal(_host.Emulator.BaseUri, switched.Endpoint);
        Assert.Equal("ServiceAccount", switched.CredentialType);
        Assert.Equal(connected.Account, switched.Account);
        // The same credential, token and all: one token request for both calls, and both calls went to the emulator.
        Assert.Single(_host.RequestsFor(EmulatorOperation.Token));
        Assert.Equal(2, _host.RequestsFor(EmulatorOperation.ListTuningJobs).Count);
        Assert.EndsWith("/locations/europe-west4/tuningJobs", _host.RequestsFor(EmulatorOperation.ListTuningJobs)[1].Path);
    }

    [Fact]
    public void Reset_starts_over_from_nothing()
    {
        var connected = Apply(null, new ConnectRequest { Project = "p-123456", Region = "us-central1", Endpoint = _host.Emulator.BaseUri.ToString(), AccessToken = "ya29.reset-test", ApiKey = "some-key" });

        var reset = Apply(connected, new ConnectRequest { Reset = true, Region = "europe-west4" });

        Assert.Equal("europe-west4", reset.Region);
        Assert.Null(reset.Project);
        Assert.Null(reset.Endpoint);
        Assert.False(reset.HasApiKey);
        Assert.Equal("ApplicationDefault", reset.CredentialType);
    }

    [Fact]
    public void A_new_credential_or_api_key_replaces_the_old_one_and_keeps_the_rest()
    {
        var connected = Apply(null, new ConnectRequest { Project = "p-123456", Endpoint = _host.Emulator.BaseUri.ToString(), CredentialPath = KeyFile(), ApiKey = "first-key" });

        var changed = Apply(connected, new ConnectRequest { AccessToken = "ya29.second-credential" });

        Assert.Equal("AccessToken", changed.CredentialType);
        Assert.Equal("p-123456", changed.Project);
        Assert.Equal(_host.Emulator.BaseUri, changed.Endpoint);
        Assert.True(changed.HasApiKey);
        var info = new SettingsResolver(changed, _ => null).Describe();
        Assert.Equal("Connect-GeminiTuning -AccessToken", info.CredentialSource);
    }

    [Fact]
    public async Task A_new_quota_project_alone_rebuilds_the_credential_with_it()
    {
        var connected = Apply(null, new ConnectRequest { Project = "p-123456", Region = "us-central1", Endpoint = _host.Emulator.BaseUri.ToString(), CredentialPath = KeyFile() });

        var billed = Apply(connected, new ConnectRequest { QuotaProject = "billing-project" });
        await ListAsync(billed);

        Assert.Equal("ServiceAccount", billed.CredentialType);
        Assert.Equal("billing-project", billed.QuotaProject);
        Assert.Equal("billing-project", Assert.Single(_host.RequestsFor(EmulatorOperation.ListTuningJobs)).Headers["x-goog-user-project"]);
    }

    [Fact]
    public void A_proxy_credential_alone_applies_to_the_connected_proxy()
    {
        var connected = Apply(null, new ConnectRequest { Proxy = new Uri("http://proxy.example:3128/") });

        var withCredential = Apply(connected, new ConnectRequest { ProxyCredential = new NetworkCredential("me", "proxy-secret-1") });
        var refused = Assert.Throws<GeminiTuningArgumentException>(() => Apply(null, new ConnectRequest { ProxyCredential = new NetworkCredential("me", "x") }));

        Assert.Equal(new Uri("http://proxy.example:3128/"), withCredential.Proxy);
        Assert.Equal("proxy-secret-1", withCredential.ProxySettings!.Credential!.Password);
        Assert.Equal("ProxyCredential", refused.ParameterName);
    }

    [Theory]
    [InlineData("Region", "us-central1.evil.example")]
    [InlineData("Project", "Not A Project")]
    [InlineData("QuotaProject", "x")]
    [InlineData("Endpoint", "http://example.com/")]
    public void A_bad_value_is_refused_naming_its_parameter_and_nothing_changes(string parameter, string value)
    {
        var request = new ConnectRequest();
        typeof(ConnectRequest).GetProperty(parameter)!.SetValue(request, value);
        var connected = Apply(null, new ConnectRequest { Project = "p-123456", Region = "us-central1" });

        var ex = Assert.Throws<GeminiTuningArgumentException>(() => Apply(connected, request));

        Assert.Equal(parameter, ex.ParameterName);
        Assert.Equal("Invalid" + parameter, ex.Condition);
        Assert.Equal(("p-123456", "us-central1"), (connected.Project, connected.Region));
    }
}
