using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator.Http;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Generation;

/// <summary>Answers generateContent and streamGenerateContent for a tuned model, in the shape of the API asked:
/// one JSON response, an SSE stream (<c>alt=sse</c>: <c>data: {…}</c> events, no [DONE], end = close), or the streamed
/// JSON array (<c>[{…}\n,\r\n{…}\n]</c>).</summary>
internal static class GenerationResponder
{
    public const string BlockWord = "blockme";

    public static HttpResponse Respond(RequestContext context, GenerationApi api, string modelVersion, string modelLabel, bool streaming, TimeSpan chunkDelay)
    {
        var request = GenerateRequest.Read(context.Request.BodyText, api, streaming, modelVersion);
        var responseId = Auth.RandomIds.FromAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 23);
        var meta = new Meta(api, modelVersion, context.Now, responseId);
        var blocked = request.PromptTexts.Exists(t => t.IndexOf(BlockWord, StringComparison.OrdinalIgnoreCase) >= 0);
        var reply = Reply.For(modelLabel, request);
        List<JsonObject> events;
        if (blocked)
        {
            events = new List<JsonObject> { Blocked(request, meta) };
        }
        else if (!streaming)
        {
            return context.Json(Full(request, reply, meta));
        }
        else
        {
            events = Chunks(request, reply, meta);
        }

        if (!streaming)
        {
            return context.Json(events[0]);
        }

        var sse = string.Equals(context.Request.QueryValue("alt"), "sse", StringComparison.OrdinalIgnoreCase);
        return HttpResponse.Streamed(200, sse ? "text/event-stream" : JsonOutput.JsonContentType, (sink, stop) => WriteAsync(sink, events, sse, chunkDelay, stop));
    }

    private static async Task WriteAsync(IChunkSink sink, List<JsonObject> events, bool sse, TimeSpan chunkDelay, CancellationToken stop)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0 && chunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(chunkDelay, stop).ConfigureAwait(false);
            }

            string frame;
            if (sse)
            {
                frame = "data: " + JsonOutput.Serialize(events[i], indented: false) + "\r\n\r\n";
            }
            else
            {
                var json = JsonOutput.Serialize(events[i], indented: true).TrimEnd('\n');
                frame = (i == 0 ? "[" : "\n,\r\n") + json + (i == events.Count - 1 ? "\n]" : string.Empty);
            }

            await sink.WriteAsync(frame, stop).ConfigureAwait(false);
        }
    }

    private static JsonObject Full(GenerateRequest request, Reply reply, Meta meta)
    {
        var candidates = new JsonArray();
        for (var i = 0; i < request.CandidateCount; i++)
        {
            var candidate = Candidate(reply.Text, reply.FinishReason, i, meta.Api);
            AddThinking(candidate, request, meta, first: true, last: true);
            candidates.Add(candidate);
        }

        var response = new JsonObject { ["candidates"] = candidates };
        response["usageMetadata"] = Usage(request, reply.Tokens * request.CandidateCount, meta.Api, full: true);
        return meta.AddTo(response);
    }

    private static List<JsonObject> Chunks(GenerateRequest request, Reply reply, Meta meta)
    {
        var pieces = reply.Chunks();
        var events = new List<JsonObject>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var last = i == pieces.Count - 1;
            var candidate = Candidate(pieces[i], last ? reply.FinishReason : null, 0, meta.Api);
            AddThinking(candidate, request, meta, first: i == 0, last: last);
            var chunk = new JsonObject
            {
                ["candidates"] = new JsonArray(candidate),
                ["usageMetadata"] = last
                    ? Usage(request, reply.Tokens, meta.Api, full: true)
                    : Usage(request, 0, meta.Api, full: false),
            };
            events.Add(meta.AddTo(chunk));
        }

        return events;
    }

    private static JsonObject Blocked(GenerateRequest request, Meta meta)
    {
        var feedback = new JsonObject
        {
            ["blockReason"] = "SAFETY",
            ["safetyRatings"] = new JsonArray(new JsonObject
            {
                ["category"] = "HARM_CATEGORY_DANGEROUS_CONTENT",
                ["probability"] = "HIGH",
                ["blocked"] = true,
            }),
        };
        if (meta.Api == GenerationApi.Vertex)
        {
            feedback["blockReasonMessage"] = "The prompt was blocked due to safety reasons. You can adjust the safety filters if you believe the prompt was not harmful.";
        }

        var response = new JsonObject
        {
            ["promptFeedback"] = feedback,
            ["usageMetadata"] = Usage(request, 0, meta.Api, full: true, blocked: true),
        };
        return meta.AddTo(response);
    }

    private static JsonObject Candidate(string text, string? finishReason, int index, GenerationApi api)
    {
        var part = new JsonObject();
        if (text.Length > 0)
        {
            part["text"] = text;
        }

        var candidate = new JsonObject
        {
            ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(part) },
        };
        if (finishReason is not null)
        {
            candidate["finishReason"] = finishReason;
        }

        // Vertex omits index 0 (proto3 default); the Gemini API prints it.
        if (index > 0 || api == GenerationApi.Gemini)
        {
            candidate["index"] = index;
        }

        return candidate;
    }

    /// <summary>With thinking, the thought summary (includeThoughts) goes before the first chunk's text and the thought
    /// signature on the last chunk's text part, as Gemini sends them.</summary>
    private static void AddThinking(JsonObject candidate, GenerateRequest request, Meta meta, bool first, bool last)
    {
        if (request.ThoughtTokens == 0)
        {
            return;
        }

        var parts = (JsonArray)candidate["content"]!["parts"]!;
        if (last)
        {
            ((JsonObject)parts[parts.Count - 1]!)["thoughtSignature"] =
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("emulator-thought-signature:" + meta.ResponseId));
        }

        if (first && request.IncludeThoughts)
        {
            parts.Insert(0, new JsonObject { ["text"] = "**Considering the request**\nThe user said: " + request.LastUserText, ["thought"] = true });
        }
    }

    private static JsonObject Usage(GenerateRequest request, int candidateTokens, GenerationApi api, bool full, bool blocked = false)
    {
        var promptTokens = request.PromptTokens;
        var thoughts = full && !blocked ? request.ThoughtTokens : 0;
        var usage = new JsonObject();
        if (full || api == GenerationApi.Gemini)
        {
            PutNonZero(usage, "promptTokenCount", promptTokens);
            PutNonZero(usage, "candidatesTokenCount", candidateTokens);
            PutNonZero(usage, "totalTokenCount", promptTokens + candidateTokens + thoughts);
        }

        if (api == GenerationApi.Vertex)
        {
            usage["trafficType"] = "ON_DEMAND";
        }

        if (full && promptTokens > 0)
        {
            usage["promptTokensDetails"] = PromptDetails(request);
        }

        if (thoughts > 0)
        {
            usage["thoughtsTokenCount"] = thoughts;
        }

        if (full && candidateTokens > 0)
        {
            usage["candidatesTokensDetails"] = new JsonArray(new JsonObject { ["modality"] = "TEXT", ["tokenCount"] = candidateTokens });
        }

        return usage;
    }

    /// <summary>Tokens by modality: the text, then each kind of file, in the order first seen.</summary>
    private static JsonArray PromptDetails(GenerateRequest request)
    {
        var byModality = new List<KeyValuePair<string, int>>();
        void Add(string modality, int tokens)
        {
            var at = byModality.FindIndex(p => p.Key == modality);
            if (at < 0)
            {
                byModality.Add(new KeyValuePair<string, int>(modality, tokens));
            }
            else
            {
                byModality[at] = new KeyValuePair<string, int>(modality, byModality[at].Value + tokens);
            }
        }

        var fileTokens = 0;
        foreach (var file in request.Files)
        {
            fileTokens += file.Tokens;
        }

        if (request.PromptTokens - fileTokens > 0)
        {
            Add("TEXT", request.PromptTokens - fileTokens);
        }

        foreach (var file in request.Files)
        {
            Add(file.Modality, file.Tokens);
        }

        var details = new JsonArray();
        foreach (var pair in byModality)
        {
            details.Add(new JsonObject { ["modality"] = pair.Key, ["tokenCount"] = pair.Value });
        }

        return details;
    }

    private static void PutNonZero(JsonObject obj, string name, int value)
    {
        if (value != 0)
        {
            obj[name] = value;
        }
    }

    private sealed class Meta
    {
        public Meta(GenerationApi api, string modelVersion, DateTimeOffset createTime, string responseId)
        {
            Api = api;
            ModelVersion = modelVersion;
            CreateTime = createTime;
            ResponseId = responseId;
        }

        public GenerationApi Api { get; }

        public string ModelVersion { get; }

        public DateTimeOffset CreateTime { get; }

        public string ResponseId { get; }

        public JsonObject AddTo(JsonObject response)
        {
            response["modelVersion"] = ModelVersion;
            if (Api == GenerationApi.Vertex)
            {
                response["createTime"] = ProtoTime.Format(CreateTime);
            }

            response["responseId"] = ResponseId;
            return response;
        }
    }
}
