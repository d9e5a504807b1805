using System;
using System.Collections.Generic;

namespace GeminiTuning;

/// <summary>What Invoke-GeminiTunedModel outputs: one answer, or one chunk of a streamed answer.</summary>
public sealed class GeminiTunedModelResponse
{
    /// <summary>The prompt that was sent.</summary>
    public string Prompt { get; set; } = string.Empty;

    /// <summary>The first candidate's text (thought parts excluded); for a stream chunk, the text of this chunk.</summary>
    public string? Text { get; set; }

    /// <summary>Why generation stopped (STOP, MAX_TOKENS, SAFETY…); absent on intermediate stream chunks.</summary>
    public string? FinishReason { get; set; }

    /// <summary>Token counts.</summary>
    public GeminiUsageMetadata? UsageMetadata { get; set; }

    /// <summary>All candidates.</summary>
    public IReadOnlyList<GeminiCandidate> Candidates { get; set; } = Array.Empty<GeminiCandidate>();

    /// <summary>The model version that answered.</summary>
    public string? ModelVersion { get; set; }

    /// <summary>The endpoint or tuned model that was called.</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>The service's response id (the same on every chunk of one stream).</summary>
    public string? ResponseId { get; set; }

    /// <summary>When the service created the response.</summary>
    public DateTimeOffset? CreateTime { get; set; }

    /// <summary>Why the prompt was blocked, when it was (then there are no candidates).</summary>
    public string? BlockReason { get; set; }

    /// <summary>The service's explanation of the block.</summary>
    public string? BlockReasonMessage { get; set; }

    /// <summary>How the prompt was rated for safety (<c>promptFeedback.safetyRatings</c>), mostly given when it was blocked.</summary>
    public IReadOnlyList<GeminiSafetyRating> PromptSafetyRatings { get; set; } = Array.Empty<GeminiSafetyRating>();

    /// <summary>
    /// The conversation up to and including this answer: the earlier turns (-History), the prompt with its files, and the
    /// model's reply. Pass the answer to -History to go on from here. On a streamed answer only the last chunk carries it.
    /// </summary>
    public IReadOnlyList<GeminiConversationTurn> Turns { get; set; } = Array.Empty<GeminiConversationTurn>();

    /// <summary>For streamed output: the 0-based position of this chunk; null for a whole answer.</summary>
    public int? ChunkIndex { get; set; }

    /// <inheritdoc />
    public override string ToString() => Text ?? string.Empty;
}

/// <summary>One candidate answer.</summary>
public sealed class GeminiCandidate
{
    /// <summary>Index.</summary>
    public int Index { get; set; }

    /// <summary>Its text (thought parts excluded).</summary>
    public string? Text { get; set; }

    /// <summary>Why it stopped.</summary>
    public string? FinishReason { get; set; }

    /// <summary>Detail on the finish reason.</summary>
    public string? FinishMessage { get; set; }

    /// <summary>Average log probability.</summary>
    public double? AvgLogprobs { get; set; }

    /// <summary>Safety ratings, as "CATEGORY=PROBABILITY".</summary>
    public IReadOnlyList<string> SafetyRatings { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    public override string ToString() => Text ?? string.Empty;
}

/// <summary>Token counts of a response.</summary>
public sealed class GeminiUsageMetadata
{
    /// <summary>Tokens in the prompt.</summary>
    public int? PromptTokenCount { get; set; }

    /// <summary>Tokens in the candidates.</summary>
    public int? CandidatesTokenCount { get; set; }

    /// <summary>All tokens, thoughts included.</summary>
    public int? TotalTokenCount { get; set; }

    /// <summary>Thinking tokens.</summary>
    public int? ThoughtsTokenCount { get; set; }

    /// <summary>Tokens served from cache.</summary>
    public int? CachedContentTokenCount { get; set; }

    /// <summary>ON_DEMAND, PROVISIONED_THROUGHPUT…</summary>
    public string? TrafficType { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{PromptTokenCount} prompt + {CandidatesTokenCount} output = {TotalTokenCount} tokens";
}
