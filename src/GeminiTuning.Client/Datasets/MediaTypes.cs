using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace GeminiTuning.Datasets;

/// <summary>What a <c>fileData</c> part holds.</summary>
internal enum MediaKind
{
    Unsupported,
    Image,
    Audio,
    Video,
    Pdf,
    PlainText,
}

/// <summary>
/// The MIME types Gemini reads from <c>fileData</c> (Vertex AI's image, audio, video and document understanding
/// pages), grouped by the modalities supervised tuning covers: "You can tune text, image, audio, and document data
/// types", plus video (the tuning modality pages, reference W5).
/// </summary>
internal static class MediaTypes
{
    private static readonly Dictionary<string, MediaKind> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/png"] = MediaKind.Image,
        ["image/jpeg"] = MediaKind.Image,
        ["image/webp"] = MediaKind.Image,
        ["image/heic"] = MediaKind.Image,
        ["image/heif"] = MediaKind.Image,
        ["audio/aac"] = MediaKind.Audio,
        ["audio/x-aac"] = MediaKind.Audio,
        ["audio/flac"] = MediaKind.Audio,
        ["audio/mp3"] = MediaKind.Audio,
        ["audio/m4a"] = MediaKind.Audio,
        ["audio/mpeg"] = MediaKind.Audio,
        ["audio/mpga"] = MediaKind.Audio,
        ["audio/mp4"] = MediaKind.Audio,
        ["audio/ogg"] = MediaKind.Audio,
        ["audio/opus"] = MediaKind.Audio,
        ["audio/pcm"] = MediaKind.Audio,
        ["audio/wav"] = MediaKind.Audio,
        ["audio/webm"] = MediaKind.Audio,
        ["video/x-flv"] = MediaKind.Video,
        ["video/quicktime"] = MediaKind.Video,
        ["video/mov"] = MediaKind.Video,
        ["video/mpeg"] = MediaKind.Video,
        ["video/mpegps"] = MediaKind.Video,
        ["video/mpg"] = MediaKind.Video,
        ["video/mp4"] = MediaKind.Video,
        ["video/webm"] = MediaKind.Video,
        ["video/wmv"] = MediaKind.Video,
        ["video/3gpp"] = MediaKind.Video,
        ["application/pdf"] = MediaKind.Pdf,
        ["text/plain"] = MediaKind.PlainText,
    };

    private static readonly KeyValuePair<byte[], MediaKind>[] KnownBytes = BuildKnownBytes();

    /// <summary>Classifies a MIME type given as UTF-8 bytes (no string is made for a known type).</summary>
    [MethodImpl(HotPath.Optimized)]
    public static MediaKind Classify(ReadOnlySpan<byte> mimeType)
    {
        var semicolon = mimeType.IndexOf((byte)';');
        var bare = semicolon >= 0 ? mimeType.Slice(0, semicolon) : mimeType;
        while (bare.Length > 0 && bare[bare.Length - 1] == (byte)' ')
        {
            bare = bare.Slice(0, bare.Length - 1);
        }

        foreach (var pair in KnownBytes)
        {
            if (pair.Key.Length == bare.Length && EqualsIgnoreAsciiCase(bare, pair.Key))
            {
                return pair.Value;
            }
        }

        return MediaKind.Unsupported;
    }

    [MethodImpl(HotPath.Optimized)]
    private static bool EqualsIgnoreAsciiCase(ReadOnlySpan<byte> text, byte[] lowercase)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= (byte)'A' && c <= (byte)'Z')
            {
                c = (byte)(c + 32);
            }

            if (c != lowercase[i])
            {
                return false;
            }
        }

        return true;
    }

    private static KeyValuePair<byte[], MediaKind>[] BuildKnownBytes()
    {
        var list = new List<KeyValuePair<byte[], MediaKind>>();
        foreach (var pair in Known)
        {
            list.Add(new KeyValuePair<byte[], MediaKind>(System.Text.Encoding.ASCII.GetBytes(pair.Key), pair.Value));
        }

        return list.ToArray();
    }

    /// <summary>Classifies a MIME type such as <c>image/jpeg</c> (parameters after ';' are ignored).</summary>
    public static MediaKind Classify(string mimeType)
    {
        var semicolon = mimeType.IndexOf(';');
        var bare = (semicolon >= 0 ? mimeType.Substring(0, semicolon) : mimeType).Trim();
        return Known.TryGetValue(bare, out var kind) ? kind : MediaKind.Unsupported;
    }
}
