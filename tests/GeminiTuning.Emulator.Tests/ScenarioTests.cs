using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

public sealed class ScenarioTests
{
    private static string WithScenario(string scenario) => Harness.MinimalJob("\"emulator-scenario\":\"" + scenario + "\"");

    [Theory]
    [InlineData("fail")]
    [InlineData("fail-internal")]
    public async Task The_fail_scenario_runs_then_fails_at_half_time_with_an_internal_error(string scenario)
    {
        using var h = new Harness();
        var name = (await h.CreateJobAsync(WithScenario(scenario))).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal("JOB_STATE_RUNNING", (await h.GetJobAsync(name)).GetProperty("state").GetString());

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        var job = await h.GetJobAsync(name);
        Assert.Equal("JOB_STATE_FAILED", job.GetProperty("state").GetString());
        Assert.Equal(13, job.GetProperty("error").GetProperty("code").GetInt32());
        Assert.StartsWith("Internal error occurred. Please retry", job.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("2026-08-21T10:20:30.123456Z", job.GetProperty("endTime").GetString());
        Assert.True(job.TryGetProperty("startTime", out _));
        Assert.False(job.TryGetProperty("tunedModel", out _));
    }

    [Fact]
    public async Task The_fail_validation_scenario_fails_when_pending_ends_without_ever_starting()
    {
        using var h = new Harness();
        var name = (await h.CreateJobAsync(WithScenario("fail-validation"))).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("JOB_STATE_PENDING", (await h.GetJobAsync(name)).GetProperty("state").GetString());

        h.Clock.Advance(TimeSpan.FromSeconds(1));
        var job = await h.GetJobAsync(name);
        Assert.Equal("JOB_STATE_FAILED", job.GetProperty("state").GetString());
        Assert.Equal(3, job.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("gs://my-bucket/train.jsonl is invalid", job.GetProperty("error").GetProperty("message").GetString());
        Assert.False(job.TryGetProperty("startTime", out _));
        Assert.False(job.TryGetProperty("tuningDataStats", out _));
    }

    [Fact]
    public async Task The_expire_scenario_ends_expired()
    {
        using var h = new Harness();
        var name = (await h.CreateJobAsync(WithScenario("expire"))).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        var job = await h.GetJobAsync(name);
        Assert.Equal("JOB_STATE_EXPIRED", job.GetProperty("state").GetString());
        Assert.True(job.TryGetProperty("endTime", out _));
    }

    [Fact]
    public async Task The_cancel_mid_run_scenario_is_cancelled_at_half_time_as_if_someone_cancelled_it()
    {
        using var h = new Harness();
        var name = (await h.CreateJobAsync(WithScenario("cancel-mid-run"))).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var job = await h.GetJobAsync(name);
        Assert.Equal("JOB_STATE_CANCELLED", job.GetProperty("state").GetString());
        Assert.Equal(1, job.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("CANCELED", job.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_quota_exceeded_scenario_refuses_the_create_with_429_and_creates_nothing()
    {
        using var h = new Harness();
        using var response = await h.PostAsync(Harness.Parent + "/tuningJobs", WithScenario("quota-exceeded"));
        var message = await Harness.AssertErrorAsync(response, 429, "RESOURCE_EXHAUSTED");
        Assert.Equal("Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.", message);
        var list = await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs");
        Assert.False(list.TryGetProperty("tuningJobs", out _));
    }

    [Fact]
    public async Task The_permission_denied_scenario_refuses_the_create_with_403_and_an_error_info()
    {
        using var h = new Harness();
        using var response = await h.PostAsync(Harness.Parent + "/tuningJobs", WithScenario("permission-denied"));
        var message = await Harness.AssertErrorAsync(response, 403, "PERMISSION_DENIED");
        Assert.Contains("aiplatform.tuningJobs.create", message);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("details")[0];
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", detail.GetProperty("@type").GetString());
        Assert.Equal("IAM_PERMISSION_DENIED", detail.GetProperty("reason").GetString());
        Assert.Equal("aiplatform.googleapis.com", detail.GetProperty("domain").GetString());
        Assert.Equal("aiplatform.tuningJobs.create", detail.GetProperty("metadata").GetProperty("permission").GetString());
    }

    [Fact]
    public async Task The_duration_label_overrides_the_job_duration_for_that_job()
    {
        using var h = new Harness();
        var quick = (await h.CreateJobAsync(Harness.MinimalJob("\"emulator-duration-seconds\":\"30\""))).GetProperty("name").GetString()!;
        var normal = (await h.CreateJobAsync(Harness.MinimalJob())).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("JOB_STATE_SUCCEEDED", (await h.GetJobAsync(quick)).GetProperty("state").GetString());
        Assert.Equal("JOB_STATE_PENDING", (await h.GetJobAsync(normal)).GetProperty("state").GetString());
    }
}
