using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Generation.Wire;
using GeminiTuning.Http;
using GeminiTuning.Internal;

namespace GeminiTuning.Generation;

/// <summary>Calls a tuned model: <c>generateContent</c>, and <c>streamGenerateContent?alt=sse</c> chunk by chunk.</summary>
public sealed class GenerationClient
{
    private static readonly TimeSpan GenerateTimeout = TimeSpan.FromSeconds(600);
    private readonly ApiTransport _transport;
    private readonly string? _apiKey;
    private readonly Func<string?>? _userProject;

    /// <summary>
    /// Creates the client. With <paramref name="apiKey"/>, Gemini API calls authenticate with the key (sent as a header,
    /// never in the URL); over OAuth, <paramref name="userProject"/> gives the project a person's credential charges Gemini
    /// API quota to when it sets none, as <see cref="GeminiApi.GeminiApiClient"/> does.
    /// </summary>
    public GenerationClient(ApiTransport transport, string? apiKey = null, Func<string?>? userProject = null)
    {
        _transport = transport;
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        _userProject = userProject;
        Redactor.RegisterSecret(_apiKey);
    }

    /// <summary>Sends one prompt and returns the whole answer.</summary>
    public async Task<GeminiTunedModelResponse> GenerateAsync(GenerationTarget target, string prompt, GenerationOptions options, CancellationToken cancellationToken)
    {
        var (call, conversation) = BuildCall(target, prompt, options, "generateContent", sse: false);
        GenerateContentResponseResource resource;
        try
        {
            resource = await _transport.SendJsonAsync<GenerateContentResponseResource>(call, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException e) when (ThinkingRefused(e, options))
        {
            throw ThinkingError(target, e);
        }

        var response = ToResponse(resource, target, prompt, null);
        response.Turns = WithReply(conversation, Conversation.ModelTurn(resource.Candidates?.FirstOrDefault()?.Content));
        return response;
    }

    /// <summary>
    /// Sends one prompt and hands each chunk of the answer to <paramref name="onChunk"/> as it arrives (on a worker
    /// thread). Returns the number of chunks.
    /// </summary>
    public async Task<int> StreamAsync(GenerationTarget target, string prompt, GenerationOptions options,
        Action<GeminiTunedModelResponse> onChunk, CancellationToken cancellationToken)
    {
        var (call, conversation) = BuildCall(target, prompt, options, "streamGenerateContent", sse: true);
        call.LogResponseBody = false;
        HttpResponseMessage response;
        try
        {
            response = await _transport.SendAsync(call, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException e) when (ThinkingRefused(e, options))
        {
            throw ThinkingError(target, e);
        }

        using var _ = response;
        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);

        // Reads take the token; where a runtime's response stream ignores it (.NET Framework), closing the response
        // interrupts the read. That close runs off the cancelling thread: it may block while the handler drains.
        using var abort = cancellationToken.Register(() => Task.Run(response.Dispose));
        var reader = new SseReader(stream);
        var reply = new StreamedReply();
        var count = 0;
        while (true)
        {
            string? data;
            try
            {
                data = await reader.ReadEventAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or HttpRequestException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new GeminiTuningException(
                    $"The answer stream from {target.Name} broke after {count} chunk(s): {RequestOutcomeUnknownException.Describe(ex)}.",
                    "StreamInterrupted", ErrorCategoryHint.ConnectionError, "Retry the prompt.", ex);
            }

            if (data is null)
            {
                return count;
            }

            if (data.Trim().Length == 0)
            {
                continue;
            }

            if (_transport.Log.IsDebugEnabled)
            {
                _transport.Log.Debug("Stream event: " + Redactor.Redact(data));
            }

            var chunk = ParseChunk(data, target, prompt, count, out var resource);
            reply.Add(resource);
            if (chunk.FinishReason is not null)
            {
                // The chunk that ends the answer carries the conversation with the whole reply.
                chunk.Turns = WithReply(conversation, reply.Turn());
            }

            onChunk(chunk);
            count++;
        }
    }

    private (ApiCall Call, IReadOnlyList<GeminiConversationTurn> Conversation) BuildCall(GenerationTarget target, string prompt, GenerationOptions options, string method, bool sse)
    {
        if (prompt is null || prompt.Length == 0)
        {
            throw new GeminiTuningArgumentException("Prompt", "The prompt is empty.");
        }

        options.Validate();
        var conversation = options.History.Concat(new[] { Conversation.UserTurn(prompt, options.Attachments) }).ToList();
        var body = new GenerateContentRequestResource
        {
            Contents = conversation.Select(Conversation.ToResource).ToList(),
            SystemInstruction = string.IsNullOrEmpty(options.SystemInstruction)
                ? null
                : new ContentResource { Parts = new() { new PartResource { Text = options.SystemInstruction } } },
            GenerationConfig = HasConfig(options)
                ? new GenerationConfigResource
                {
                    Temperature = options.Temperature,
                    TopP = options.TopP,
                    TopK = options.TopK,
                    MaxOutputTokens = options.MaxOutputTokens,
                    StopSequences = options.StopSequences.Count > 0 ? options.StopSequences.ToList() : null,
                    Seed = options.Seed,
                    ThinkingConfig = options.HasThinking
                        ? new ThinkingConfigResource
                        {
                            ThinkingBudget = options.ThinkingBudget,
                            ThinkingLevel = options.ThinkingLevel is { } level ? ThinkingSupport.WireName(level) : null,
                        }
                        : null,
                }
                : null,
        };

        var call = new ApiCall(HttpMethod.Post, target.MethodUri(_transport.Endpoints, method, sse), RetryClass.Generate)
        {
            Body = GoogleJson.Serialize(body),
            Timeout = GenerateTimeout,
            AcceptsApiKey = target.Backend == GeminiTuningBackend.GeminiApi,
        };
        if (target.Backend == GeminiTuningBackend.GeminiApi && _apiKey is not null)
        {
            call.Authenticate = false;
            call.Headers["x-goog-api-key"] = _apiKey;
        }
        else if (target.Backend == GeminiTuningBackend.GeminiApi)
        {
            // A person's OAuth call to the Gemini API is billed to x-goog-user-project (the quota project wins when set);
            // Vertex AI bills the project in the endpoint's name.
            call.UserProjectFallback = _userProject?.Invoke();
        }

        return (call, conversation);
    }

    private static bool HasConfig(GenerationOptions o) =>
        o.Temperature is not null || o.TopP is not null || o.TopK is not null || o.MaxOutputTokens is not null ||
        o.StopSequences.Count > 0 || o.Seed is not null || o.HasThinking;

    private static IReadOnlyList<GeminiConversationTurn> WithReply(IReadOnlyList<GeminiConversationTurn> conversation, GeminiConversationTurn? reply) =>
        reply is null ? conversation : conversation.Concat(new[] { reply }).ToList();

    private static bool ThinkingRefused(GoogleApiException e, GenerationOptions options) =>
        options.HasThinking && e.HttpStatusCode == 400 && e.ServiceMessage.IndexOf("thinking", StringComparison.OrdinalIgnoreCase) >= 0;

    private static GeminiTuningException ThinkingError(GenerationTarget target, GoogleApiException e) => new(
        $"{target.Name} refused the thinking settings: {e.ServiceMessage}", "ThinkingNotSupported", ErrorCategoryHint.InvalidArgument,
        "Gemini 2.5 models take -ThinkingBudget (2.5 Pro from 128, never 0; Flash and Flash-Lite 0 turns thinking off), Gemini 3 and later " +
        "-ThinkingLevel, Gemini 2.0 neither. Leave both out to use the model's default.", e);

    private static GeminiTunedModelResponse ParseChunk(string data, GenerationTarget target, string prompt, int index, out GenerateContentResponseResource parsed)
    {
        GenerateContentResponseResource? resource;
        try
        {
            using var doc = JsonDocument.Parse(data);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error) &&
                error.ValueKind == JsonValueKind.Object)
            {
                // A failure after the stream started arrives as an event carrying Google's error object.
                throw new GoogleApiException(Http.GoogleErrorParser.FromErrorElement(error, 0), "stream from " + target.Name);
            }

            resource = doc.RootElement.Deserialize<GenerateContentResponseResource>(GoogleJson.Options);
        }
        catch (JsonException ex)
        {
            throw new GeminiTuningException($"A stream event from {target.Name} is not valid JSON (at {ex.Path ?? "$"}).",
                "InvalidResponse", ErrorCategoryHint.InvalidResult, innerException: ex);
        }

        parsed = resource ?? new GenerateContentResponseResource();
        return ToResponse(parsed, target, prompt, index);
    }

    internal static GeminiTunedModelResponse ToResponse(GenerateContentResponseResource r, GenerationTarget target, string prompt, int? chunkIndex)
    {
        var candidates = (r.Candidates ?? new()).Select((c, i) => new GeminiCandidate
        {
            Index = c.Index ?? i,
            Text = TextOf(c.Content),
            FinishReason = c.FinishReason,
            FinishMessage = c.FinishMessage,
            AvgLogprobs = c.AvgLogprobs,
            SafetyRatings = c.SafetyRatings?.Select(s => s.Category + "=" + (s.Probability ?? s.Severity)).ToArray() ?? Array.Empty<string>(),
        }).ToArray();
        var first = candidates.FirstOrDefault();
        var usage = r.UsageMetadata;
        return new GeminiTunedModelResponse
        {
            Prompt = prompt,
            Text = first?.Text,
            FinishReason = first?.FinishReason,
            UsageMetadata = usage is null ? null : new GeminiUsageMetadata
            {
                PromptTokenCount = usage.PromptTokenCount,
                CandidatesTokenCount = usage.CandidatesTokenCount,
                TotalTokenCount = usage.TotalTokenCount,
                ThoughtsTokenCount = usage.ThoughtsTokenCount,
                CachedContentTokenCount = usage.CachedContentTokenCount,
                TrafficType = usage.TrafficType,
            },
            Candidates = candidates,
            ModelVersion = r.ModelVersion,
            Endpoint = target.Name,
            ResponseId = r.ResponseId,
            CreateTime = r.CreateTime,
            BlockReason = r.PromptFeedback?.BlockReason,
            BlockReasonMessage = r.PromptFeedback?.BlockReasonMessage,
            PromptSafetyRatings = r.PromptFeedback?.SafetyRatings?.Select(s => new GeminiSafetyRating
            {
                Category = s.Category,
                Probability = s.Probability,
                ProbabilityScore = s.ProbabilityScore,
                Severity = s.Severity,
                SeverityScore = s.SeverityScore,
                Blocked = s.Blocked == true,
            }).ToArray() ?? Array.Empty<GeminiSafetyRating>(),
            ChunkIndex = chunkIndex,
        };
    }

    private static string? TextOf(ContentResource? content)
    {
        if (content?.Parts is null)
        {
            return null;
        }

        var texts = content.Parts.Where(p => p.Text is not null && p.Thought != true).Select(p => p.Text).ToArray();
        return texts.Length == 0 ? null : string.Concat(texts);
    }
}
