using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Http;
using GeminiTuning.Internal;

namespace GeminiTuning.Storage;

/// <summary>
/// One resumable upload session (cloud.google.com/storage/docs/performing-resumable-uploads): started with the
/// credential, then addressed by its session URI, which is its own credential, so no bearer token goes with the chunks.
/// Every request goes through <see cref="ApiTransport"/>, sent once: what a failure means is the upload's to decide.
/// </summary>
internal sealed class UploadSession
{
    private readonly ApiTransport _transport;

    private UploadSession(ApiTransport transport, Uri uri, GcsObject target, long total)
    {
        _transport = transport;
        Uri = uri;
        Target = target;
        Total = total;
    }

    /// <summary>The session URI; its <c>upload_id</c> is registered as a secret, masked in every log line.</summary>
    public Uri Uri { get; }

    /// <summary>The object being uploaded.</summary>
    public GcsObject Target { get; }

    /// <summary>The upload's size in bytes.</summary>
    public long Total { get; }

    /// <summary>
    /// Starts a session (<c>POST upload/storage/v1/b/BUCKET/o?uploadType=resumable&amp;name=…</c>). Nothing is stored
    /// yet, so the start is retried like any idempotent call.
    /// </summary>
    public static async Task<UploadSession> StartAsync(ApiTransport transport, GcsObject target, long total, string contentType, ContentHashes? expected,
        CancellationToken cancellationToken)
    {
        var storageBase = transport.Endpoints.StorageBase;
        var uri = new Uri(storageBase, "upload/storage/v1/b/" + Uri.EscapeDataString(target.Bucket) + "/o?uploadType=resumable&name=" + Uri.EscapeDataString(target.Name));
        var call = new ApiCall(HttpMethod.Post, uri, RetryClass.Idempotent)
        {
            Body = GoogleJson.Serialize(new UploadMetadata { Name = target.Name, ContentType = contentType, Crc32c = expected?.Crc32c, Md5Hash = expected?.Md5Hash }),
        };
        call.Headers["X-Upload-Content-Type"] = contentType;
        call.Headers["X-Upload-Content-Length"] = total.ToString(CultureInfo.InvariantCulture);
        using var response = await transport.SendAsync(call, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return new UploadSession(transport, ValidateUri(response.Headers.Location, storageBase, target), target, total);
    }

    /// <summary>
    /// The session URI must be on the Cloud Storage endpoint itself (same scheme, host and port) and name an upload:
    /// the file's bytes never go anywhere else, whatever a response says.
    /// </summary>
    internal static Uri ValidateUri(Uri? location, Uri storageBase, GcsObject target)
    {
        if (location is null || !location.IsAbsoluteUri ||
            Uri.Compare(location, storageBase, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0 ||
            !location.AbsolutePath.StartsWith(storageBase.AbsolutePath.TrimEnd('/') + "/upload/", StringComparison.Ordinal) ||
            UploadId(location) is not { Length: > 0 } uploadId)
        {
            throw new GeminiTuningException(
                $"Cloud Storage answered the upload request for {target} without a usable session URI on {storageBase.Host}.",
                "UploadFailed", ErrorCategoryHint.ProtocolError, "Run the command again; if it persists, check the endpoint and any proxy in between.");
        }

        // The session URI is a credential for the upload: keep its id out of every log line and message.
        Redactor.RegisterSecret(uploadId);
        return location;
    }

    /// <summary>Sends <paramref name="count"/> bytes of <paramref name="buffer"/>, the file's bytes from <paramref name="offset"/>.</summary>
    public Task<ChunkAnswer> SendChunkAsync(byte[] buffer, int count, long offset, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var range = count == 0 ? new ContentRangeHeaderValue(Total) : new ContentRangeHeaderValue(offset, offset + count - 1, Total);
        var call = Put(range.ToString(), timeout);
        call.SetBody(buffer, count);
        return SendAsync(call, cancellationToken);
    }

    /// <summary>Asks where the upload stands: an empty <c>PUT</c> with <c>Content-Range: bytes */TOTAL</c>.</summary>
    public Task<ChunkAnswer> QueryAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        SendAsync(Put(new ContentRangeHeaderValue(Total).ToString(), timeout, "status, "), cancellationToken);

    /// <summary>Cancels the session, best effort: an abandoned session expires by itself after a week.</summary>
    public async Task CancelAsync()
    {
        var call = new ApiCall(HttpMethod.Delete, Uri, RetryClass.Idempotent)
        {
            Authenticate = false,
            Timeout = TimeSpan.FromSeconds(10),
            Label = "DELETE " + Uri.AbsolutePath.TrimStart('/') + " (cancel the upload session)",
        };
        var sent = await _transport.SendOnceAsync(call, HttpCompletionOption.ResponseContentRead, 1, CancellationToken.None).ConfigureAwait(false);
        sent.Response?.Dispose();
    }

    private ApiCall Put(string range, TimeSpan timeout, string what = "")
    {
        var call = new ApiCall(HttpMethod.Put, Uri, RetryClass.Never)
        {
            Authenticate = false,
            ContentType = null,
            Timeout = timeout,
            Label = "PUT " + Uri.AbsolutePath.TrimStart('/') + " (" + Target + ", " + what + range + ")",
        };
        call.Headers["Content-Range"] = range;
        return call;
    }

    private async Task<ChunkAnswer> SendAsync(ApiCall call, CancellationToken cancellationToken)
    {
        var sent = await _transport.SendOnceAsync(call, HttpCompletionOption.ResponseContentRead, 1, cancellationToken).ConfigureAwait(false);
        if (sent.Failure is { } failure)
        {
            return ChunkAnswer.Retry(RequestOutcomeUnknownException.Describe(failure), null);
        }

        using var response = sent.Response!;
        var code = (int)response.StatusCode;
        if (code == 308)
        {
            return ChunkAnswer.Incomplete(PersistedBytes(response));
        }

        if (code is 200 or 201)
        {
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return ChunkAnswer.Done(GoogleJson.Deserialize<StorageObjectResource>(body, "the upload of " + Target).ToInfo());
        }

        var error = await _transport.ReadErrorAsync(response).ConfigureAwait(false);
        if (code is 404 or 410)
        {
            return ChunkAnswer.Gone(new GoogleApiException(error, "PUT upload session for " + Target));
        }

        if (code is 408 or 429 || code >= 500)
        {
            return ChunkAnswer.Retry(string.Format(CultureInfo.InvariantCulture, "HTTP {0} {1}", code, error.Status), error.RetryDelay);
        }

        return ChunkAnswer.Fatal(new GoogleApiException(error, "PUT upload session for " + Target));
    }

    /// <summary>The bytes persisted, from <c>Range: bytes=0-N</c> (none: nothing yet).</summary>
    private static long PersistedBytes(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Range", out var values))
        {
            return 0;
        }

        var text = values.FirstOrDefault()?.Trim() ?? string.Empty;
        var dash = text.LastIndexOf('-');
        return text.StartsWith("bytes=0-", StringComparison.OrdinalIgnoreCase) && dash > 0 &&
               long.TryParse(text.Substring(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            ? last + 1
            : 0;
    }

    private static string? UploadId(Uri uri)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&'))
        {
            if (pair.StartsWith("upload_id=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair.Substring("upload_id=".Length));
            }
        }

        return null;
    }

    private sealed class UploadMetadata
    {
        public string? Name { get; set; }

        public string? ContentType { get; set; }

        public string? Crc32c { get; set; }

        public string? Md5Hash { get; set; }
    }
}
