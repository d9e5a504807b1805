using System;
using System.Collections.Generic;

namespace GeminiTuning.Generation.Wire;

// generateContent request and response (vertex-generate-content.md §2-3). One family serves Vertex and the Gemini
// API; the differences (topK float vs int32, citations) do not touch the fields used here.

internal sealed class GenerateContentRequestResource
{
    public List<ContentResource> Contents { get; set; } = new();
    public ContentResource? SystemInstruction { get; set; }
    public GenerationConfigResource? GenerationConfig { get; set; }
}

internal sealed class ContentResource
{
    public string? Role { get; set; }
    public List<PartResource>? Parts { get; set; }
}

internal sealed class PartResource
{
    public string? Text { get; set; }
    public BlobResource? InlineData { get; set; }
    public FileDataResource? FileData { get; set; }
    public bool? Thought { get; set; }
    public string? ThoughtSignature { get; set; }
}

internal sealed class BlobResource
{
    public string? MimeType { get; set; }

    // bytes: standard base64, as proto3 JSON writes them; System.Text.Json reads and writes byte[] that way.
    public byte[]? Data { get; set; }
}

internal sealed class FileDataResource
{
    public string? MimeType { get; set; }
    public string? FileUri { get; set; }
}

internal sealed class ThinkingConfigResource
{
    public bool? IncludeThoughts { get; set; }
    public int? ThinkingBudget { get; set; }
    public string? ThinkingLevel { get; set; }
}

internal sealed class GenerationConfigResource
{
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public int? TopK { get; set; }
    public int? CandidateCount { get; set; }
    public int? MaxOutputTokens { get; set; }
    public List<string>? StopSequences { get; set; }
    public int? Seed { get; set; }
    public ThinkingConfigResource? ThinkingConfig { get; set; }
}

internal sealed class GenerateContentResponseResource
{
    public List<CandidateResource>? Candidates { get; set; }
    public UsageMetadataResource? UsageMetadata { get; set; }
    public string? ModelVersion { get; set; }
    public DateTimeOffset? CreateTime { get; set; }
    public string? ResponseId { get; set; }
    public PromptFeedbackResource? PromptFeedback { get; set; }
}

internal sealed class CandidateResource
{
    public int? Index { get; set; }
    public ContentResource? Content { get; set; }
    public string? FinishReason { get; set; }
    public string? FinishMessage { get; set; }
    public double? AvgLogprobs { get; set; }
    public List<SafetyRatingResource>? SafetyRatings { get; set; }
}

internal sealed class SafetyRatingResource
{
    public string? Category { get; set; }
    public string? Probability { get; set; }
    public double? ProbabilityScore { get; set; }
    public string? Severity { get; set; }
    public double? SeverityScore { get; set; }
    public bool? Blocked { get; set; }
}

internal sealed class UsageMetadataResource
{
    public int? PromptTokenCount { get; set; }
    public int? CandidatesTokenCount { get; set; }
    public int? TotalTokenCount { get; set; }
    public int? ThoughtsTokenCount { get; set; }
    public int? CachedContentTokenCount { get; set; }
    public string? TrafficType { get; set; }
}

internal sealed class PromptFeedbackResource
{
    public string? BlockReason { get; set; }
    public string? BlockReasonMessage { get; set; }
    public List<SafetyRatingResource>? SafetyRatings { get; set; }
}
