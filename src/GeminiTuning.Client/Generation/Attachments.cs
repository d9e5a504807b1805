using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Datasets;

namespace GeminiTuning.Generation;

/// <summary>
/// Turns what Invoke-GeminiTunedModel -Attachment names into prompt parts: a local file is read and sent inline
/// (<c>inlineData</c>) with the MIME type of its extension; a <c>gs://bucket/object</c> URI or an http(s) URL is sent by
/// reference (<c>fileData</c>). Types and sizes are checked before anything is sent, against the same lists the
/// dataset checker uses (<see cref="MediaTypes"/>, <see cref="MediaLimits"/>).
/// </summary>
public static class Attachments
{
    // A bucket and an object name, as the dataset checker reads a fileUri.
    private static readonly Regex CloudStorageUri = new(@"^gs://[^/]+/.+$", RegexOptions.CultureInvariant);

    /// <summary>True when <paramref name="item"/> is a URI sent by reference rather than a local path.</summary>
    public static bool IsUri(string item) =>
        item.StartsWith("gs://", StringComparison.OrdinalIgnoreCase) || item.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ||
        item.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the attachments, in order. <paramref name="items"/> are URIs or full local paths; <paramref name="warn"/> hears about limits some models apply.</summary>
    public static async Task<IReadOnlyList<GeminiContentPart>> LoadAsync(IReadOnlyList<string> items, Action<string> warn, CancellationToken cancellationToken)
    {
        var parts = new List<GeminiContentPart>();
        long inlineBytes = 0;
        foreach (var item in items)
        {
            var part = IsUri(item) ? ByReference(item) : await InlineAsync(item, warn, cancellationToken).ConfigureAwait(false);
            inlineBytes += part.InlineData?.LongLength ?? 0;
            parts.Add(part);
        }

        // base64 makes 4 bytes of 3.
        if (inlineBytes / 3 * 4 > MediaLimits.MaxRequestBytes)
        {
            throw new GeminiTuningArgumentException("Attachment",
                string.Format(CultureInfo.InvariantCulture, "The files sent inline come to {0:N0} bytes, more than a request may carry ({1:N0} bytes once encoded).",
                    inlineBytes, MediaLimits.MaxRequestBytes), "Upload the larger files to Cloud Storage and pass their gs:// URIs instead.");
        }

        var images = parts.Count(p => MediaTypes.Classify(p.MimeType!) == MediaKind.Image);
        var pdfs = parts.Count(p => MediaTypes.Classify(p.MimeType!) == MediaKind.Pdf);
        if (images > MediaLimits.MaxImagesPerExample || pdfs > MediaLimits.MaxPdfsPerExample)
        {
            warn(string.Format(CultureInfo.InvariantCulture,
                "The prompt has {0} image(s) and {1} PDF(s); tuning examples hold at most {2} images and {3} PDFs, so the tuned model never saw this many at once.",
                images, pdfs, MediaLimits.MaxImagesPerExample, MediaLimits.MaxPdfsPerExample));
        }

        return parts;
    }

    private static GeminiContentPart ByReference(string uri)
    {
        var isStorage = uri.StartsWith("gs://", StringComparison.OrdinalIgnoreCase);
        if ((isStorage && !CloudStorageUri.IsMatch(uri)) || (!isStorage && !Uri.TryCreate(uri, UriKind.Absolute, out _)))
        {
            throw new GeminiTuningArgumentException("Attachment", $"'{Config.Identifiers.Printable(uri)}' is not a Cloud Storage URI (gs://bucket/object) or a URL.",
                "Give gs://BUCKET/OBJECT for a file in Cloud Storage, or the path of a local file.");
        }

        return new GeminiContentPart { FileUri = uri, MimeType = MimeTypeOf(uri) };
    }

    private static async Task<GeminiContentPart> InlineAsync(string path, Action<string> warn, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new GeminiTuningArgumentException("Attachment", $"'{path}' is a folder, not a file.", "Name the files, e.g. -Attachment (Get-ChildItem FOLDER -File).");
        }

        if (!File.Exists(path))
        {
            throw new GeminiTuningArgumentException("Attachment", $"The file '{path}' does not exist.", "Check the path; a file in Cloud Storage is given as gs://BUCKET/OBJECT.");
        }

        var mimeType = MimeTypeOf(path);
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            throw new GeminiTuningArgumentException("Attachment", $"The file '{path}' is empty.");
        }

        if (length > MediaLimits.MaxFileBytes)
        {
            throw new GeminiTuningArgumentException("Attachment",
                string.Format(CultureInfo.InvariantCulture, "The file '{0}' has {1:N0} bytes; a file sent inline may have at most {2:N0}.", path, length, MediaLimits.MaxFileBytes),
                "Upload it to Cloud Storage (gcloud storage cp FILE gs://BUCKET/) and pass its gs:// URI to -Attachment instead.");
        }

        if (length > MediaLimits.InlineWarningBytes)
        {
            warn(string.Format(CultureInfo.InvariantCulture,
                "The file '{0}' has {1:N0} bytes; some models take at most {2:N0} bytes per inline file. If the model refuses it, send it from Cloud Storage (gs://).",
                path, length, MediaLimits.InlineWarningBytes));
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            var data = new byte[length];
            var read = 0;
            while (read < data.Length)
            {
                var n = await stream.ReadAsync(data, read, data.Length - read, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    Array.Resize(ref data, read);
                    break;
                }

                read += n;
            }

            return new GeminiContentPart { MimeType = mimeType, InlineData = data, Source = path };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GeminiTuningException($"The file '{path}' could not be read: {ex.Message}", "AttachmentUnreadable", ErrorCategoryHint.ReadError, innerException: ex);
        }
    }

    private static string MimeTypeOf(string pathOrUri)
    {
        var mime = MediaExtensions.MimeTypeOf(pathOrUri);
        if (mime is null || MediaTypes.Classify(mime) == MediaKind.Unsupported)
        {
            throw new GeminiTuningArgumentException("Attachment",
                $"'{Config.Identifiers.Printable(pathOrUri)}' is not a file type Gemini reads: its extension is not one of " +
                string.Join(" ", MediaExtensions.Known.OrderBy(e => e, StringComparer.Ordinal)) + ".",
                "Send images (PNG, JPEG, WebP, HEIC), PDF or plain text documents, audio (MP3, WAV, FLAC, AAC, OGG, M4A) or video (MP4, MOV, WebM, MPEG…).");
        }

        return mime;
    }
}
