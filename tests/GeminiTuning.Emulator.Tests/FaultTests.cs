using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task A_scripted_error_answers_with_the_envelope_retry_info_and_retry_after_without_processing()
    {
        using var h = new Harness();
        h.Emulator.Faults.Enqueue(EmulatorOperation.CreateTuningJob,
            Fault.Error(503, "UNAVAILABLE", "The service is currently unavailable.", TimeSpan.FromSeconds(1.5), "2"));
        using var response = await h.PostAsync(Harness.Parent + "/tuningJobs", Harness.MinimalJob());
        Assert.Equal("The service is currently unavailable.", await Harness.AssertErrorAsync(response, 503, "UNAVAILABLE"));
        Assert.Equal("2", response.Headers.GetValues("Retry-After").Single());
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("details")[0];
        Assert.Equal("type.googleapis.com/google.rpc.RetryInfo", detail.GetProperty("@type").GetString());
        Assert.Equal("1.500s", detail.GetProperty("retryDelay").GetString());

        var list = await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs");
        Assert.False(list.TryGetProperty("tuningJobs", out _));
        await h.CreateJobAsync(Harness.MinimalJob()); // the fault was used up
    }

    [Fact]
    public async Task Scripted_faults_are_consumed_in_order_per_operation_and_times_repeats_one()
    {
        using var h = new Harness();
        h.Emulator.Faults.Enqueue(EmulatorOperation.ListTuningJobs, Fault.Error(429, "RESOURCE_EXHAUSTED", "slow down"), times: 2);
        h.Emulator.Faults.Enqueue(EmulatorOperation.ListTuningJobs, Fault.Error(500, "INTERNAL", "oops"));
        h.Emulator.Faults.Enqueue(EmulatorOperation.GetTuningJob, Fault.Error(503, "UNAVAILABLE", "get"));

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await h.GetAsync(Harness.Parent + "/tuningJobs");
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal(new[] { 429, 429, 500, 200 }, statuses);
        using var get = await h.GetAsync(Harness.Parent + "/tuningJobs/1");
        Assert.Equal(503, (int)get.StatusCode);
    }

    [Fact]
    public async Task Clear_forgets_the_scripted_faults()
    {
        using var h = new Harness();
        h.Emulator.Faults.Enqueue(EmulatorOperation.ListTuningJobs, Fault.Error(500, "INTERNAL", "oops"));
        h.Emulator.Faults.Clear();
        await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs");
    }

    [Fact]
    public async Task A_raw_response_fault_sends_a_proxy_page_as_it_is()
    {
        using var h = new Harness();
        h.Emulator.Faults.Enqueue(EmulatorOperation.GetTuningJob, Fault.RawResponse(502, "text/html; charset=UTF-8", "<html><body>502 Bad Gateway</body></html>"));
        using var response = await h.GetAsync(Harness.Parent + "/tuningJobs/1");
        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("<html><body>502 Bad Gateway</body></html>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_dropped_connection_fails_the_call_and_the_job_is_not_created()
    {
        using var h = new Harness();
        await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs"); // a pooled keep-alive connection now exists
        h.Emulator.Faults.Enqueue(EmulatorOperation.CreateTuningJob, Fault.DropConnection());
        await Assert.ThrowsAsync<HttpRequestException>(() => h.PostAsync(Harness.Parent + "/tuningJobs", Harness.MinimalJob()));
        var list = await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs");
        Assert.False(list.TryGetProperty("tuningJobs", out _));
        Assert.Equal(0, Assert.Single(h.Emulator.Requests, r => r.Operation == EmulatorOperation.CreateTuningJob).ResponseStatus);
    }

    [Fact]
    public async Task A_connection_dropped_after_processing_fails_the_call_although_the_job_was_created()
    {
        using var h = new Harness();
        await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs"); // a pooled keep-alive connection now exists
        h.Emulator.Faults.Enqueue(EmulatorOperation.CreateTuningJob, Fault.DropConnectionAfterProcessing());
        await Assert.ThrowsAsync<HttpRequestException>(() => h.PostAsync(Harness.Parent + "/tuningJobs", Harness.MinimalJob("\"client-request-id\":\"abc\"")));
        var list = await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs?filter=" + Uri.EscapeDataString("labels.client-request-id=abc"));
        Assert.Single(list.GetProperty("tuningJobs").EnumerateArray());
        Assert.Single(h.Emulator.Requests, r => r.Operation == EmulatorOperation.CreateTuningJob);
    }

    [Fact]
    public async Task A_delay_fault_answers_normally_after_the_delay()
    {
        using var h = new Harness();
        h.Emulator.Faults.Enqueue(EmulatorOperation.ListTuningJobs, Fault.Delay(TimeSpan.FromMilliseconds(300)));
        var clock = Stopwatch.StartNew();
        await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(280), "answered after " + clock.Elapsed);
    }

    /// <summary>
    /// 1000 requests at a 20 % rate: the number of faults is Binomial(1000, 0.2), mean 200, standard deviation
    /// sqrt(1000 * 0.2 * 0.8) = 12.6. The interval 200 ± 5σ (137..263) holds with probability 1 - 6e-7 for a fair
    /// generator, so a failure means the rate is wrong, not bad luck; and since the seed is fixed the outcome is
    /// reproducible anyway. Counted from the emulator's records: HttpClient silently re-sends a GET whose reused
    /// connection was dropped (see the next test), and each re-send is a request of its own.
    /// </summary>
    [Fact]
    public async Task A_twenty_percent_fault_rate_faults_about_a_fifth_of_1000_requests()
    {
        using var h = new Harness(o => o.RandomFaults = new FaultInjectionOptions
        {
            Rate = 0.2,
            Seed = 12345,
            Operations = new[] { EmulatorOperation.ListTuningJobs },
            SlowResponseWeight = 0,
        });
        while (h.Emulator.Requests.Count < 1000)
        {
            await OutcomeAsync(h);
        }

        var records = h.Emulator.Requests.Take(1000).ToList();
        var faults = records.Count(r => r.ResponseStatus != 200);
        Assert.InRange(faults, 137, 263);
        Assert.Contains(records, r => r.ResponseStatus == 429);
        Assert.Contains(records, r => r.ResponseStatus == 503);
        Assert.Contains(records, r => r.ResponseStatus == 0);
        Assert.All(records, r => Assert.Contains(r.ResponseStatus, new[] { 0, 200, 429, 503 }));
    }

    [Fact]
    public async Task A_dropped_GET_on_a_reused_connection_is_resent_by_HttpClient_itself_and_a_POST_is_not()
    {
        using var h = new Harness();
        await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs"); // a pooled keep-alive connection now exists
        h.ClearRequestsAndFaults();
        h.Emulator.Faults.Enqueue(EmulatorOperation.ListTuningJobs, Fault.DropConnection());
        await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs");
        Assert.Equal(new[] { 0, 200 }, h.Emulator.Requests.Select(r => r.ResponseStatus));

        h.Emulator.Faults.Enqueue(EmulatorOperation.CreateTuningJob, Fault.DropConnection());
        await Assert.ThrowsAsync<HttpRequestException>(() => h.PostAsync(Harness.Parent + "/tuningJobs", Harness.MinimalJob()));
    }

    [Fact]
    public async Task The_same_seed_repeats_the_same_faults_and_another_seed_does_not()
    {
        async Task<List<int>> Run(int seed)
        {
            using var h = new Harness(o => o.RandomFaults = new FaultInjectionOptions { Rate = 0.3, Seed = seed, SlowResponseWeight = 0 });
            await SendManyAsync(h, 150);
            return h.Emulator.Requests.Take(150).Select(r => r.ResponseStatus).ToList();
        }

        var first = await Run(7);
        var second = await Run(7);
        var other = await Run(8);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Random_faults_are_drawn_per_operation_so_other_traffic_does_not_shift_them()
    {
        async Task<List<int>> Run(bool interleave)
        {
            using var h = new Harness(o => o.RandomFaults = new FaultInjectionOptions { Rate = 0.3, Seed = 99, SlowResponseWeight = 0, Operations = new[] { EmulatorOperation.ListTuningJobs } });
            for (var i = 0; i < 100; i++)
            {
                if (interleave)
                {
                    using var other = await h.GetAsync(Harness.Parent + "/tuningJobs/1");
                }

                await OutcomeAsync(h);
            }

            return h.Emulator.Requests.Where(r => r.Operation == EmulatorOperation.ListTuningJobs).Take(100).Select(r => r.ResponseStatus).ToList();
        }

        Assert.Equal(await Run(false), await Run(true));
    }

    [Fact]
    public async Task Random_faults_spare_the_token_endpoint_by_default_and_a_slow_fault_only_delays()
    {
        using var h = new Harness(o => o.RandomFaults = new FaultInjectionOptions
        {
            Rate = 1,
            TooManyRequestsWeight = 0,
            ServiceUnavailableWeight = 0,
            DropConnectionWeight = 0,
            SlowDelay = TimeSpan.FromMilliseconds(200),
        });
        var clock = Stopwatch.StartNew();
        await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(180));
        using var token = await h.Http.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "x" }));
        Assert.Equal(400, (int)token.StatusCode); // answered by the endpoint itself, not a fault
    }

    private static async Task SendManyAsync(Harness h, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await OutcomeAsync(h);
        }
    }

    private static async Task<string> OutcomeAsync(Harness h)
    {
        try
        {
            using var response = await h.GetAsync(Harness.Parent + "/tuningJobs");
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return "drop";
        }
    }
}
