using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Emulator;
using GeminiTuning.Http;
using GeminiTuning.Workflows;

namespace GeminiTuning.Tests;

/// <summary>Disconnect-GeminiTuning forgets what Connect set, and the tokens with it. These tests change the process's
/// session, so they run one at a time.</summary>
[Collection(nameof(SessionCollection))]
public sealed class DisconnectTests : IDisposable
{
    private readonly EmulatorHost _host = new(strict: true);
    private readonly string _folder = Directory.CreateTempSubdirectory("gt-disconnect-").FullName;

    public void Dispose()
    {
        GeminiTuningSession.Disconnect();
        _host.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Disconnect_forgets_the_context_and_resolution_falls_back_to_the_environment()
    {
        GeminiTuningSession.Current = GeminiTuningContext.Apply(null, new ConnectRequest { Project = "connected-project", AccessToken = "ya29.disconnect-me" }, _ => null);

        var previous = GeminiTuningSession.Disconnect();

        Assert.Equal("connected-project", previous!.Project);
        Assert.Null(GeminiTuningSession.Current);
        var info = new SettingsResolver(GeminiTuningSession.Current, n => n == "GOOGLE_CLOUD_PROJECT" ? "env-project" : null, isWindows: false).Describe();
        Assert.False(info.IsConnected);
        Assert.Equal(("env-project", "environment variable GOOGLE_CLOUD_PROJECT"), (info.Project, info.ProjectSource));
        Assert.Equal("ApplicationDefault", info.CredentialType);
    }

    [Fact]
    public async Task Disconnect_clears_the_cached_token_of_application_default_credentials()
    {
        var keyPath = _host.Emulator.WriteServiceAccountKeyFile(path: Path.Combine(_folder, "adc.json"));
        var env = new Dictionary<string, string?> { ["GOOGLE_APPLICATION_CREDENTIALS"] = keyPath, ["HOME"] = _folder };
        GeminiTuningSession.Current = new GeminiTuningContext(EmulatorHost.Project, EmulatorHost.Region, _host.Emulator.BaseUri, null);
        async Task ListAsync() =>
            await new GeminiTuningServices(new SettingsResolver(GeminiTuningSession.Current ?? new GeminiTuningContext(EmulatorHost.Project, EmulatorHost.Region, _host.Emulator.BaseUri, null),
                    n => env.TryGetValue(n, out var v) ? v : null), _host.Log, HttpClients.Create(null), EmulatorHost.FastRetries())
                .Vertex.ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, null, CancellationToken.None);

        await ListAsync();
        await ListAsync();
        Assert.Single(_host.RequestsFor(EmulatorOperation.Token));

        GeminiTuningSession.Disconnect();
        await ListAsync();

        Assert.Equal(2, _host.RequestsFor(EmulatorOperation.Token).Count);
    }

    [Fact]
    public void Stopping_an_emulator_disconnects_only_a_session_that_points_at_it()
    {
        using var other = GeminiTuningEmulator.Start();
        GeminiTuningSession.Current = new GeminiTuningContext("p-123456", "us-central1", _host.Emulator.BaseUri, null);

        Assert.False(GeminiTuningSession.DisconnectIfEndpoint(other.BaseUri));
        Assert.NotNull(GeminiTuningSession.Current);
        Assert.True(GeminiTuningSession.DisconnectIfEndpoint(_host.Emulator.BaseUri));
        Assert.Null(GeminiTuningSession.Current);
        Assert.False(GeminiTuningSession.DisconnectIfEndpoint(_host.Emulator.BaseUri));
    }
}

/// <summary>Tests that change <see cref="GeminiTuningSession"/> run in this collection, never in parallel with each other.</summary>
[CollectionDefinition(nameof(SessionCollection), DisableParallelization = true)]
public sealed class SessionCollection
{
}
