using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.Generation;
using GeminiTuning.Workflows;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests;

public sealed class GenerationTests : IDisposable
{
    private readonly EmulatorHost _host = new(streamChunkDelay: TimeSpan.FromMilliseconds(150));

    public void Dispose() => _host.Dispose();

    private async Task<GenerationTarget> TunedEndpoint()
    {
        var operations = _host.Operations();
        var job = (await operations.CreateAsync(null, null, new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/t.jsonl" }, CancellationToken.None)).Job;
        _host.Clock.Advance(TimeSpan.FromHours(2));
        var done = await operations.GetAsync(job.Name, null, null, CancellationToken.None);
        _host.Emulator.ClearRequests();
        return operations.ResolveTarget(done.TunedModelEndpoint!, null, null);
    }

    [Fact]
    public async Task A_prompt_goes_to_the_tuned_endpoint_with_every_setting_and_the_answer_is_read()
    {
        var target = await TunedEndpoint();
        var options = new GenerationOptions
        {
            SystemInstruction = "Answer briefly.",
            Temperature = 0.2,
            TopP = 0.9,
            TopK = 40,
            MaxOutputTokens = 256,
            StopSequences = new List<string> { "###" },
            Seed = 7,
        };

        var answer = await _host.Generation().GenerateAsync(target, "Why is the sky blue?", options, CancellationToken.None);

        var post = Assert.Single(_host.RequestsFor(EmulatorOperation.GenerateContent));
        Assert.Equal("/v1/" + target.Name + ":generateContent", post.Path);
        Assert.Equal(
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Why is the sky blue?\"}]}]," +
            "\"systemInstruction\":{\"parts\":[{\"text\":\"Answer briefly.\"}]}," +
            "\"generationConfig\":{\"temperature\":0.2,\"topP\":0.9,\"topK\":40,\"maxOutputTokens\":256,\"stopSequences\":[\"###\"],\"seed\":7}}",
            post.Body);
        Assert.False(string.IsNullOrWhiteSpace(answer.Text));
        Assert.Equal("STOP", answer.FinishReason);
        Assert.Equal("Why is the sky blue?", answer.Prompt);
        Assert.Equal(target.Name, answer.Endpoint);
        Assert.Equal("gemini-2.5-flash", answer.ModelVersion);
        Assert.True(answer.UsageMetadata!.TotalTokenCount > 0);
        Assert.Equal(answer.Text, Assert.Single(answer.Candidates).Text);
        Assert.Null(answer.ChunkIndex);
    }

    [Fact]
    public async Task Streaming_hands_over_each_chunk_as_it_arrives()
    {
        var target = await TunedEndpoint();
        var whole = await _host.Generation().GenerateAsync(target, "Tell me about tuning", new GenerationOptions(), CancellationToken.None);
        var chunks = new List<(GeminiTunedModelResponse Chunk, TimeSpan At)>();
        var watch = Stopwatch.StartNew();

        var count = await _host.Generation().StreamAsync(target, "Tell me about tuning", new GenerationOptions(), c => chunks.Add((c, watch.Elapsed)), CancellationToken.None);

        Assert.True(count >= 3, $"{count} chunks");
        Assert.Equal(Enumerable.Range(0, count), chunks.Select(c => c.Chunk.ChunkIndex!.Value));
        Assert.Equal(whole.Text, string.Concat(chunks.Select(c => c.Chunk.Text)));
        Assert.Null(chunks[0].Chunk.FinishReason);
        Assert.Equal("STOP", chunks[count - 1].Chunk.FinishReason);
        Assert.True(chunks[count - 1].Chunk.UsageMetadata!.TotalTokenCount > 0);
        // With 150 ms between events, the first chunk was handed over long before the stream ended.
        Assert.True(chunks[count - 1].At - chunks[0].At >= TimeSpan.FromMilliseconds(250), $"first {chunks[0].At}, last {chunks[count - 1].At}");
        var post = Assert.Single(_host.RequestsFor(EmulatorOperation.StreamGenerateContent));
        Assert.Equal("alt=sse", post.Query);
    }

    [Fact]
    public async Task Stopping_a_stream_ends_it_within_a_second()
    {
        using var slow = new EmulatorHost(streamChunkDelay: TimeSpan.FromSeconds(5));
        var operations = slow.Operations();
        var job = (await operations.CreateAsync(null, null, new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/t.jsonl" }, CancellationToken.None)).Job;
        slow.Clock.Advance(TimeSpan.FromHours(2));
        var target = operations.ResolveTarget((await operations.GetAsync(job.Name, null, null, CancellationToken.None)).TunedModelEndpoint!, null, null);
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var cancelledAt = TimeSpan.Zero;
        stop.Token.Register(() => cancelledAt = watch.Elapsed);
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow.Generation().StreamAsync(target, "a long answer please", new GenerationOptions(), _ =>
        {
            received++;
            stop.CancelAfter(TimeSpan.FromMilliseconds(100));
        }, stop.Token));

        Assert.Equal(1, received);
        Assert.True(watch.Elapsed - cancelledAt < TimeSpan.FromSeconds(1), $"stopped {watch.Elapsed - cancelledAt} after the cancellation");
    }

    [Fact]
    public async Task An_error_inside_the_stream_is_raised_after_the_chunks_before_it()
    {
        var target = await TunedEndpoint();
        _host.Emulator.Faults.Enqueue(EmulatorOperation.StreamGenerateContent, Fault.RawResponse(200, "text/event-stream",
            "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]}}]}\r\n\r\n" +
            "data: {\"error\":{\"code\":429,\"message\":\"Resource exhausted. Please try again later.\",\"status\":\"RESOURCE_EXHAUSTED\"}}\r\n\r\n"));
        var texts = new List<string?>();

        var ex = await Assert.ThrowsAsync<GoogleApiException>(() => _host.Generation().StreamAsync(target, "hi", new GenerationOptions(), c => texts.Add(c.Text), CancellationToken.None));

        Assert.Equal(new[] { "Hel" }, texts);
        Assert.Equal("RESOURCE_EXHAUSTED", ex.Status);
        Assert.Equal(429, ex.HttpStatusCode);
    }

    [Fact]
    public async Task A_blocked_prompt_is_an_answer_with_a_block_reason_not_an_error()
    {
        var target = await TunedEndpoint();

        var answer = await _host.Generation().GenerateAsync(target, "please blockme now", new GenerationOptions(), CancellationToken.None);

        Assert.Equal("SAFETY", answer.BlockReason);
        Assert.Null(answer.Text);
        Assert.Empty(answer.Candidates);
    }

    [Fact]
    public async Task Max_output_tokens_cuts_the_answer_short()
    {
        var target = await TunedEndpoint();

        var answer = await _host.Generation().GenerateAsync(target, "Explain supervised fine tuning in great detail please", new GenerationOptions { MaxOutputTokens = 2 }, CancellationToken.None);

        Assert.Equal("MAX_TOKENS", answer.FinishReason);
    }

    [Fact]
    public async Task An_endpoint_that_does_not_exist_is_not_found()
    {
        var target = _host.Operations().ResolveTarget("projects/my-project/locations/us-central1/endpoints/999", null, null);

        var ex = await Assert.ThrowsAsync<GoogleApiException>(() => _host.Generation().GenerateAsync(target, "hi", new GenerationOptions(), CancellationToken.None));

        Assert.Equal("InvokeGeminiTunedModelNotFound", ErrorReport.From(ex, "hi").ErrorIdFor("Invoke-GeminiTunedModel"));
    }

    [Theory]
    [InlineData("Temperature")]
    [InlineData("TopP")]
    [InlineData("StopSequence")]
    [InlineData("Prompt")]
    public async Task Out_of_range_settings_are_refused_before_anything_is_sent(string parameter)
    {
        var target = _host.Operations().ResolveTarget("projects/my-project/locations/us-central1/endpoints/1", null, null);
        var options = new GenerationOptions();
        var prompt = "hi";
        switch (parameter)
        {
            case "Temperature": options.Temperature = 2.5; break;
            case "TopP": options.TopP = -0.1; break;
            case "StopSequence": options.StopSequences = Enumerable.Repeat("x", 6).ToList(); break;
            case "Prompt": prompt = string.Empty; break;
        }

        var ex = await Assert.ThrowsAsync<GeminiTuningArgumentException>(() => _host.Generation().GenerateAsync(target, prompt, options, CancellationToken.None));

        Assert.Equal(parameter, ex.ParameterName);
        Assert.Empty(_host.Emulator.Requests);
    }
}
