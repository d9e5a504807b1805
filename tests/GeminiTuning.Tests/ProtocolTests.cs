using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.GeminiApi;
using GeminiTuning.Generation;
using GeminiTuning.Http;
using GeminiTuning.Vertex;
using GeminiTuning.Vertex.Wire;
using GeminiTuning.Workflows;
using Google.Apis.Auth.OAuth2;

namespace GeminiTuning.Tests;

/// <summary>Speaking the services as Google's own clients do: enums, page sizes, the user project, an unknown region.</summary>
public sealed class ProtocolTests : IDisposable
{
    private readonly EmulatorHost _host = new();

    public void Dispose() => _host.Dispose();

    /// <summary>A person's token (as gcloud's application-default login gives), with or without a quota project of its own.</summary>
    private sealed class UserToken : IAccessTokenSource
    {
        private readonly string? _quotaProject;

        public UserToken(string? quotaProject = null) => _quotaProject = quotaProject;

        public string Kind => "AuthorizedUser";

        public string? Account => null;

        public string? QuotaProject => _quotaProject;

        public Task<AccessToken> GetAccessTokenAsync(Uri requestUri, CancellationToken cancellationToken) =>
            Task.FromResult(new AccessToken("ya29.user-token", _quotaProject is null
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { ["x-goog-user-project"] = _quotaProject }) { IsUserCredential = true });
    }

    [Fact]
    public async Task Enums_answered_as_numbers_are_read_as_their_names()
    {
        var request = new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/t.jsonl", AdapterSize = GeminiAdapterSize.Two };
        var job = (await _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, request, CancellationToken.None)).Job;
        _host.Clock.Advance(TimeSpan.FromHours(2));
        var uri = new Uri(_host.Emulator.BaseUri, "v1/" + job.Name + "?$alt=json;enum-encoding=int");

        var resource = await _host.Transport().SendJsonAsync<TuningJobResource>(new ApiCall(HttpMethod.Get, uri, RetryClass.Idempotent), CancellationToken.None);
        var read = TuningJobMapper.ToJob(resource);

        Assert.Equal("JOB_STATE_SUCCEEDED", read.ServiceState);
        Assert.Equal(GeminiTuningJobState.Succeeded, read.State);
        Assert.Equal(GeminiAdapterSize.Two, read.AdapterSize);
    }

    [Fact]
    public async Task A_listing_with_first_asks_the_service_for_just_that_many()
    {
        var written = new List<GeminiTuningJob>();

        await _host.Operations().ListAsync(new ListJobsRequest { First = 3 }, written.Add, CancellationToken.None);
        await _host.Operations().ListAsync(new ListJobsRequest { First = 3, Skip = 2 }, written.Add, CancellationToken.None);
        await _host.Operations().ListAsync(new ListJobsRequest { First = 3, States = new[] { GeminiTuningJobState.Running } }, written.Add, CancellationToken.None);

        var queries = _host.RequestsFor(Emulator.EmulatorOperation.ListTuningJobs).Select(r => r.Query).ToList();
        Assert.Equal(new[] { "pageSize=3", "pageSize=5", string.Empty }, queries);
    }

    [Fact]
    public async Task A_persons_gemini_api_calls_carry_the_project_as_user_project_unless_a_quota_project_is_set()
    {
        GeminiApiClient Client(IAccessTokenSource credential) =>
            new(_host.Transport(credential), null, () => EmulatorHost.Project);

        await Client(new UserToken()).ListPageAsync(null, null, null, CancellationToken.None);
        await Client(new UserToken("billing-project")).ListPageAsync(null, null, null, CancellationToken.None);
        await Client(GoogleCredentials.FromAccessToken("ya29.service-token")).ListPageAsync(null, null, null, CancellationToken.None);

        var sent = _host.RequestsFor(Emulator.EmulatorOperation.ListTunedModels)
            .Select(r => r.Headers.TryGetValue("x-goog-user-project", out var v) ? v : null).ToList();
        Assert.Equal(new[] { EmulatorHost.Project, "billing-project", null }, sent);
    }

    [Fact]
    public async Task A_persons_prompts_to_a_gemini_api_tuned_model_carry_the_project_as_user_project_and_vertex_prompts_do_not()
    {
        var model = await new GeminiApiClient(_host.Transport()).CreateAsync(new TunedModelRequest
        {
            BaseModel = "models/gemini-1.5-flash-001-tuning",
            Examples = new List<TuningExample> { new("1", "2"), new("2", "3") },
        }, CancellationToken.None);
        var vertexJob = (await _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region,
            new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/t.jsonl" }, CancellationToken.None)).Job;
        _host.Clock.Advance(TimeSpan.FromHours(2));
        vertexJob = await _host.Vertex().GetAsync(TuningJobName.Parse(vertexJob.Name, () => default), CancellationToken.None);
        GenerationClient Client(IAccessTokenSource credential) => new(_host.Transport(credential), null, () => EmulatorHost.Project);
        var tuned = GenerationTarget.Parse(model.Name, () => default);

        await Client(new UserToken()).GenerateAsync(tuned, "1", new GenerationOptions(), CancellationToken.None);
        await Client(new UserToken("billing-project")).StreamAsync(tuned, "1", new GenerationOptions(), _ => { }, CancellationToken.None);
        await Client(GoogleCredentials.FromAccessToken("ya29.service-token")).GenerateAsync(tuned, "1", new GenerationOptions(), CancellationToken.None);
        await Client(new UserToken()).GenerateAsync(GenerationTarget.Parse(vertexJob.TunedModelEndpoint!, () => default), "1", new GenerationOptions(), CancellationToken.None);

        string? UserProject(Emulator.EmulatorOperation operation, int index) =>
            _host.RequestsFor(operation)[index].Headers.TryGetValue("x-goog-user-project", out var v) ? v : null;
        Assert.Equal(EmulatorHost.Project, UserProject(Emulator.EmulatorOperation.GeminiGenerateContent, 0));
        Assert.Equal("billing-project", UserProject(Emulator.EmulatorOperation.GeminiStreamGenerateContent, 0));
        Assert.Null(UserProject(Emulator.EmulatorOperation.GeminiGenerateContent, 1));
        Assert.Null(UserProject(Emulator.EmulatorOperation.GenerateContent, 0));
    }

    [Fact]
    public void Only_a_persons_credential_counts_as_a_user_credential()
    {
        var user = CredentialFactory.FromJson<UserCredential>(
            "{\"type\":\"authorized_user\",\"client_id\":\"id.apps.googleusercontent.com\",\"client_secret\":\"s\",\"refresh_token\":\"r\"}").ToGoogleCredential();
        var token = GoogleCredential.FromAccessToken("ya29.x");

        Assert.True(GoogleCredentialTokenSource.IsUser(user));
        Assert.False(GoogleCredentialTokenSource.IsUser(token));
    }

    [Fact]
    public async Task A_region_whose_host_does_not_exist_is_an_error_naming_the_closest_at_once()
    {
        var handler = new FailingHandler();
        var transport = new ApiTransport(new HttpClient(handler), GoogleCredentials.FromAccessToken("ya29.x"), ServiceEndpoints.Google, EmulatorHost.FastRetries(), _host.Log);
        var vertex = new VertexTuningClient(transport);

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() =>
            vertex.GetAsync(TuningJobName.Parse("projects/p-123456/locations/us-centrall1/tuningJobs/1", () => ("p", "r")), CancellationToken.None));

        Assert.Equal("RegionNotFound", ex.Condition);
        Assert.Contains("The closest regions are us-central1", ex.Message);
        Assert.Equal(1, handler.Calls);

        handler.Calls = 0;
        await Assert.ThrowsAsync<GeminiTuningException>(() =>
            vertex.GetAsync(TuningJobName.Parse("projects/p-123456/locations/us-central1/tuningJobs/1", () => ("p", "r")), CancellationToken.None));
        Assert.True(handler.Calls > 1, "A known region's DNS failure may be transient and is retried.");
    }

    /// <summary>Fails every request as DNS does for a host that does not exist.</summary>
    private sealed class FailingHandler : HttpMessageHandler
    {
        public int Calls { get; set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            throw new HttpRequestException("Name or service not known", new SocketException((int)SocketError.HostNotFound));
        }
    }
}
