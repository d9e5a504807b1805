using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

public sealed class GenerateContentTests
{
    private const string Prompt = """
        {
          "systemInstruction": { "parts": [ { "text": "Answer as concisely as possible." } ] },
          "contents": [ { "role": "user", "parts": [ { "text": "Why is the sky blue?" } ] } ],
          "generationConfig": { "temperature": 1.0, "topP": 0.95, "topK": 40, "candidateCount": 1, "maxOutputTokens": 1024, "stopSequences": ["\n\n\n"], "seed": 42 },
          "safetySettings": [ { "category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_MEDIUM_AND_ABOVE" } ]
        }
        """;

    private const string Expected = "[tuned gemini-2.5-flash] (Answer as concisely as possible.) You said: Why is the sky blue?";

    /// <summary>Creates a job and lets it succeed; returns its endpoint and checkpoint endpoints.</summary>
    private static async Task<(string Endpoint, string[] Checkpoints, string Job)> SucceededJobAsync(Harness h)
    {
        var name = (await h.CreateJobAsync(Harness.MinimalJob(extraSpec: ",\"hyperParameters\":{\"epochCount\":2}"))).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        var tuned = (await h.GetJobAsync(name)).GetProperty("tunedModel");
        return (tuned.GetProperty("endpoint").GetString()!,
            tuned.GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("endpoint").GetString()!).ToArray(), name);
    }

    [Fact]
    public async Task GenerateContent_on_a_tuned_endpoint_answers_deterministically_with_usage_metadata()
    {
        using var h = new Harness();
        var (endpoint, _, _) = await SucceededJobAsync(h);
        var response = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + endpoint + ":generateContent", Prompt);

        var candidate = Assert.Single(response.GetProperty("candidates").EnumerateArray());
        Assert.Equal("model", candidate.GetProperty("content").GetProperty("role").GetString());
        Assert.Equal(Expected, candidate.GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Equal("STOP", candidate.GetProperty("finishReason").GetString());
        Assert.False(candidate.TryGetProperty("index", out _));
        var usage = response.GetProperty("usageMetadata");
        Assert.Equal(JsonValueKind.Number, usage.GetProperty("promptTokenCount").ValueKind);
        Assert.Equal(10, usage.GetProperty("promptTokenCount").GetInt32());
        Assert.Equal(14, usage.GetProperty("candidatesTokenCount").GetInt32());
        Assert.Equal(24, usage.GetProperty("totalTokenCount").GetInt32());
        Assert.Equal("ON_DEMAND", usage.GetProperty("trafficType").GetString());
        Assert.Equal("gemini-2.5-flash", response.GetProperty("modelVersion").GetString());
        Assert.Equal("2026-08-21T10:25:30.123456Z", response.GetProperty("createTime").GetString());
        Assert.False(string.IsNullOrEmpty(response.GetProperty("responseId").GetString()));
    }

    [Fact]
    public async Task The_documentation_sample_with_an_upper_case_role_a_single_part_object_and_snake_case_is_accepted()
    {
        using var h = new Harness();
        var (endpoint, _, _) = await SucceededJobAsync(h);
        var response = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + endpoint + ":generateContent",
            "{\"contents\":{\"role\":\"USER\",\"parts\":{\"text\":\"Why is sky blue?\"}},\"generation_config\":{\"max_output_tokens\":100},\"system_instruction\":{\"parts\":[{\"text\":\"Be brief.\"}]}}");
        Assert.Equal("[tuned gemini-2.5-flash] (Be brief.) You said: Why is sky blue?",
            response.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_checkpoint_endpoint_answers_as_that_checkpoint()
    {
        using var h = new Harness();
        var (_, checkpoints, _) = await SucceededJobAsync(h);
        var response = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + checkpoints[0] + ":generateContent",
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}");
        Assert.Equal("[tuned gemini-2.5-flash checkpoint 1] You said: hi",
            response.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_endpoint_no_succeeded_job_deployed_to_is_not_found()
    {
        using var h = new Harness();
        var (endpoint, _, _) = await SucceededJobAsync(h);
        using var unknown = await h.PostAsync(Harness.Parent + "/endpoints/123:generateContent", Prompt);
        Assert.Contains("Endpoint projects/" + h.ProjectNumber + "/locations/us-central1/endpoints/123 not found.", await Harness.AssertErrorAsync(unknown, 404, "NOT_FOUND"));

        using var elsewhere = await h.PostAsync("v1/projects/my-project/locations/europe-west4/endpoints/" + endpoint.Split('/').Last() + ":generateContent", Prompt);
        await Harness.AssertErrorAsync(elsewhere, 404, "NOT_FOUND");
    }

    [Theory]
    [InlineData("{\"contents\":[]}", "empty contents field")]
    [InlineData("{}", "empty contents field")]
    [InlineData("{\"contents\":[{\"role\":\"system\",\"parts\":[{\"text\":\"x\"}]}]}", "Please use a valid role: user, model.")]
    [InlineData("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}", "Please use a valid role: user, model.")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[]}]}", "must include at least one parts field")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"\"}]}]}", "empty text parameter")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"temperature\":2.5}}", "temperature value of 2.5 but the supported range is from 0 (inclusive) to 2.0001 (exclusive)")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"topP\":1.5}}", "topP value of 1.5")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"stopSequences\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}}", "6 stop sequences but at most 5")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"candidateCount\":9}}", "candidateCount value of 9")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"x\"}]}],\"bogus\":true}", "Invalid JSON payload received. Unknown name \"bogus\": Cannot find field.")]
    public async Task An_invalid_generate_request_is_an_invalid_argument(string body, string expected)
    {
        using var h = new Harness();
        var (endpoint, _, _) = await SucceededJobAsync(h);
        using var response = await h.PostAsync("v1/" + endpoint + ":generateContent", body);
        Assert.Contains(expected, await Harness.AssertErrorAsync(response, 400, "INVALID_ARGUMENT"));
    }

    [Fact]
    public async Task More_than_one_candidate_cannot_be_streamed_but_can_be_generated()
    {
        using var h = new Harness();
        var (endpoint, _, _) = await SucceededJobAsync(h);
        var body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"candidateCount\":2}}";
        using var stream = await h.PostAsync("v1/" + endpoint + ":streamGenerateContent?alt=sse", body);
        Assert.Contains("candidateCount must be 1", await Harness.AssertErrorAsync(stream, 400, "INVALID_ARGUMENT"));
        var response = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + endpoint + ":generateContent", body);
        Assert.Equal(2, response.GetProperty("candidates").GetArrayLength());
        Assert.Equal(1, response.GetProperty("candidates")[1].GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task Max_output_tokens_truncates_the_reply_with_finish_reason_max_tokens()
    {
        using var h = new Harness();
        var (endpoint, _, _) = await SucceededJobAsync(h);
        var response = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + endpoint + ":generateContent",
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"one two three four\"}]}],\"generationConfig\":{\"maxOutputTokens\":4}}");
        var candidate = response.GetProperty("candidates")[0];
        Assert.Equal("[tuned gemini-2.5-flash] You said:", candidate.GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Equal("MAX_TOKENS", candidate.GetProperty("finishReason").GetString());
        Assert.Equal(4, response.GetProperty("usageMetadata").GetProperty("candidatesTokenCount").GetInt32());
    }

    [Fact]
    public async Task A_stop_sequence_cuts_the_reply_before_its_first_occurrence()
    {
        using var h = new Harness();
        var (endpoint, _, _) = await SucceededJobAsync(h);
        var response = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + endpoint + ":generateContent",
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"alpha STOP beta\"}]}],\"generationConfig\":{\"stopSequences\":[\"STOP\",\"beta\"]}}");
        var candidate = response.GetProperty("candidates")[0];
        Assert.Equal("[tuned gemini-2.5-flash] You said: alpha ", candidate.GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Equal("STOP", candidate.GetProperty("finishReason").GetString());
    }

    [Fact]
    public async Task A_prompt_containing_blockme_gets_the_blocked_prompt_shape_with_status_200()
    {
        using var h = new Harness();
        var (endpoint, _, _) = await SucceededJobAsync(h);
        var response = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + endpoint + ":generateContent",
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"please blockme now\"}]}]}");
        Assert.Equal("SAFETY", response.GetProperty("promptFeedback").GetProperty("blockReason").GetString());
        Assert.False(response.TryGetProperty("candidates", out _));
        Assert.Equal(3, response.GetProperty("usageMetadata").GetProperty("promptTokenCount").GetInt32());
    }

    [Fact]
    public async Task StreamGenerateContent_with_alt_sse_sends_data_events_whose_texts_add_up_to_the_reply()
    {
        using var h = new Harness();
        var (endpoint, _, _) = await SucceededJobAsync(h);
        using var response = await h.PostAsync("v1/" + endpoint + ":streamGenerateContent?alt=sse", Prompt);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.TransferEncodingChunked);
        var raw = await response.Content.ReadAsStringAsync();

        var frames = raw.Split("\r\n\r\n");
        Assert.Equal(string.Empty, frames[^1]);
        var events = frames[..^1].Select(f =>
        {
            Assert.StartsWith("data: ", f);
            Assert.DoesNotContain("\n", f);
            return JsonDocument.Parse(f.Substring(6)).RootElement.Clone();
        }).ToList();
        Assert.True(events.Count >= 3, "expected at least three events, got " + events.Count);
        Assert.DoesNotContain("[DONE]", raw);

        var text = string.Concat(events.Select(e => e.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString()));
        Assert.Equal(Expected, text);
        foreach (var e in events.Take(events.Count - 1))
        {
            Assert.False(e.GetProperty("candidates")[0].TryGetProperty("finishReason", out _));
            Assert.False(e.GetProperty("usageMetadata").TryGetProperty("totalTokenCount", out _));
            Assert.Equal("ON_DEMAND", e.GetProperty("usageMetadata").GetProperty("trafficType").GetString());
        }

        var last = events[^1];
        Assert.Equal("STOP", last.GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.Equal(24, last.GetProperty("usageMetadata").GetProperty("totalTokenCount").GetInt32());
        Assert.Single(events.Select(e => e.GetProperty("responseId").GetString()).Distinct());
        Assert.All(events, e => Assert.Equal("gemini-2.5-flash", e.GetProperty("modelVersion").GetString()));
    }

    [Fact]
    public async Task With_a_chunk_delay_the_first_event_arrives_before_the_last_one_is_sent()
    {
        var delay = TimeSpan.FromMilliseconds(150);
        using var h = new Harness(o => o.StreamChunkDelay = delay);
        var (endpoint, _, _) = await SucceededJobAsync(h);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/" + endpoint + ":streamGenerateContent?alt=sse") { Content = Harness.Json(Prompt) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Harness.Token);
        using var response = await h.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var arrivals = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                arrivals.Add(clock.Elapsed);
            }
        }

        Assert.True(arrivals.Count >= 3);
        // Each event is flushed on its own: the first is read while the server still waits (events - 1) delays before the last.
        var spread = arrivals[^1] - arrivals[0];
        Assert.True(spread >= TimeSpan.FromTicks(delay.Ticks * (arrivals.Count - 1) * 8 / 10),
            $"events arrived together: first at {arrivals[0]}, last at {arrivals[^1]}");
        for (var i = 1; i < arrivals.Count; i++)
        {
            Assert.True(arrivals[i] > arrivals[i - 1]);
        }
    }

    [Fact]
    public async Task StreamGenerateContent_without_alt_sse_streams_one_json_array()
    {
        using var h = new Harness();
        var (endpoint, _, _) = await SucceededJobAsync(h);
        using var response = await h.PostAsync("v1/" + endpoint + ":streamGenerateContent", Prompt);
        Assert.Equal("application/json; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        var raw = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("[{", raw);
        Assert.EndsWith("}\n]", raw);
        Assert.Contains("}\n,\r\n{", raw);
        var array = JsonDocument.Parse(raw).RootElement;
        Assert.True(array.GetArrayLength() >= 3);
        var text = string.Concat(array.EnumerateArray().Select(e => e.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString()));
        Assert.Equal(Expected, text);
    }

    [Fact]
    public async Task A_blocked_prompt_streams_a_single_event_with_the_prompt_feedback()
    {
        using var h = new Harness();
        var (endpoint, _, _) = await SucceededJobAsync(h);
        using var response = await h.PostAsync("v1/" + endpoint + ":streamGenerateContent?alt=sse", "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"BlockMe\"}]}]}");
        var raw = await response.Content.ReadAsStringAsync();
        var frame = Assert.Single(raw.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("SAFETY", JsonDocument.Parse(frame.Substring(6)).RootElement.GetProperty("promptFeedback").GetProperty("blockReason").GetString());
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_leaves_the_server_serving()
    {
        using var h = new Harness(o => o.StreamChunkDelay = TimeSpan.FromMilliseconds(100));
        var (endpoint, _, _) = await SucceededJobAsync(h);
        using (var client = new HttpClient { BaseAddress = h.Emulator.BaseUri })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/" + endpoint + ":streamGenerateContent?alt=sse") { Content = Harness.Json(Prompt) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Harness.Token);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.StartsWith("data: ", await reader.ReadLineAsync());
        }

        await Task.Delay(400); // let the server hit the closed socket
        await h.ExpectAsync(200, HttpMethod.Post, "v1/" + endpoint + ":generateContent", Prompt);
        Assert.Empty(h.Emulator.UnexpectedErrors);
    }

    [Fact]
    public async Task Generation_latency_holds_every_answer_and_the_peak_counts_the_requests_handled_at_once()
    {
        var latency = TimeSpan.FromSeconds(2);
        using var h = new Harness(o => o.GenerationLatency = latency);
        var (endpoint, _, job) = await SucceededJobAsync(h);
        h.Emulator.ClearRequests();

        var watch = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => h.ExpectAsync(200, HttpMethod.Post, "v1/" + endpoint + ":generateContent", Prompt)));
        var elapsed = watch.Elapsed;

        Assert.All(answers, a => Assert.Equal(Expected, a.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString()));
        Assert.True(elapsed >= latency, $"The answers came after {elapsed}, before the {latency} latency.");
        Assert.Equal(8, h.Emulator.PeakConcurrentRequests);

        // Only generation waits: reading the job answers as fast as ever, and the peak starts again after a clear.
        h.Emulator.ClearRequests();
        await h.GetJobAsync(job);
        Assert.Equal(1, h.Emulator.PeakConcurrentRequests);
    }
}
