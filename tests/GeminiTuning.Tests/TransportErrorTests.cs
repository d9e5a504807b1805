using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Emulator;
using GeminiTuning.GeminiApi;
using GeminiTuning.Http;
using GeminiTuning.Vertex;
using GeminiTuning.Workflows;

namespace GeminiTuning.Tests;

/// <summary>Errors about where a request went, said in the user's terms.</summary>
public sealed class TransportErrorTests : IDisposable
{
    private readonly EmulatorHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(301)]
    public async Task A_redirect_from_a_captive_portal_is_refused_and_says_why(int status)
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.ListTuningJobs, Fault.Redirect("http://portal.example/login?session=portal-secret-id", status));

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() =>
            _host.Vertex().ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, null, CancellationToken.None));

        Assert.Equal("RedirectRefused", ex.Condition);
        Assert.Equal(ErrorCategoryHint.ProtocolError, ex.Category);
        Assert.Contains($"redirect (HTTP {status} ", ex.Message);
        Assert.Contains("to http://portal.example/login", ex.Message);
        Assert.Contains("captive portal", ex.Message);
        Assert.DoesNotContain("portal-secret-id", ex.Message);
        Assert.DoesNotContain("UNKNOWN", ex.Message);
        Assert.Contains("Connect-GeminiTuning -Endpoint", ex.RecommendedAction);
        // Not followed, not retried: one request, and none to the portal.
        Assert.Single(_host.Emulator.Requests);
    }

    [Fact]
    public async Task A_redirected_create_is_refused_without_being_sent_again()
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.CreateTuningJob, Fault.Redirect("https://wifi.example/"));

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() => _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region,
            new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/t.jsonl" }, CancellationToken.None));

        Assert.Equal("RedirectRefused", ex.Condition);
        Assert.Single(_host.RequestsFor(EmulatorOperation.CreateTuningJob));
    }

    [Fact]
    public async Task A_stopped_emulator_fails_at_once_saying_nothing_listens_there()
    {
        var stopped = GeminiTuningEmulator.Start();
        stopped.Stop();
        var transport = new ApiTransport(HttpClients.Create(null), GoogleCredentials.FromAccessToken("ya29.stopped"), new ServiceEndpoints(stopped.BaseUri),
            RetryPolicy.Default, _host.Log);

        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() =>
            new VertexTuningClient(transport).ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, null, CancellationToken.None));

        Assert.Equal("EndpointNotListening", ex.Condition);
        Assert.Equal(ErrorCategoryHint.ConnectionError, ex.Category);
        Assert.Contains(stopped.BaseUri.GetLeftPart(UriPartial.Authority), ex.Message);
        Assert.Contains("emulator", ex.Message);
        Assert.Contains("Disconnect-GeminiTuning", ex.RecommendedAction);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed} (the default policy's retries would take seconds)");
    }

    [Fact]
    public async Task Without_any_credential_the_gemini_api_error_names_the_api_key_and_vertex_does_not()
    {
        var transport = new ApiTransport(HttpClients.Create(null), new MissingCredential(), new ServiceEndpoints(_host.Emulator.BaseUri), EmulatorHost.FastRetries(), _host.Log);

        var gemini = await Assert.ThrowsAsync<GeminiTuningException>(() => new GeminiApiClient(transport).GetAsync("tunedModels/some-model", CancellationToken.None));
        var vertex = await Assert.ThrowsAsync<GeminiTuningException>(() =>
            new VertexTuningClient(transport).ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, null, CancellationToken.None));

        Assert.Equal("NoCredentials", gemini.Condition);
        Assert.Contains("-ApiKey", gemini.RecommendedAction);
        Assert.Contains("GEMINI_API_KEY", gemini.RecommendedAction);
        Assert.Contains("no API key is set", gemini.Message);
        Assert.Equal("NoCredentials", vertex.Condition);
        Assert.DoesNotContain("API key", vertex.Message + vertex.RecommendedAction);
        Assert.Empty(_host.Emulator.Requests);
    }

    [Fact]
    public async Task Generation_on_a_gemini_api_model_without_credentials_names_the_api_key()
    {
        var context = new GeminiTuningContext(null, null, _host.Emulator.BaseUri, new MissingCredential());
        var services = new GeminiTuningServices(new SettingsResolver(context, _ => null), _host.Log, HttpClients.Create(null), EmulatorHost.FastRetries());
        var target = new TuningJobOperations(services).ResolveTarget("tunedModels/some-model", null, null);

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() =>
            services.Generation.GenerateAsync(target, "hello", new Generation.GenerationOptions(), CancellationToken.None));

        Assert.Contains("GEMINI_API_KEY", ex.RecommendedAction);
    }

    [Fact]
    public async Task A_redirected_token_request_is_refused_and_the_assertion_goes_nowhere_else()
    {
        using var portal = GeminiTuningEmulator.Start();
        _host.Emulator.Faults.Enqueue(EmulatorOperation.Token, Fault.Redirect(new Uri(portal.BaseUri, "token").ToString(), 307));
        var credential = GoogleCredentials.FromFile(_host.Emulator.WriteServiceAccountKeyFile());

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() =>
            _host.Vertex(credential).ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, null, CancellationToken.None));

        Assert.Equal("RedirectRefused", ex.Condition);
        Assert.Contains("token request for the ServiceAccount credential was answered with a redirect (HTTP 307)", ex.Message);
        Assert.Contains("captive portal", ex.Message);
        Assert.Empty(portal.Requests);
        Assert.Empty(_host.RequestsFor(EmulatorOperation.ListTuningJobs));
    }

    private sealed class MissingCredential : IAccessTokenSource
    {
        public string Kind => "ApplicationDefault";

        public string? Account => null;

        public string? QuotaProject => null;

        public Task<AccessToken> GetAccessTokenAsync(Uri requestUri, CancellationToken cancellationToken) =>
            throw ApplicationDefaultTokenSource.NoCredentials();
    }
}
