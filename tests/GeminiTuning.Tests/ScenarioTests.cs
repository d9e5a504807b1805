using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.Generation;
using GeminiTuning.Workflows;
using GeminiTuning.Vertex;
using GeminiTuning.Waiting;

namespace GeminiTuning.Tests;

/// <summary>The module's client against every scenario the emulator offers script authors, and against random faults.</summary>
public sealed class ScenarioTests : IDisposable
{
    private readonly EmulatorHost _host = new(jobDuration: TimeSpan.FromMinutes(10));

    public void Dispose() => _host.Dispose();

    private sealed class ClockDriver : IWaitObserver
    {
        private readonly EmulatorHost _host;

        public ClockDriver(EmulatorHost host) => _host = host;

        public void OnPolled(WaitTarget target, GeminiTuningJob job, TimeSpan waited) => _host.Clock.Advance(TimeSpan.FromMinutes(1));

        public void OnEnded(WaitTarget target, GeminiTuningJob job) { }

        public void OnError(WaitTarget target, GeminiTuningException error) { }
    }

    [Theory]
    [InlineData("succeed", GeminiTuningJobState.Succeeded, null, null)]
    [InlineData("fail", GeminiTuningJobState.Failed, "INTERNAL", "JobFailed")]
    [InlineData("fail-internal", GeminiTuningJobState.Failed, "INTERNAL", "JobFailed")]
    [InlineData("fail-validation", GeminiTuningJobState.Failed, "INVALID_ARGUMENT", "JobFailed")]
    [InlineData("expire", GeminiTuningJobState.Expired, "DEADLINE_EXCEEDED", "JobExpired")]
    [InlineData("cancel-mid-run", GeminiTuningJobState.Cancelled, "CANCELLED", null)]
    public async Task Each_job_scenario_ends_as_the_script_author_asked_and_is_reported_accordingly(string scenario, GeminiTuningJobState expected,
        string? errorStatus, string? reportCondition)
    {
        var operations = _host.Operations();
        var request = new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/t.jsonl" };
        request.Labels["emulator-scenario"] = scenario;
        var job = (await operations.CreateAsync(null, null, request, CancellationToken.None)).Job;

        var ended = Assert.Single((await operations.WaitAsync(new[] { operations.WaitTargetFor(job.Name, null, null) },
            new WaitOptions { PollingInterval = TimeSpan.FromMilliseconds(5) }, new ClockDriver(_host), CancellationToken.None)).Ended);

        Assert.Equal(expected, ended.State);
        Assert.Equal(errorStatus, ended.Error?.Status);
        Assert.Equal(reportCondition, ErrorReport.ForEndedJob(ended)?.Condition);
        Assert.Equal(expected == GeminiTuningJobState.Succeeded, ended.TunedModelEndpoint is not null);
    }

    [Theory]
    [InlineData("quota-exceeded", "RESOURCE_EXHAUSTED", ErrorCategoryHint.QuotaExceeded, "NewGeminiTuningJobResourceExhausted")]
    [InlineData("permission-denied", "PERMISSION_DENIED", ErrorCategoryHint.PermissionDenied, "NewGeminiTuningJobPermissionDenied")]
    public async Task Create_scenarios_fail_the_create_with_the_services_error_and_leave_no_job(string scenario, string status, ErrorCategoryHint category, string errorId)
    {
        var request = new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/t.jsonl" };
        request.Labels["emulator-scenario"] = scenario;

        var ex = await Assert.ThrowsAsync<GoogleApiException>(() => _host.Operations().CreateAsync(null, null, request, CancellationToken.None));

        Assert.Equal(status, ex.Status);
        Assert.Equal(category, ex.Category);
        Assert.Equal(errorId, ErrorReport.From(ex, null).ErrorIdFor("New-GeminiTuningJob"));
        Assert.Empty((await _host.Vertex().ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, null, CancellationToken.None)).Jobs);
        // A quota refusal is a definite rejection: retried (with backoff) up to the policy's attempts, never more.
        Assert.Equal(scenario == "quota-exceeded" ? 5 : 1, _host.RequestsFor(EmulatorOperation.CreateTuningJob).Count);
    }

    [Fact]
    public async Task With_a_fifth_of_requests_faulted_every_safe_call_still_succeeds_through_retries()
    {
        var faults = new FaultInjectionOptions
        {
            Rate = 0.2,
            Seed = 11,
            SlowDelay = TimeSpan.FromMilliseconds(20),
            Operations = new[] { EmulatorOperation.GetTuningJob, EmulatorOperation.ListTuningJobs, EmulatorOperation.GenerateContent, EmulatorOperation.CancelTuningJob },
        };
        using var flaky = new FlakyHost(faults);
        var operations = flaky.Host.Operations();
        var jobs = new List<GeminiTuningJob>();
        for (var i = 0; i < 5; i++)
        {
            jobs.Add((await operations.CreateAsync(null, null, new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/t.jsonl" },
                CancellationToken.None)).Job);
        }

        flaky.Host.Clock.Advance(TimeSpan.FromHours(2));
        for (var round = 0; round < 10; round++)
        {
            foreach (var job in jobs)
            {
                Assert.Equal(GeminiTuningJobState.Succeeded, (await operations.GetAsync(job.Name, null, null, CancellationToken.None)).State);
            }

            var listed = new List<GeminiTuningJob>();
            await operations.ListAsync(new ListJobsRequest { PageSize = 2 }, listed.Add, CancellationToken.None);
            Assert.Equal(5, listed.Count);
        }

        var target = operations.ResolveTarget(jobs[0].TunedModelEndpoint ?? (await operations.GetAsync(jobs[0].Name, null, null, CancellationToken.None)).TunedModelEndpoint!, null, null);
        for (var i = 0; i < 20; i++)
        {
            Assert.NotNull((await flaky.Host.Services().Generation.GenerateAsync(target, "ping " + i, new GenerationOptions(), CancellationToken.None)).Text);
        }

        var faulted = flaky.Host.Emulator.Requests.Count(r => r.ResponseStatus is 0 or 429 or 503);
        Assert.True(faulted > 10, $"only {faulted} faults were injected");
    }

    /// <summary>An emulator host whose emulator injects random faults.</summary>
    private sealed class FlakyHost : IDisposable
    {
        public FlakyHost(FaultInjectionOptions faults)
        {
            Host = new EmulatorHost(faults: faults);
        }

        public EmulatorHost Host { get; }

        public void Dispose() => Host.Dispose();
    }
}
