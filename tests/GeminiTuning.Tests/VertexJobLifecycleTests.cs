using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.Workflows;
using GeminiTuning.Vertex;
using GeminiTuning.Waiting;

namespace GeminiTuning.Tests;

public sealed class VertexJobLifecycleTests : IDisposable
{
    private readonly EmulatorHost _host = new(jobDuration: TimeSpan.FromMinutes(60));

    public void Dispose() => _host.Dispose();

    private static TuningJobRequest Request(string? scenario = null)
    {
        var request = new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/train.jsonl" };
        if (scenario is not null)
        {
            request.Labels["emulator-scenario"] = scenario;
        }

        return request;
    }

    [Fact]
    public async Task Create_sends_every_parameter_exactly_once_as_the_service_expects()
    {
        var request = TestRequests.EveryParameter("fixed-request-id");

        var result = await _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, request, CancellationToken.None);

        var post = Assert.Single(_host.RequestsFor(EmulatorOperation.CreateTuningJob));
        Assert.Equal("POST", post.Method);
        Assert.Equal("/v1/projects/my-project/locations/us-central1/tuningJobs", post.Path);
        Assert.Equal(TestRequests.EveryParameterJson("fixed-request-id"), post.Body);
        Assert.Equal("Bearer ya29.test-token-for-emulator", post.Headers["Authorization"]);
        Assert.StartsWith("application/json", post.Headers["Content-Type"]);
        Assert.StartsWith("GeminiTuning/", post.Headers["User-Agent"]);
        Assert.Contains("geminituning/", post.Headers["x-goog-api-client"]);

        var job = result.Job;
        Assert.False(result.AlreadyExisted);
        Assert.Equal(GeminiTuningJobState.Pending, job.State);
        Assert.Equal(_host.ProjectNumber, job.Project);
        Assert.Equal(EmulatorHost.Region, job.Region);
        Assert.Equal($"projects/{_host.ProjectNumber}/locations/us-central1/tuningJobs/{job.Id}", job.Name);
        Assert.Equal(3, job.EpochCount);
        Assert.Equal(GeminiAdapterSize.Four, job.AdapterSize);
        Assert.Equal("support-bot", job.TunedModelDisplayName);
        Assert.Equal("search", job.Labels["team"]);
        Assert.Equal("projects/my-project/locations/us-central1/keyRings/r/cryptoKeys/k", job.KmsKeyName);
    }

    [Fact]
    public async Task A_job_is_read_back_by_short_id_or_by_full_name()
    {
        var created = (await _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, Request(), CancellationToken.None)).Job;
        var operations = _host.Operations();

        var byId = await operations.GetAsync(created.Id, null, null, CancellationToken.None);
        var byName = await operations.GetAsync(created.Name, "ignored-project", "europe-west1", CancellationToken.None);

        Assert.Equal(created.Name, byId.Name);
        Assert.Equal(created.Name, byName.Name);
        Assert.Equal("gs://bucket/train.jsonl", byName.TrainingDatasetUri);
    }

    [Fact]
    public async Task A_job_moves_from_pending_through_running_to_succeeded_with_a_tuned_endpoint()
    {
        var vertex = _host.Vertex();
        var job = (await vertex.CreateAsync(EmulatorHost.Project, EmulatorHost.Region, Request(), CancellationToken.None)).Job;
        var name = _host.Operations().ResolveName(job.Name, null, null);

        _host.Clock.Advance(TimeSpan.FromMinutes(30));
        var running = await vertex.GetAsync(name, CancellationToken.None);
        _host.Clock.Advance(TimeSpan.FromMinutes(31));
        var done = await vertex.GetAsync(name, CancellationToken.None);

        Assert.Equal(GeminiTuningJobState.Running, running.State);
        Assert.NotNull(running.StartTime);
        Assert.Null(running.TunedModelEndpoint);
        Assert.Equal(GeminiTuningJobState.Succeeded, done.State);
        Assert.NotNull(done.EndTime);
        Assert.StartsWith($"projects/{_host.ProjectNumber}/locations/us-central1/endpoints/", done.TunedModelEndpoint);
        Assert.StartsWith($"projects/{_host.ProjectNumber}/locations/us-central1/models/", done.TunedModelName);
        Assert.NotNull(done.Experiment);
        Assert.NotNull(done.TuningDataStats?.ExampleCount);
    }

    private sealed class AdvancingObserver : IWaitObserver
    {
        private readonly EmulatorHost _host;

        public AdvancingObserver(EmulatorHost host) => _host = host;

        public List<string> Events { get; } = new();

        public void OnPolled(WaitTarget target, GeminiTuningJob job, TimeSpan waited)
        {
            lock (Events)
            {
                Events.Add($"{job.Id} {job.State}");
            }

            // Every poll moves the emulator's clock a quarter of a job's duration on.
            _host.Clock.Advance(TimeSpan.FromMinutes(15));
        }

        public void OnEnded(WaitTarget target, GeminiTuningJob job)
        {
            lock (Events)
            {
                Events.Add($"{job.Id} ended {job.State}");
            }
        }

        public void OnError(WaitTarget target, GeminiTuningException error)
        {
            lock (Events)
            {
                Events.Add($"{target.Name} error {error.Condition}");
            }
        }
    }

    [Fact]
    public async Task Waiting_follows_a_job_to_succeeded_over_http()
    {
        var operations = _host.Operations();
        var job = (await operations.CreateAsync(null, null, Request(), CancellationToken.None)).Job;
        var observer = new AdvancingObserver(_host);

        var result = await operations.WaitAsync(new[] { operations.WaitTargetFor(job.Id, null, null) },
            new WaitOptions { PollingInterval = TimeSpan.FromMilliseconds(10) }, observer, CancellationToken.None);

        var ended = Assert.Single(result.Ended);
        Assert.Equal(GeminiTuningJobState.Succeeded, ended.State);
        Assert.NotNull(ended.TunedModelEndpoint);
        Assert.Contains($"{job.Id} Running", observer.Events);
        Assert.Equal($"{job.Id} ended Succeeded", observer.Events.Last());
        Assert.Null(ErrorReport.ForEndedJob(ended));
    }

    [Fact]
    public async Task Waiting_for_a_failing_job_returns_it_with_an_error_carrying_its_own_message()
    {
        var operations = _host.Operations();
        var job = (await operations.CreateAsync(null, null, Request("fail"), CancellationToken.None)).Job;

        var result = await operations.WaitAsync(new[] { operations.WaitTargetFor(job.Name, null, null) },
            new WaitOptions { PollingInterval = TimeSpan.FromMilliseconds(10) }, new AdvancingObserver(_host), CancellationToken.None);

        var ended = Assert.Single(result.Ended);
        Assert.Equal(GeminiTuningJobState.Failed, ended.State);
        Assert.Equal("INTERNAL", ended.Error!.Status);
        var report = ErrorReport.ForEndedJob(ended)!;
        Assert.Equal("WaitGeminiTuningJobJobFailed", report.ErrorIdFor("Wait-GeminiTuningJob"));
        Assert.Contains(ended.Error.Message, report.Message);
        Assert.Contains(job.Id, report.Message);
        Assert.Same(ended, report.Target);
    }

    [Fact]
    public async Task Waiting_for_an_expiring_job_reports_it_as_an_error_too()
    {
        var operations = _host.Operations();
        var job = (await operations.CreateAsync(null, null, Request("expire"), CancellationToken.None)).Job;

        var result = await operations.WaitAsync(new[] { operations.WaitTargetFor(job.Name, null, null) },
            new WaitOptions { PollingInterval = TimeSpan.FromMilliseconds(10) }, new AdvancingObserver(_host), CancellationToken.None);

        Assert.Equal(GeminiTuningJobState.Expired, Assert.Single(result.Ended).State);
        Assert.Equal("JobExpired", ErrorReport.ForEndedJob(result.Ended[0])!.Condition);
    }

    [Fact]
    public async Task A_timeout_stops_waiting_without_cancelling_and_names_the_running_jobs()
    {
        var operations = _host.Operations();
        var job = (await operations.CreateAsync(null, null, Request(), CancellationToken.None)).Job;

        var result = await operations.WaitAsync(new[] { operations.WaitTargetFor(job.Name, null, null) },
            new WaitOptions { PollingInterval = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromMilliseconds(300) },
            new AdvancingObserverThatDoesNotAdvance(), CancellationToken.None);

        Assert.True(result.TimedOut);
        var report = ErrorReport.ForTimeout(TimeSpan.FromMilliseconds(300), result.StillWaiting);
        Assert.Equal("WaitGeminiTuningJobTimeout", report.ErrorIdFor("Wait-GeminiTuningJob"));
        Assert.Contains(job.Id, report.Message);
        Assert.Contains("not cancelled", report.Message);
        Assert.Empty(_host.RequestsFor(EmulatorOperation.CancelTuningJob));
        Assert.Equal(GeminiTuningJobState.Pending, (await operations.GetAsync(job.Name, null, null, CancellationToken.None)).State);
    }

    private sealed class AdvancingObserverThatDoesNotAdvance : IWaitObserver
    {
        public void OnPolled(WaitTarget target, GeminiTuningJob job, TimeSpan waited) { }

        public void OnEnded(WaitTarget target, GeminiTuningJob job) { }

        public void OnError(WaitTarget target, GeminiTuningException error) { }
    }

    [Fact]
    public async Task Cancel_moves_a_running_job_through_cancelling_to_cancelled()
    {
        var operations = _host.Operations();
        var job = (await operations.CreateAsync(null, null, Request(), CancellationToken.None)).Job;
        _host.Clock.Advance(TimeSpan.FromMinutes(10));

        await operations.CancelAsync(job.Id, null, null, CancellationToken.None);
        var cancelling = await operations.GetAsync(job.Name, null, null, CancellationToken.None);
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var cancelled = await operations.GetAsync(job.Name, null, null, CancellationToken.None);

        var post = Assert.Single(_host.RequestsFor(EmulatorOperation.CancelTuningJob));
        Assert.Equal($"/v1/projects/my-project/locations/us-central1/tuningJobs/{job.Id}:cancel", post.Path);
        Assert.Equal(GeminiTuningJobState.Cancelling, cancelling.State);
        Assert.Equal(GeminiTuningJobState.Cancelled, cancelled.State);
        Assert.Equal(1, cancelled.Error!.Code);
        Assert.Equal("CANCELLED", cancelled.Error.Status);
    }

    [Fact]
    public async Task Cancelling_an_ended_job_is_refused_with_failed_precondition()
    {
        var operations = _host.Operations();
        var job = (await operations.CreateAsync(null, null, Request(), CancellationToken.None)).Job;
        _host.Clock.Advance(TimeSpan.FromHours(2));

        var ex = await Assert.ThrowsAsync<GoogleApiException>(() => operations.CancelAsync(job.Name, null, null, CancellationToken.None));

        Assert.Equal("FAILED_PRECONDITION", ex.Status);
        Assert.Equal("StopGeminiTuningJobFailedPrecondition", ErrorReport.From(ex, job.Name).ErrorIdFor("Stop-GeminiTuningJob"));
        Assert.Equal(ErrorCategoryHint.InvalidOperation, ex.Category);
    }

    [Fact]
    public async Task An_unknown_job_is_not_found_with_the_name_as_target()
    {
        var ex = await Assert.ThrowsAsync<GoogleApiException>(() => _host.Operations().GetAsync("123456", null, null, CancellationToken.None));
        var report = ErrorReport.From(ex, "123456");

        Assert.Equal(404, ex.HttpStatusCode);
        Assert.Equal("GetGeminiTuningJobNotFound", report.ErrorIdFor("Get-GeminiTuningJob"));
        Assert.Equal(ErrorCategoryHint.ObjectNotFound, report.Category);
        Assert.Equal("123456", report.Target);
        Assert.Contains("Get-GeminiTuningJob", report.RecommendedAction);
    }

    [Fact]
    public async Task Stopping_a_command_cancels_the_http_call_within_a_second()
    {
        var operations = _host.Operations();
        var job = (await operations.CreateAsync(null, null, Request(), CancellationToken.None)).Job;
        _host.Emulator.Faults.Enqueue(EmulatorOperation.GetTuningJob, Fault.Delay(TimeSpan.FromSeconds(30)));
        using var stop = new CancellationTokenSource();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cancelledAt = TimeSpan.Zero;
        stop.Token.Register(() => cancelledAt = watch.Elapsed);
        stop.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => operations.GetAsync(job.Name, null, null, stop.Token));

        Assert.True(watch.Elapsed - cancelledAt < TimeSpan.FromSeconds(1), $"stopped {watch.Elapsed - cancelledAt} after the cancellation");
    }

    [Fact]
    public async Task The_server_rejects_a_bad_body_with_invalid_argument_which_is_mapped()
    {
        var transport = _host.Transport();
        var call = new Http.ApiCall(System.Net.Http.HttpMethod.Post, new Uri(_host.Emulator.BaseUri, "v1/projects/my-project/locations/us-central1/tuningJobs"),
            Http.RetryClass.Never) { Body = System.Text.Encoding.UTF8.GetBytes("{not json") };

        var ex = await Assert.ThrowsAsync<GoogleApiException>(() => transport.SendAsync(call, System.Net.Http.HttpCompletionOption.ResponseContentRead, CancellationToken.None));

        Assert.Equal(400, ex.HttpStatusCode);
        Assert.Equal("INVALID_ARGUMENT", ex.Status);
        Assert.Equal(ErrorCategoryHint.InvalidArgument, ex.Category);
        Assert.True(ex.Error.FromEnvelope);
    }

}
