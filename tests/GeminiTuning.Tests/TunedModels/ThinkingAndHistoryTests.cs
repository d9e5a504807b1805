using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.Generation;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests.TunedModels;

public sealed class ThinkingAndHistoryTests : IDisposable
{
    private readonly EmulatorHost _host = new();

    public void Dispose() => _host.Dispose();

    internal static async Task<GenerationTarget> TunedEndpointAsync(EmulatorHost host, string baseModel = "gemini-2.5-flash")
    {
        var operations = host.Operations();
        var job = (await operations.CreateAsync(null, null, new TuningJobRequest { BaseModel = baseModel, TrainingDatasetUri = "gs://bucket/t.jsonl" }, CancellationToken.None)).Job;
        host.Clock.Advance(TimeSpan.FromHours(2));
        var done = await operations.GetAsync(job.Name, null, null, CancellationToken.None);
        host.Emulator.ClearRequests();
        return operations.ResolveTarget(done.TunedModelEndpoint!, null, null);
    }

    private static JsonElement Body(RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    [Fact]
    public async Task A_thinking_budget_is_sent_as_thinking_config_and_thought_tokens_come_back_in_the_usage()
    {
        var target = await TunedEndpointAsync(_host);

        var answer = await _host.Generation().GenerateAsync(target, "Why is the sky blue?", new GenerationOptions { ThinkingBudget = 64 }, CancellationToken.None);

        var post = Assert.Single(_host.RequestsFor(EmulatorOperation.GenerateContent));
        Assert.Equal("{\"thinkingBudget\":64}", Body(post).GetProperty("generationConfig").GetProperty("thinkingConfig").GetRawText());
        Assert.Equal(64, answer.UsageMetadata!.ThoughtsTokenCount);
        Assert.Equal(answer.UsageMetadata.PromptTokenCount + answer.UsageMetadata.CandidatesTokenCount + 64, answer.UsageMetadata.TotalTokenCount);
    }

    [Fact]
    public async Task A_budget_of_zero_is_sent_not_left_out_and_turns_thinking_off()
    {
        var target = await TunedEndpointAsync(_host);

        var answer = await _host.Generation().GenerateAsync(target, "hi", new GenerationOptions { ThinkingBudget = 0 }, CancellationToken.None);

        Assert.Equal("{\"thinkingBudget\":0}", Body(Assert.Single(_host.RequestsFor(EmulatorOperation.GenerateContent))).GetProperty("generationConfig").GetProperty("thinkingConfig").GetRawText());
        Assert.Null(answer.UsageMetadata!.ThoughtsTokenCount);
    }

    [Fact]
    public async Task A_thinking_level_is_sent_in_upper_case_for_a_gemini_3_model()
    {
        var target = await TunedEndpointAsync(_host, "gemini-3.5-flash");

        var answer = await _host.Generation().GenerateAsync(target, "hi", new GenerationOptions { ThinkingLevel = GeminiThinkingLevel.High }, CancellationToken.None);

        Assert.Equal("{\"thinkingLevel\":\"HIGH\"}", Body(Assert.Single(_host.RequestsFor(EmulatorOperation.GenerateContent))).GetProperty("generationConfig").GetProperty("thinkingConfig").GetRawText());
        Assert.True(answer.UsageMetadata!.ThoughtsTokenCount > 0);
    }

    [Theory]
    [InlineData(null, 10, GeminiThinkingLevel.Low, "ThinkingLevel", "cannot be sent together")]
    [InlineData(null, -2, null, "ThinkingBudget", "must be -1")]
    [InlineData("gemini-2.5-pro", 0, null, "ThinkingBudget", "from 128 to 32768 tokens, not 0. Thinking cannot be turned off on this model.")]
    [InlineData("gemini-2.5-flash", null, GeminiThinkingLevel.Minimal, "ThinkingLevel", "takes a thinking budget, not a level")]
    [InlineData("publishers/google/models/gemini-3.1-pro-preview", null, GeminiThinkingLevel.Minimal, "ThinkingLevel", "does not take the thinking level Minimal")]
    [InlineData("gemini-2.0-flash-001", 0, null, "ThinkingBudget", "does not think")]
    public async Task Thinking_settings_the_model_would_refuse_are_refused_before_sending(string? baseModel, int? budget, GeminiThinkingLevel? level, string parameter, string message)
    {
        var target = await TunedEndpointAsync(_host);
        var options = new GenerationOptions { BaseModel = baseModel, ThinkingBudget = budget, ThinkingLevel = level };

        var ex = await Assert.ThrowsAsync<GeminiTuningArgumentException>(() => _host.Generation().GenerateAsync(target, "hi", options, CancellationToken.None));

        Assert.Equal(parameter, ex.ParameterName);
        Assert.Contains(message, ex.Message);
        Assert.NotNull(ex.RecommendedAction);
        Assert.Empty(_host.RequestsFor(EmulatorOperation.GenerateContent));
    }

    [Fact]
    public async Task When_the_base_model_is_not_known_the_services_refusal_becomes_a_clear_thinking_error()
    {
        var target = await TunedEndpointAsync(_host, "gemini-2.5-pro");

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() =>
            _host.Generation().GenerateAsync(target, "hi", new GenerationOptions { ThinkingBudget = 0 }, CancellationToken.None));

        Assert.Equal("ThinkingNotSupported", ex.Condition);
        Assert.Contains("Thinking can't be disabled for this model", ex.Message);
        Assert.Contains("-ThinkingBudget", ex.RecommendedAction);
    }

    [Fact]
    public async Task An_answer_carries_the_prompt_and_the_reply_as_turns_and_history_continues_the_conversation()
    {
        var target = await TunedEndpointAsync(_host);
        var client = _host.Generation();
        var first = await client.GenerateAsync(target, "Hi", new GenerationOptions { ThinkingBudget = 32 }, CancellationToken.None);
        Assert.Equal(new[] { "user: Hi", "model: " + first.Text }, first.Turns.Select(t => t.ToString()));
        var signature = first.Turns[1].Parts[0].ThoughtSignature;
        Assert.NotNull(signature);

        var second = await client.GenerateAsync(target, "And then?", new GenerationOptions { History = Conversation.FromAnswers(new[] { first.Turns }) }, CancellationToken.None);

        var contents = Body(_host.RequestsFor(EmulatorOperation.GenerateContent)[1]).GetProperty("contents").EnumerateArray().ToArray();
        Assert.Equal(new[] { "user", "model", "user" }, contents.Select(c => c.GetProperty("role").GetString()));
        Assert.Equal(first.Text, contents[1].GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Equal(signature, contents[1].GetProperty("parts")[0].GetProperty("thoughtSignature").GetString());
        Assert.EndsWith("You said: And then? (turn 2)", second.Text);
        Assert.Equal(4, second.Turns.Count);
        Assert.Equal("And then?", second.Turns[2].Text);
    }

    [Fact]
    public async Task History_from_a_chain_of_answers_is_not_repeated_and_unrelated_answers_are_joined_in_order()
    {
        var target = await TunedEndpointAsync(_host);
        var client = _host.Generation();
        var a = await client.GenerateAsync(target, "one", new GenerationOptions(), CancellationToken.None);
        var b = await client.GenerateAsync(target, "two", new GenerationOptions { History = a.Turns }, CancellationToken.None);
        var c = await client.GenerateAsync(target, "three", new GenerationOptions(), CancellationToken.None);

        Assert.Equal(b.Turns, Conversation.FromAnswers(new[] { a.Turns, b.Turns }));
        Assert.Equal(b.Turns, Conversation.FromAnswers(new[] { b.Turns }));
        Assert.Equal(new[] { "one", a.Text, "three", c.Text }, Conversation.FromAnswers(new[] { a.Turns, c.Turns }).Select(t => t.Text));
    }

    [Fact]
    public async Task The_last_chunk_of_a_streamed_answer_carries_the_whole_reply_as_a_turn()
    {
        var target = await TunedEndpointAsync(_host);
        var chunks = new List<GeminiTunedModelResponse>();

        await _host.Generation().StreamAsync(target, "Tell me about tuning", new GenerationOptions { ThinkingBudget = 16 }, chunks.Add, CancellationToken.None);

        Assert.All(chunks.Take(chunks.Count - 1), c => Assert.Empty(c.Turns));
        var turns = chunks[^1].Turns;
        Assert.Equal(new[] { "user", "model" }, turns.Select(t => t.Role));
        Assert.Equal(string.Concat(chunks.Select(c => c.Text)), turns[1].Text);
        Assert.NotNull(turns[1].Parts.Last().ThoughtSignature);
    }

    [Fact]
    public async Task A_blocked_prompt_keeps_its_safety_ratings()
    {
        var target = await TunedEndpointAsync(_host);

        var answer = await _host.Generation().GenerateAsync(target, "please blockme", new GenerationOptions(), CancellationToken.None);

        Assert.Equal("SAFETY", answer.BlockReason);
        var rating = Assert.Single(answer.PromptSafetyRatings);
        Assert.Equal("HARM_CATEGORY_DANGEROUS_CONTENT", rating.Category);
        Assert.Equal("HIGH", rating.Probability);
        Assert.True(rating.Blocked);
        Assert.Equal("HARM_CATEGORY_DANGEROUS_CONTENT=HIGH (blocked)", rating.ToString());
        Assert.Equal(new[] { "user: please blockme" }, answer.Turns.Select(t => t.ToString()));
    }
}
