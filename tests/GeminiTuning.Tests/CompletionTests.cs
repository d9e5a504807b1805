using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Completion;
using GeminiTuning.GeminiApi;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests;

public sealed class CompletionTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void A_fresh_list_is_answered_from_the_cache_without_asking_again()
    {
        var cache = new CompletionCache<string>(TimeSpan.FromMinutes(1));
        var fetches = 0;
        Task<IReadOnlyList<string>> Fetch(CancellationToken _) { Interlocked.Increment(ref fetches); return Task.FromResult<IReadOnlyList<string>>(new[] { "a", "b" }); }

        Assert.Equal(new[] { "a", "b" }, cache.Get("k", Fetch, TimeSpan.FromSeconds(5)));
        Assert.Equal(new[] { "a", "b" }, cache.Get("k", Fetch, TimeSpan.Zero));
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task A_slow_service_never_makes_completion_wait_longer_than_its_budget()
    {
        var cache = new CompletionCache<string>(TimeSpan.FromMinutes(1));
        var release = new TaskCompletionSource<bool>();
        var fetches = 0;
        async Task<IReadOnlyList<string>> Slow(CancellationToken _)
        {
            Interlocked.Increment(ref fetches);
            await release.Task.ConfigureAwait(false);
            return new[] { "4982013113894174720" };
        }

        var watch = Stopwatch.StartNew();
        var first = cache.Get("k", Slow, Budget);
        var firstTook = watch.Elapsed;
        var second = cache.Get("k", Slow, TimeSpan.Zero);
        release.SetResult(true);
        await Task.Delay(100);
        watch.Restart();
        var third = cache.Get("k", Slow, Budget);

        Assert.Empty(first);
        Assert.Empty(second);
        Assert.True(firstTook < TimeSpan.FromMilliseconds(250), $"took {firstTook}");
        Assert.Equal(new[] { "4982013113894174720" }, third);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(50), $"a cached answer took {watch.Elapsed}");
        Assert.Equal(1, fetches);
    }

    [Fact]
    public void A_stale_list_is_offered_while_it_is_refreshed()
    {
        var now = DateTimeOffset.UtcNow;
        var cache = new CompletionCache<string>(TimeSpan.FromSeconds(60), () => now);
        cache.Get("k", _ => Task.FromResult<IReadOnlyList<string>>(new[] { "old" }), TimeSpan.FromSeconds(5));
        now += TimeSpan.FromMinutes(2);
        var gate = new ManualResetEventSlim();

        var answer = cache.Get("k", _ => Task.Run<IReadOnlyList<string>>(() => { gate.Wait(); return new[] { "new" }; }), TimeSpan.FromMilliseconds(50));
        gate.Set();

        Assert.Equal(new[] { "old" }, answer);
    }

    [Fact]
    public void A_failing_service_offers_nothing_and_throws_nothing()
    {
        var cache = new CompletionCache<string>(TimeSpan.FromMinutes(1));

        Assert.Empty(cache.Get("k", _ => throw new GeminiTuningException("no", "X", ErrorCategoryHint.NotSpecified), Budget));
        Assert.Empty(cache.Get("k2", _ => Task.FromException<IReadOnlyList<string>>(new GeminiTuningException("no", "X", ErrorCategoryHint.NotSpecified)), Budget));
    }

    [Fact]
    public async Task Candidates_are_the_projects_jobs_matching_the_typed_prefix_by_id_or_display_name()
    {
        using var host = new EmulatorHost();
        var vertex = host.Vertex();
        var a = (await vertex.CreateAsync(EmulatorHost.Project, EmulatorHost.Region,
            new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/t.jsonl", TunedModelDisplayName = "support-bot" }, CancellationToken.None)).Job;
        await vertex.CreateAsync(EmulatorHost.Project, EmulatorHost.Region,
            new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/t.jsonl", TunedModelDisplayName = "other" }, CancellationToken.None);
        var context = new GeminiTuningContext(EmulatorHost.Project, EmulatorHost.Region, host.Emulator.BaseUri, GoogleCredentials.FromAccessToken("ya29.completion-token"));
        var cache = new CompletionCache<GeminiTuningJob>(TimeSpan.FromMinutes(1));

        var all = JobCompletion.Candidates("", null, null, context, cache, _ => null, TimeSpan.FromSeconds(5));
        var byId = JobCompletion.Candidates(a.Id.Substring(0, 12), null, null, context, cache, _ => null);
        var byName = JobCompletion.Candidates("support", null, null, context, cache, _ => null);

        Assert.Equal(2, all.Count);
        Assert.Equal(a.Id, Assert.Single(byId).Id);
        Assert.Equal(a.Id, Assert.Single(byName).Id);
        Assert.Single(host.RequestsFor(Emulator.EmulatorOperation.ListTuningJobs));
    }

    [Fact]
    public async Task Candidates_for_tuned_models_list_the_gemini_api()
    {
        using var host = new EmulatorHost();
        var model = await new GeminiApiClient(host.Transport()).CreateAsync(new TunedModelRequest
        {
            BaseModel = "models/gemini-1.5-flash-001-tuning",
            Examples = new List<TuningExample> { new("1", "2") },
            TunedModelId = "numbers-abc",
        }, CancellationToken.None);
        var context = new GeminiTuningContext(null, null, host.Emulator.BaseUri, GoogleCredentials.FromAccessToken("ya29.completion-token"));

        var found = JobCompletion.Candidates("tunedModels/num", null, null, context, new CompletionCache<GeminiTuningJob>(TimeSpan.FromMinutes(1)), _ => null, TimeSpan.FromSeconds(5));

        Assert.Equal(model.Name, Assert.Single(found).Name);
    }

    [Fact]
    public void Without_a_project_completion_offers_nothing_instead_of_failing()
    {
        Assert.Empty(JobCompletion.Candidates("12", null, null, null, new CompletionCache<GeminiTuningJob>(TimeSpan.FromMinutes(1)), _ => null));
    }

    [Fact]
    public void A_failed_lookup_is_remembered_briefly_so_tab_does_not_wait_for_it_again()
    {
        var now = DateTimeOffset.UtcNow;
        var cache = new CompletionCache<string>(TimeSpan.FromMinutes(1), () => now) { FailureTimeToLive = TimeSpan.FromSeconds(15) };
        var fetches = 0;
        async Task<IReadOnlyList<string>> SlowFailure(CancellationToken _)
        {
            Interlocked.Increment(ref fetches);
            await Task.Delay(50).ConfigureAwait(false);
            throw new GeminiTuningException("no credentials", "NoCredentials", ErrorCategoryHint.AuthenticationError);
        }

        Assert.Empty(cache.Get("k", SlowFailure, TimeSpan.FromSeconds(5)));
        var watch = Stopwatch.StartNew();
        Assert.Empty(cache.Get("k", SlowFailure, Budget));
        var secondTook = watch.Elapsed;
        now += TimeSpan.FromSeconds(16);
        Assert.Empty(cache.Get("k", SlowFailure, TimeSpan.FromSeconds(5)));

        Assert.True(secondTook < TimeSpan.FromMilliseconds(20), $"the second Tab took {secondTook}");
        Assert.Equal(2, fetches);
    }

    [Fact]
    public void A_lookup_still_running_after_one_tab_is_not_waited_for_by_the_next()
    {
        var cache = new CompletionCache<string>(TimeSpan.FromMinutes(1));
        using var release = new ManualResetEventSlim();
        var fetches = 0;
        Task<IReadOnlyList<string>> Hanging(CancellationToken _) => Task.Run<IReadOnlyList<string>>(() =>
        {
            Interlocked.Increment(ref fetches);
            release.Wait();
            return new[] { "late" };
        });

        var watch = Stopwatch.StartNew();
        cache.Get("k", Hanging, Budget);
        var firstTook = watch.Elapsed;
        watch.Restart();
        var second = cache.Get("k", Hanging, Budget);
        var secondTook = watch.Elapsed;
        release.Set();

        Assert.True(firstTook >= TimeSpan.FromMilliseconds(150), $"the first Tab waited {firstTook}");
        Assert.True(secondTook < TimeSpan.FromMilliseconds(20), $"the second Tab waited {secondTook}");
        Assert.Empty(second);
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task With_backend_gemini_api_names_are_offered_without_typing_the_tunedModels_prefix()
    {
        using var host = new EmulatorHost();
        var model = await new GeminiApiClient(host.Transport()).CreateAsync(new TunedModelRequest
        {
            BaseModel = "models/gemini-1.5-flash-001-tuning",
            Examples = new List<TuningExample> { new("1", "2") },
            TunedModelId = "numbers-abc",
        }, CancellationToken.None);
        var context = new GeminiTuningContext(EmulatorHost.Project, EmulatorHost.Region, host.Emulator.BaseUri, GoogleCredentials.FromAccessToken("ya29.completion-token"));
        var cache = new CompletionCache<GeminiTuningJob>(TimeSpan.FromMinutes(1));

        var all = JobCompletion.Candidates("", null, null, context, cache, _ => null, TimeSpan.FromSeconds(5), GeminiTuningBackend.GeminiApi);
        var typed = JobCompletion.Candidates("numb", null, null, context, cache, _ => null, TimeSpan.FromSeconds(5), GeminiTuningBackend.GeminiApi);

        Assert.Equal(model.Name, Assert.Single(all).Name);
        Assert.Equal(model.Name, Assert.Single(typed).Name);
        Assert.Empty(host.RequestsFor(Emulator.EmulatorOperation.ListTuningJobs));
    }

    [Fact]
    public async Task Endpoint_candidates_are_the_succeeded_jobs_with_an_endpoint()
    {
        using var host = new EmulatorHost(jobDuration: TimeSpan.FromMinutes(10));
        var vertex = host.Vertex();
        async Task<GeminiTuningJob> Create(string name) => (await vertex.CreateAsync(EmulatorHost.Project, EmulatorHost.Region,
            new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/t.jsonl", TunedModelDisplayName = name }, CancellationToken.None)).Job;
        await Create("done-bot");
        host.Clock.Advance(TimeSpan.FromMinutes(11));
        await Create("running-bot");
        var context = new GeminiTuningContext(EmulatorHost.Project, EmulatorHost.Region, host.Emulator.BaseUri, GoogleCredentials.FromAccessToken("ya29.completion-token"));
        var cache = new CompletionCache<GeminiTuningJob>(TimeSpan.FromMinutes(1));

        var all = JobCompletion.EndpointCandidates("", null, null, context, cache, _ => null, TimeSpan.FromSeconds(5));
        var byEndpoint = JobCompletion.EndpointCandidates("projects/", null, null, context, cache, _ => null);

        var done = Assert.Single(all);
        Assert.Equal("done-bot", done.TunedModelDisplayName);
        Assert.Equal(GeminiTuningJobState.Succeeded, done.State);
        Assert.Equal(done.Name, Assert.Single(byEndpoint).Name);
    }
}
