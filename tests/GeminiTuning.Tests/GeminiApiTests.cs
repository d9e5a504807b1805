using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Emulator;
using GeminiTuning.GeminiApi;
using GeminiTuning.Generation;
using GeminiTuning.Http;
using GeminiTuning.Workflows;
using GeminiTuning.Waiting;

namespace GeminiTuning.Tests;

public sealed class GeminiApiTests : IDisposable
{
    private readonly EmulatorHost _host = new(jobDuration: TimeSpan.FromMinutes(10));

    public void Dispose() => _host.Dispose();

    private static TunedModelRequest Request(string displayName = "number generator") => new()
    {
        BaseModel = "models/gemini-1.5-flash-001-tuning",
        DisplayName = displayName,
        Examples = new List<TuningExample> { new("1", "2"), new("3", "4"), new("twenty two", "twenty three") },
    };

    private GeminiApiClient Client(string? apiKey = null) => new(_host.Transport(), apiKey);

    [Fact]
    public async Task Create_sends_the_inline_examples_and_hyperparameters_as_the_gemini_api_expects()
    {
        var request = Request();
        request.EpochCount = 5;
        request.BatchSize = 2;
        request.LearningRate = 0.001;
        request.TunedModelId = "number-generator-fixed";

        var job = await Client().CreateAsync(request, CancellationToken.None);

        var post = Assert.Single(_host.RequestsFor(EmulatorOperation.CreateTunedModel));
        Assert.Equal("/v1beta/tunedModels", post.Path);
        Assert.Equal("tunedModelId=number-generator-fixed", post.Query);
        Assert.Equal(
            "{\"baseModel\":\"models/gemini-1.5-flash-001-tuning\",\"displayName\":\"number generator\",\"tuningTask\":{" +
            "\"trainingData\":{\"examples\":{\"examples\":[{\"textInput\":\"1\",\"output\":\"2\"},{\"textInput\":\"3\",\"output\":\"4\"}," +
            "{\"textInput\":\"twenty two\",\"output\":\"twenty three\"}]}},\"hyperparameters\":{\"learningRate\":0.001,\"epochCount\":5,\"batchSize\":2}}}",
            post.Body);
        Assert.Equal("tunedModels/number-generator-fixed", job.Name);
        Assert.Equal("number-generator-fixed", job.Id);
        Assert.Equal(GeminiTuningBackend.GeminiApi, job.Backend);
        Assert.Equal(GeminiTuningJobState.Running, job.State);
        Assert.Equal("CREATING", job.ServiceState);
        Assert.StartsWith("tunedModels/number-generator-fixed/operations/", job.OperationName);
        Assert.Equal(5, job.EpochCount);
        Assert.Equal(2, job.BatchSize);
        Assert.Null(job.TunedModelEndpoint);
        Assert.Null(job.Project);
    }

    [Fact]
    public async Task Without_an_id_one_is_derived_from_the_display_name_so_that_a_retry_can_find_it()
    {
        var job = await Client().CreateAsync(Request("Number Generator 100!"), CancellationToken.None);

        Assert.Matches("^tunedModels/number-generator-100-[a-z0-9]{8}$", job.Name);
        Assert.Matches("^tunedModelId=number-generator-100-[a-z0-9]{8}$", Assert.Single(_host.RequestsFor(EmulatorOperation.CreateTunedModel)).Query);
    }

    [Fact]
    public async Task A_refused_base_model_says_that_the_gemini_api_no_longer_tunes_and_points_to_vertex()
    {
        var request = Request();
        request.BaseModel = "gemini-2.5-flash";

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() => Client().CreateAsync(request, CancellationToken.None));

        Assert.Equal("BaseModelNotTunable", ex.Condition);
        Assert.Equal("NewGeminiTuningJobBaseModelNotTunable", ErrorReport.From(ex, null).ErrorIdFor("New-GeminiTuningJob"));
        Assert.Contains("models/gemini-2.5-flash", ex.Message);
        Assert.Contains("since May 2025", ex.Message);
        Assert.Contains("Vertex AI", ex.RecommendedAction);
        Assert.Contains("-TrainingDatasetUri", ex.RecommendedAction);
    }

    [Fact]
    public async Task Waiting_follows_the_operation_showing_completed_percent_and_the_latest_mean_loss()
    {
        var operations = _host.Operations();
        var job = await operations.CreateTunedModelAsync(Request(), CancellationToken.None);
        var statuses = new List<(string Status, int? Percent)>();
        var observer = new ProgressRecorder(_host, statuses);

        var result = await operations.WaitAsync(new[] { operations.WaitTargetFor(job.Name, null, null) },
            new WaitOptions { PollingInterval = TimeSpan.FromMilliseconds(10) }, observer, CancellationToken.None);

        var ended = Assert.Single(result.Ended);
        Assert.Equal(GeminiTuningJobState.Succeeded, ended.State);
        Assert.Equal(ended.Name, ended.TunedModelEndpoint);
        Assert.NotEmpty(ended.Snapshots);
        var midway = statuses.Where(s => s.Percent is > 0 and < 100).ToList();
        Assert.NotEmpty(midway);
        Assert.Contains(midway, s => s.Status.Contains("% done", StringComparison.Ordinal) && s.Status.Contains("mean loss", StringComparison.Ordinal));
        Assert.True(midway.Select(s => s.Percent!.Value).SequenceEqual(midway.Select(s => s.Percent!.Value).OrderBy(p => p)), "progress only grows");
    }

    private sealed class ProgressRecorder : IWaitObserver
    {
        private readonly EmulatorHost _host;
        private readonly List<(string, int?)> _statuses;

        public ProgressRecorder(EmulatorHost host, List<(string, int?)> statuses)
        {
            _host = host;
            _statuses = statuses;
        }

        public void OnPolled(WaitTarget target, GeminiTuningJob job, TimeSpan waited)
        {
            lock (_statuses)
            {
                _statuses.Add((TuningJobOperations.ProgressStatus(job, waited), TuningJobOperations.ProgressPercent(job)));
            }

            _host.Clock.Advance(TimeSpan.FromMinutes(2));
        }

        public void OnEnded(WaitTarget target, GeminiTuningJob job) { }

        public void OnError(WaitTarget target, GeminiTuningException error) { }
    }

    [Fact]
    public async Task A_failed_tuning_carries_the_operations_error_into_the_job()
    {
        var operations = _host.Operations();
        var job = await operations.CreateTunedModelAsync(Request("emulator-scenario:fail"), CancellationToken.None);
        _host.Clock.Advance(TimeSpan.FromMinutes(6));

        var failed = await operations.GetAsync(job.Name, null, null, CancellationToken.None);

        Assert.Equal(GeminiTuningJobState.Failed, failed.State);
        Assert.Equal("INTERNAL", failed.Error!.Status);
        Assert.False(string.IsNullOrEmpty(failed.Error.Message));
        Assert.Contains(failed.Error.Message, ErrorReport.ForEndedJob(failed)!.Message);
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_is_found_by_its_id_and_not_sent_again()
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.CreateTunedModel, Fault.DropConnectionAfterProcessing());

        var job = await Client().CreateAsync(Request(), CancellationToken.None);

        Assert.Single(_host.RequestsFor(EmulatorOperation.CreateTunedModel));
        var page = await Client().ListPageAsync(null, null, null, CancellationToken.None);
        Assert.Equal(job.Name, Assert.Single(page.Jobs).Name);
    }

    [Fact]
    public async Task A_create_refused_with_429_is_retried_with_the_same_id_and_makes_one_model()
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.CreateTunedModel, Fault.Error(429, "RESOURCE_EXHAUSTED", "later"));

        var job = await Client().CreateAsync(Request(), CancellationToken.None);

        var posts = _host.RequestsFor(EmulatorOperation.CreateTunedModel);
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].Query, posts[1].Query);
        Assert.Single((await Client().ListPageAsync(null, null, null, CancellationToken.None)).Jobs);
        Assert.Equal(GeminiTuningJobState.Running, job.State);
    }

    [Fact]
    public async Task A_create_asked_to_wait_longer_than_the_budget_fails_at_once_instead_of_waiting()
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.CreateTunedModel, Fault.Error(429, "RESOURCE_EXHAUSTED", "come back later", retryInfoDelay: TimeSpan.FromHours(3)));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<GoogleApiException>(() => Client().CreateAsync(Request(), CancellationToken.None));

        Assert.Equal("RESOURCE_EXHAUSTED", ex.Status);
        Assert.Single(_host.RequestsFor(EmulatorOperation.CreateTunedModel));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Listing_the_gemini_backend_pages_through_tuned_models_and_filters()
    {
        var client = Client();
        for (var i = 0; i < 12; i++)
        {
            await client.CreateAsync(Request(i % 3 == 0 ? $"special {i}" : $"plain {i}"), CancellationToken.None);
        }

        var all = new List<GeminiTuningJob>();
        await _host.Operations().ListAsync(new ListJobsRequest { Backend = GeminiTuningBackend.GeminiApi, PageSize = 5 }, all.Add, CancellationToken.None);
        var special = new List<GeminiTuningJob>();
        await _host.Operations().ListAsync(new ListJobsRequest { Backend = GeminiTuningBackend.GeminiApi, Filter = "special" }, special.Add, CancellationToken.None);

        Assert.Equal(12, all.Count);
        Assert.All(all, j => Assert.Equal(GeminiTuningBackend.GeminiApi, j.Backend));
        Assert.Equal(3, _host.RequestsFor(EmulatorOperation.ListTunedModels).Count(r => r.Query.Contains("pageSize=5", StringComparison.Ordinal)));
        Assert.Equal(4, special.Count);
        Assert.Empty(_host.RequestsFor(EmulatorOperation.ListTuningJobs));
    }

    [Fact]
    public async Task Deleting_a_tuned_model_removes_it_and_a_vertex_name_is_refused()
    {
        var operations = _host.Operations();
        var job = await operations.CreateTunedModelAsync(Request(), CancellationToken.None);

        var deleted = await operations.DeleteTunedModelAsync(job.Name, CancellationToken.None);
        var gone = await Assert.ThrowsAsync<GoogleApiException>(() => operations.GetAsync(job.Name, null, null, CancellationToken.None));
        var refused = await Assert.ThrowsAsync<GeminiTuningArgumentException>(() =>
            operations.DeleteTunedModelAsync("projects/p-123456/locations/us-central1/tuningJobs/1", CancellationToken.None));

        Assert.Equal(job.Name, deleted.Name);
        Assert.Equal("DELETE", Assert.Single(_host.RequestsFor(EmulatorOperation.DeleteTunedModel)).Method);
        Assert.Equal("NOT_FOUND", gone.Status);
        Assert.Contains("Gemini API tuned models", refused.RecommendedAction);
    }

    [Fact]
    public async Task Stopping_a_tuned_model_says_clearly_that_the_gemini_api_cannot_cancel()
    {
        var operations = _host.Operations();
        var job = await operations.CreateTunedModelAsync(Request(), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() => operations.CancelAsync(job.Name, null, null, CancellationToken.None));

        Assert.Equal("CancelNotSupported", ex.Condition);
        Assert.Equal(ErrorCategoryHint.NotImplemented, ex.Category);
        Assert.Contains("Remove-GeminiTunedModel " + job.Name, ex.RecommendedAction);
        _host.Clock.Advance(TimeSpan.FromHours(1));
        var ended = await Assert.ThrowsAsync<GeminiTuningException>(() => operations.CancelAsync(job.Name, null, null, CancellationToken.None));
        Assert.Equal("FailedPrecondition", ended.Condition);
    }

    [Fact]
    public async Task Generating_with_an_api_key_sends_it_only_as_a_header_and_never_logs_it()
    {
        var job = await Client().CreateAsync(Request(), CancellationToken.None);
        _host.Clock.Advance(TimeSpan.FromHours(1));
        const string key = "AIzaSyTEST-key-that-must-never-leak";
        var generation = new GenerationClient(_host.Transport(), key);
        var target = GenerationTarget.Parse(job.Name, () => throw new InvalidOperationException());

        var answer = await generation.GenerateAsync(target, "100", new GenerationOptions(), CancellationToken.None);
        await generation.StreamAsync(target, "100", new GenerationOptions(), _ => { }, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(answer.Text));
        foreach (var request in _host.RequestsFor(EmulatorOperation.GeminiGenerateContent).Concat(_host.RequestsFor(EmulatorOperation.GeminiStreamGenerateContent)))
        {
            Assert.Equal(key, request.Headers["x-goog-api-key"]);
            Assert.False(request.Headers.ContainsKey("Authorization"));
            Assert.DoesNotContain(key, request.Path + request.Query);
        }

        Assert.Equal("/v1beta/" + job.Name + ":generateContent", _host.RequestsFor(EmulatorOperation.GeminiGenerateContent).Single().Path);
        Assert.DoesNotContain(key, _host.Log.All);
    }

    [Fact]
    public async Task Strict_mode_refuses_an_unregistered_api_key_with_its_reason()
    {
        using var strict = new EmulatorHost(strict: true);
        strict.Emulator.RegisterApiKey("AIzaRegisteredKey0001");

        var ok = await new GeminiApiClient(strict.Transport(), "AIzaRegisteredKey0001").ListPageAsync(null, null, null, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<GoogleApiException>(() =>
            new GeminiApiClient(strict.Transport(), "AIzaUnknownKey0000002").ListPageAsync(null, null, null, CancellationToken.None));

        Assert.Empty(ok.Jobs);
        Assert.Equal("INVALID_ARGUMENT", ex.Status);
        Assert.Equal("API_KEY_INVALID", ex.Error.Reason);
        Assert.DoesNotContain("AIzaUnknownKey0000002", ex.Message);
    }

    [Fact]
    public void The_api_key_comes_from_the_parameter_then_connect_then_gemini_api_key_then_google_api_key()
    {
        var env = new Dictionary<string, string?> { ["GOOGLE_API_KEY"] = "google-api-key-value", ["GEMINI_API_KEY"] = "gemini-api-key-value" };
        SettingsResolver Resolver(GeminiTuningContext? c) => new(c, n => env.TryGetValue(n, out var v) ? v : null);
        var connected = new GeminiTuningContext(null, null, null, null, "connected-api-key");

        Assert.Equal("parameter-api-key", Resolver(connected).ResolveApiKey("parameter-api-key"));
        Assert.Equal("connected-api-key", Resolver(connected).ResolveApiKey(null));
        Assert.Equal("gemini-api-key-value", Resolver(null).ResolveApiKey(null));
        env.Remove("GEMINI_API_KEY");
        Assert.Equal("google-api-key-value", Resolver(null).ResolveApiKey(null));
        env.Remove("GOOGLE_API_KEY");
        Assert.Null(Resolver(null).ResolveApiKey(null));
        Assert.DoesNotContain("connected-api-key", JsonSerializer.Serialize(connected));
    }

    [Fact]
    public async Task An_api_key_is_never_sent_to_a_host_that_is_not_trusted()
    {
        var transport = new ApiTransport(HttpClients.Create(null), null, ServiceEndpoints.Google, EmulatorHost.FastRetries(), _host.Log);
        var call = new ApiCall(HttpMethod.Get, new Uri(_host.Emulator.BaseUri, "v1beta/tunedModels"), RetryClass.Idempotent) { Authenticate = false };
        call.Headers["x-goog-api-key"] = "AIzaShouldNotTravel01";

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() => transport.SendAsync(call, HttpCompletionOption.ResponseContentRead, CancellationToken.None));

        Assert.Equal("UntrustedHost", ex.Condition);
        Assert.Empty(_host.Emulator.Requests);
    }

    [Fact]
    public async Task Oauth_tokens_for_the_gemini_api_carry_the_tuning_scope()
    {
        var folder = Directory.CreateTempSubdirectory("gt-scope-").FullName;
        try
        {
            var path = Path.Combine(folder, "key.json");
            File.WriteAllText(path, _host.Emulator.CreateServiceAccountKey());
            await new GeminiApiClient(_host.Transport(GoogleCredentials.FromFile(path))).ListPageAsync(null, null, null, CancellationToken.None);

            var assertion = _host.RequestsFor(EmulatorOperation.Token).Single().Body.Split('&').Single(p => p.StartsWith("assertion=", StringComparison.Ordinal)).Substring(10);
            var payload = assertion.Split('.')[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - payload.Length % 4) % 4), '=');
            var scope = JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("scope").GetString()!;
            Assert.Contains(GoogleCredentials.GenerativeLanguageTuningScope, scope.Split(' '));
            Assert.Contains(GoogleCredentials.CloudPlatformScope, scope.Split(' '));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("tunedModels/abc", "tunedModels/abc")]
    [InlineData(" tunedModels/abc-123 ", "tunedModels/abc-123")]
    [InlineData("tunedModels/abc/operations/xyz", "tunedModels/abc")]
    public void Tuned_model_names_are_normalised(string input, string expected)
    {
        Assert.Equal(expected, GeminiApiClient.NormalizeName(input));
        Assert.Equal(GeminiTuningBackend.GeminiApi, TuningJobOperations.BackendOf(input));
    }

    [Theory]
    [InlineData("tunedModels/../x")]
    [InlineData("tunedModels/ABC")]
    [InlineData("tunedModels/a/b")]
    public void Crafted_tuned_model_names_are_refused(string input)
    {
        Assert.Throws<GeminiTuningArgumentException>(() => GeminiApiClient.NormalizeName(input));
    }

    [Theory]
    [InlineData(null, "tuned-model-")]
    [InlineData("Number Generator 100!", "number-generator-100-")]
    [InlineData("42 answers", "tuned-model-42-answers-")]
    [InlineData("a very long display name that goes on and on", "a-very-long-display-name-that-g")]
    public void Derived_ids_follow_the_services_rules(string? displayName, string expectedStart)
    {
        var id = new GeminiApiClient(_host.Transport()).NewTunedModelId(displayName);

        Assert.StartsWith(expectedStart, id);
        Assert.Matches("^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$", id);
    }
}
