using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Generation;

/// <summary>
/// A file in a prompt (an <c>inlineData</c> or <c>fileData</c> part), checked as the service checks it: a supported MIME
/// type (the model pages' image, document, audio and video lists), inline bytes that are valid base64 and not empty,
/// a file URI that is a Cloud Storage URI or a URL. Its tokens are estimated per modality (an image 258, like a small
/// image on Gemini; documents, audio and video by size).
/// </summary>
internal sealed class PromptFile
{
    private const string LearnMore = " Learn more: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini";

    private static readonly Dictionary<string, string> Modalities = BuildModalities();

    private PromptFile(string mimeType, string modality, int tokens)
    {
        MimeType = mimeType;
        Modality = modality;
        Tokens = tokens;
    }

    public string MimeType { get; }

    /// <summary>IMAGE, DOCUMENT, AUDIO, VIDEO or TEXT, as usageMetadata.promptTokensDetails names them.</summary>
    public string Modality { get; }

    public int Tokens { get; }

    public static PromptFile? Read(JsonObject part, string where, GenerationApi api)
    {
        if (JsonFields.Object(part, "inlineData") is JsonObject blob)
        {
            var mime = CheckMimeType(JsonFields.String(blob, "mimeType"), where + ".inline_data.mime_type", api);
            var data = JsonFields.String(blob, "data");
            if (string.IsNullOrEmpty(data))
            {
                throw ApiException.InvalidField(where + ".inline_data.data", api == GenerationApi.Vertex
                    ? "Unable to submit request because it has an empty inlineData parameter. Add a value to the parameter and try again." + LearnMore
                    : "* GenerateContentRequest." + where + ".inline_data.data: inline_data.data must not be empty.\n");
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(data!.Replace('-', '+').Replace('_', '/').PadRight(data.Length + ((4 - (data.Length % 4)) % 4), '='));
            }
            catch (FormatException)
            {
                var shown = data!.Length > 20 ? data.Substring(0, 20) + "…" : data;
                throw ApiException.InvalidField(where + ".inline_data.data",
                    "Invalid value at '" + where + ".inline_data.data' (TYPE_BYTES), Base64 decoding failed for \"" + shown + "\"");
            }

            return new PromptFile(mime, Modalities[mime], Estimate(Modalities[mime], bytes.Length, bytes));
        }

        if (JsonFields.Object(part, "fileData") is JsonObject file)
        {
            var mime = CheckMimeType(JsonFields.String(file, "mimeType"), where + ".file_data.mime_type", api);
            var uri = JsonFields.String(file, "fileUri") ?? string.Empty;
            var gs = uri.StartsWith("gs://", StringComparison.Ordinal) && uri.IndexOf('/', 5) > 5 && !uri.EndsWith("/", StringComparison.Ordinal);
            if (!gs && !(Uri.TryCreate(uri, UriKind.Absolute, out var url) && (url.Scheme == "https" || url.Scheme == "http")))
            {
                throw ApiException.InvalidField(where + ".file_data.file_uri", api == GenerationApi.Vertex
                    ? "Unable to submit request because it has an invalid fileUri \"" + uri + "\". Use a Cloud Storage URI (gs://bucket/object) or an HTTP(S) URL." + LearnMore
                    : "* GenerateContentRequest." + where + ".file_data.file_uri: Invalid or unsupported file uri: " + uri + "\n");
            }

            // The size of a referenced file is unknown here: a minute of audio or video, one page or image.
            return new PromptFile(mime, Modalities[mime], Estimate(Modalities[mime], -1, null));
        }

        return null;
    }

    private static string CheckMimeType(string? mimeType, string field, GenerationApi api)
    {
        var bare = (mimeType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        if (bare.Length == 0)
        {
            throw ApiException.InvalidField(field, api == GenerationApi.Vertex
                ? "Unable to submit request because it has an empty mimeType parameter. Add a value to the parameter and try again." + LearnMore
                : "* GenerateContentRequest." + field + ": mime_type must not be empty.\n");
        }

        if (!Modalities.ContainsKey(bare))
        {
            throw ApiException.InvalidField(field, api == GenerationApi.Vertex
                ? "Unable to submit request because it has a mimeType parameter with value " + mimeType + ", which is not supported. Update the mimeType and try again." + LearnMore
                : "Unsupported MIME type: " + mimeType);
        }

        return bare;
    }

    private static int Estimate(string modality, long bytes, byte[]? data)
    {
        switch (modality)
        {
            case "IMAGE":
                return 258;
            case "TEXT":
                return data is null ? 256 : GenerateRequest.CountTokens(System.Text.Encoding.UTF8.GetString(data));
            case "DOCUMENT":
                return 258 * (int)Math.Max(1, bytes / 50_000);
            case "AUDIO":
                return 32 * (int)(bytes < 0 ? 60 : Math.Max(1, bytes / 16_000));
            default:
                return 263 * (int)(bytes < 0 ? 60 : Math.Max(1, bytes / 250_000));
        }
    }

    private static Dictionary<string, string> BuildModalities()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string modality, params string[] types)
        {
            foreach (var type in types)
            {
                map[type] = modality;
            }
        }

        Add("IMAGE", "image/png", "image/jpeg", "image/webp", "image/heic", "image/heif");
        Add("DOCUMENT", "application/pdf");
        Add("TEXT", "text/plain");
        Add("AUDIO", "audio/aac", "audio/x-aac", "audio/flac", "audio/mp3", "audio/m4a", "audio/mpeg", "audio/mpga", "audio/mp4", "audio/ogg", "audio/opus", "audio/pcm", "audio/wav", "audio/webm");
        Add("VIDEO", "video/x-flv", "video/quicktime", "video/mov", "video/mpeg", "video/mpegps", "video/mpegs", "video/mpg", "video/mp4", "video/webm", "video/wmv", "video/3gpp");
        return map;
    }

    public override string ToString() => MimeType + " (" + Tokens.ToString(CultureInfo.InvariantCulture) + " tokens)";
}
