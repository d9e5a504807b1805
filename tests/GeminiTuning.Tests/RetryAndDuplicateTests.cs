using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.Http;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests;

public sealed class RetryAndDuplicateTests : IDisposable
{
    private readonly EmulatorHost _host = new();

    public void Dispose() => _host.Dispose();

    private static TuningJobRequest Request() => new() { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/train.jsonl" };

    private async Task<int> JobCount() =>
        (await _host.Vertex().ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, 100, CancellationToken.None)).Jobs.Count;

    private async Task<GeminiTuningJob> CreatedJob() =>
        (await _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, Request(), CancellationToken.None)).Job;

    [Theory]
    [InlineData(429, "RESOURCE_EXHAUSTED")]
    [InlineData(503, "UNAVAILABLE")]
    [InlineData(500, "INTERNAL")]
    [InlineData(504, "DEADLINE_EXCEEDED")]
    public async Task A_get_is_retried_after_transient_answers(int status, string name)
    {
        var job = await CreatedJob();
        _host.Emulator.Faults.Enqueue(EmulatorOperation.GetTuningJob, Fault.Error(status, name, "try again"), times: 2);

        var read = await _host.Operations().GetAsync(job.Name, null, null, CancellationToken.None);

        Assert.Equal(job.Name, read.Name);
        Assert.Equal(3, _host.RequestsFor(EmulatorOperation.GetTuningJob).Count);
        Assert.Contains(_host.Log.Lines, l => l.Contains("Retrying after " + name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_idempotent_call_is_retried_after_a_dropped_connection()
    {
        // A cancel: HttpClient resends a bodiless GET on its own when a reused connection closes, which would hide
        // whether the module retries; it does not resend a POST, so this exercises the module's own policy.
        var job = await CreatedJob();
        _host.Emulator.Faults.Enqueue(EmulatorOperation.CancelTuningJob, Fault.DropConnection());

        await _host.Operations().CancelAsync(job.Name, null, null, CancellationToken.None);

        Assert.Equal(2, _host.RequestsFor(EmulatorOperation.CancelTuningJob).Count);
        Assert.Contains(_host.Log.Lines, l => l.Contains("Retrying after network error", StringComparison.Ordinal));
        Assert.Equal(GeminiTuningJobState.Cancelling, (await _host.Operations().GetAsync(job.Name, null, null, CancellationToken.None)).State);
    }

    [Theory]
    [InlineData(404, "NOT_FOUND")]
    [InlineData(400, "INVALID_ARGUMENT")]
    [InlineData(403, "PERMISSION_DENIED")]
    public async Task Errors_that_repeating_cannot_fix_are_not_retried(int status, string name)
    {
        var job = await CreatedJob();
        _host.Emulator.Faults.Enqueue(EmulatorOperation.GetTuningJob, Fault.Error(status, name, "no"));

        var ex = await Assert.ThrowsAsync<GoogleApiException>(() => _host.Operations().GetAsync(job.Name, null, null, CancellationToken.None));

        Assert.Equal(name, ex.Status);
        Assert.Single(_host.RequestsFor(EmulatorOperation.GetTuningJob));
    }

    [Fact]
    public async Task The_servers_retry_info_delay_is_honoured()
    {
        var job = await CreatedJob();
        _host.Emulator.Faults.Enqueue(EmulatorOperation.GetTuningJob, Fault.Error(429, "RESOURCE_EXHAUSTED", "slow down", retryInfoDelay: TimeSpan.FromMilliseconds(400)));
        var watch = Stopwatch.StartNew();

        await _host.Operations().GetAsync(job.Name, null, null, CancellationToken.None);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(390), $"waited only {watch.Elapsed}");
    }

    [Fact]
    public async Task A_retry_after_header_is_honoured()
    {
        var job = await CreatedJob();
        _host.Emulator.Faults.Enqueue(EmulatorOperation.GetTuningJob, Fault.Error(503, "UNAVAILABLE", "busy", retryAfterHeader: "1"));
        var watch = Stopwatch.StartNew();

        await _host.Operations().GetAsync(job.Name, null, null, CancellationToken.None);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(990), $"waited only {watch.Elapsed}");
    }

    [Fact]
    public async Task A_server_asking_for_a_longer_wait_than_the_budget_gets_its_error_reported_at_once()
    {
        var job = await CreatedJob();
        _host.Emulator.Faults.Enqueue(EmulatorOperation.GetTuningJob, Fault.Error(429, "RESOURCE_EXHAUSTED", "come back tomorrow", retryInfoDelay: TimeSpan.FromHours(3)));

        var ex = await Assert.ThrowsAsync<GoogleApiException>(() => _host.Operations().GetAsync(job.Name, null, null, CancellationToken.None));

        Assert.Equal("RESOURCE_EXHAUSTED", ex.Status);
        Assert.Single(_host.RequestsFor(EmulatorOperation.GetTuningJob));
        Assert.Contains("retry after 10800 seconds", ex.RecommendedAction);
    }

    [Fact]
    public async Task Retries_give_up_after_the_policys_attempts()
    {
        var job = await CreatedJob();
        _host.Emulator.Faults.Enqueue(EmulatorOperation.GetTuningJob, Fault.Error(503, "UNAVAILABLE", "down"), times: 10);

        var ex = await Assert.ThrowsAsync<GoogleApiException>(() => _host.Operations().GetAsync(job.Name, null, null, CancellationToken.None));

        Assert.Equal("UNAVAILABLE", ex.Status);
        Assert.Equal(5, _host.RequestsFor(EmulatorOperation.GetTuningJob).Count);
    }

    [Theory]
    [InlineData(429, "RESOURCE_EXHAUSTED")]
    [InlineData(503, "UNAVAILABLE")]
    public async Task A_create_refused_with_429_or_503_is_retried_and_makes_exactly_one_job(int status, string name)
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.CreateTuningJob, Fault.Error(status, name, "later"), times: 2);

        var result = await _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, Request(), CancellationToken.None);

        Assert.Equal(3, _host.RequestsFor(EmulatorOperation.CreateTuningJob).Count);
        Assert.Equal(1, await JobCount());
        Assert.False(result.AlreadyExisted);
        // Every attempt carried the same request id.
        Assert.Single(_host.RequestsFor(EmulatorOperation.CreateTuningJob).Select(r => r.Body).Distinct());
    }

    [Theory]
    [InlineData(500, "INTERNAL")]
    [InlineData(504, "DEADLINE_EXCEEDED")]
    public async Task A_create_answered_with_an_ambiguous_error_is_never_resent(int status, string name)
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.CreateTuningJob, Fault.Error(status, name, "unclear"));

        var ex = await Assert.ThrowsAsync<GoogleApiException>(() => _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, Request(), CancellationToken.None));

        Assert.Equal(name, ex.Status);
        Assert.Single(_host.RequestsFor(EmulatorOperation.CreateTuningJob));
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_returns_the_job_it_made_without_sending_again()
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.CreateTuningJob, Fault.DropConnectionAfterProcessing());

        var result = await _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, Request(), CancellationToken.None);

        Assert.Single(_host.RequestsFor(EmulatorOperation.CreateTuningJob));
        Assert.Equal(1, await JobCount());
        Assert.Equal(result.RequestId, result.Job.Labels[TuningJobRequest.RequestIdLabel]);
        Assert.Contains(_host.Log.Lines, l => l.Contains("Found the job the interrupted create made", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_create_that_may_not_have_arrived_is_not_resent_and_the_error_says_how_to_retry_safely()
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.CreateTuningJob, Fault.DropConnection());

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() => _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, Request(), CancellationToken.None));

        Assert.Equal("CreateOutcomeUnknown", ex.Condition);
        Assert.Single(_host.RequestsFor(EmulatorOperation.CreateTuningJob));
        Assert.Equal(0, await JobCount());
        var requestId = ex.Message.Split(new[] { "gemini-tuning-request-id=" }, StringSplitOptions.None)[1].Split('.')[0];
        Assert.Contains("-RequestId " + requestId, ex.RecommendedAction);

        // Retrying as the error says creates the job once; a second retry returns it.
        var request = Request();
        request.RequestId = requestId;
        var first = await _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, request, CancellationToken.None);
        var again = await _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, request, CancellationToken.None);
        Assert.False(first.AlreadyExisted);
        Assert.True(again.AlreadyExisted);
        Assert.Equal(first.Job.Name, again.Job.Name);
        Assert.Equal(1, await JobCount());
    }

    [Fact]
    public async Task Lookups_fall_back_to_reading_the_newest_jobs_when_the_label_filter_is_refused()
    {
        var request = Request();
        request.RequestId = "scan-me";
        var created = await _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, request, CancellationToken.None);
        _host.Emulator.Faults.Enqueue(EmulatorOperation.ListTuningJobs, Fault.Error(400, "INVALID_ARGUMENT", "Unsupported filter"));

        var found = await _host.Vertex().FindByRequestIdAsync(EmulatorHost.Project, EmulatorHost.Region, "scan-me", CancellationToken.None);

        Assert.Equal(created.Job.Name, found!.Name);
        var lists = _host.RequestsFor(EmulatorOperation.ListTuningJobs);
        Assert.Contains("filter=", lists[lists.Count - 2].Query);
        Assert.DoesNotContain("filter=", lists[lists.Count - 1].Query);
    }

    [Fact]
    public async Task A_generate_is_retried_on_429_and_lost_answers_but_not_on_500()
    {
        var operations = _host.Operations();
        var job = await CreatedJob();
        _host.Clock.Advance(TimeSpan.FromHours(2));
        var endpoint = (await operations.GetAsync(job.Name, null, null, CancellationToken.None)).TunedModelEndpoint!;
        var target = operations.ResolveTarget(endpoint, null, null);
        var generation = _host.Generation();

        _host.Emulator.Faults.Enqueue(EmulatorOperation.GenerateContent, Fault.Error(429, "RESOURCE_EXHAUSTED", "busy"));
        var answer = await generation.GenerateAsync(target, "hello", new Generation.GenerationOptions(), CancellationToken.None);
        Assert.NotNull(answer.Text);
        Assert.Equal(2, _host.RequestsFor(EmulatorOperation.GenerateContent).Count);

        _host.Emulator.Faults.Enqueue(EmulatorOperation.GenerateContent, Fault.Error(500, "INTERNAL", "boom"));
        await Assert.ThrowsAsync<GoogleApiException>(() => generation.GenerateAsync(target, "hello", new Generation.GenerationOptions(), CancellationToken.None));
        Assert.Equal(3, _host.RequestsFor(EmulatorOperation.GenerateContent).Count);

        // A dropped connection loses the answer; generation creates nothing, so it is asked again.
        _host.Emulator.Faults.Enqueue(EmulatorOperation.GenerateContent, Fault.DropConnectionAfterProcessing());
        Assert.NotNull((await generation.GenerateAsync(target, "hello", new Generation.GenerationOptions(), CancellationToken.None)).Text);
        Assert.Equal(5, _host.RequestsFor(EmulatorOperation.GenerateContent).Count);
    }

    [Fact]
    public async Task A_proxy_page_instead_of_an_answer_becomes_a_readable_error()
    {
        var job = await CreatedJob();
        _host.Emulator.Faults.Enqueue(EmulatorOperation.GetTuningJob, Fault.RawResponse(502, "text/html", "<html><body>Bad Gateway</body></html>"), times: 5);

        var ex = await Assert.ThrowsAsync<GoogleApiException>(() => _host.Operations().GetAsync(job.Name, null, null, CancellationToken.None));

        Assert.Equal(502, ex.HttpStatusCode);
        Assert.DoesNotContain("<html>", ex.Message);
    }
}
