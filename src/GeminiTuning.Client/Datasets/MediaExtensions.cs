using System;
using System.Collections.Generic;
using System.IO;

namespace GeminiTuning.Datasets;

/// <summary>The MIME type of a media file from its extension, for the types <see cref="MediaTypes"/> knows.</summary>
internal static class MediaExtensions
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".webp"] = "image/webp",
        [".heic"] = "image/heic",
        [".heif"] = "image/heif",
        [".pdf"] = "application/pdf",
        [".txt"] = "text/plain",
        [".aac"] = "audio/aac",
        [".flac"] = "audio/flac",
        [".mp3"] = "audio/mpeg",
        [".m4a"] = "audio/m4a",
        [".ogg"] = "audio/ogg",
        [".opus"] = "audio/opus",
        [".wav"] = "audio/wav",
        [".pcm"] = "audio/pcm",
        [".flv"] = "video/x-flv",
        [".mov"] = "video/quicktime",
        [".mpeg"] = "video/mpeg",
        [".mpg"] = "video/mpg",
        [".mp4"] = "video/mp4",
        [".webm"] = "video/webm",
        [".wmv"] = "video/wmv",
        [".3gp"] = "video/3gpp",
    };

    /// <summary>The extensions known, for messages.</summary>
    public static IEnumerable<string> Known => ByExtension.Keys;

    /// <summary>The MIME type for a file name or URI path, or null when its extension is not a supported media type.</summary>
    public static string? MimeTypeOf(string fileName)
    {
        var query = fileName.IndexOfAny(new[] { '?', '#' });
        var path = query >= 0 ? fileName.Substring(0, query) : fileName;
        return ByExtension.TryGetValue(Path.GetExtension(path), out var mime) ? mime : null;
    }
}
