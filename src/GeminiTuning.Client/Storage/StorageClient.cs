using System;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Http;
using GeminiTuning.Internal;

namespace GeminiTuning.Storage;

/// <summary>What an upload did.</summary>
public sealed class StorageUploadResult
{
    internal StorageUploadResult(StorageObjectInfo storedObject, ContentHashes hashes, long bytesSent, int resumes)
    {
        Object = storedObject;
        Hashes = hashes;
        BytesSent = bytesSent;
        Resumes = resumes;
    }

    /// <summary>The object as Cloud Storage stored it.</summary>
    public StorageObjectInfo Object { get; }

    /// <summary>The hashes of the bytes read from the file while uploading.</summary>
    public ContentHashes Hashes { get; }

    /// <summary>Bytes sent in all, a chunk sent again after a failure counted twice.</summary>
    public long BytesSent { get; }

    /// <summary>How many times the upload asked the service where it stood and carried on after a failure.</summary>
    public int Resumes { get; }
}

/// <summary>
/// The Cloud Storage JSON API calls staging needs: object metadata, and uploads with the resumable protocol
/// (cloud.google.com/storage/docs/performing-resumable-uploads).
/// </summary>
/// <remarks>
/// <para>
/// An upload starts a session (<c>POST upload/storage/v1/b/BUCKET/o?uploadType=resumable&amp;name=…</c>, through
/// <see cref="ApiTransport"/>, with the credential) and sends the file in chunks of <see cref="ChunkSize"/> bytes (a
/// multiple of 256 KiB) with <c>Content-Range: bytes FIRST-LAST/TOTAL</c> to the session URI, which is its own
/// credential: no bearer token goes with the chunks. Each chunk is answered <c>308 Resume Incomplete</c> with
/// <c>Range: bytes=0-N</c>, the bytes the service has persisted, and the next chunk starts there. When a chunk fails
/// (dropped connection, timeout, 408, 429, 5xx) the upload waits (the transport's backoff), asks where it stands with
/// an empty <c>PUT</c> and <c>Content-Range: bytes */TOTAL</c>, and carries on from the persisted offset, so only the
/// chunk in flight is sent again. An expired session (404, 410) is restarted once from the beginning. The CRC-32C and
/// MD5 of the bytes sent are computed on the way and compared with what the service reports at the end.
/// </para>
/// <para>The session URI's <c>upload_id</c> is treated as a secret: it is masked in every log line.</para>
/// </remarks>
public sealed class StorageClient
{
    /// <summary>Every chunk but the last must be a multiple of this (256 KiB).</summary>
    public const int ChunkGranularity = 256 * 1024;

    /// <summary>The default chunk size, 8 MiB, as Google recommends.</summary>
    public const int DefaultChunkSize = 8 * 1024 * 1024;


    private static readonly string UserAgent = "GeminiTuning/" + ApiTransport.ModuleVersion;

    private readonly ApiTransport _transport;
    private readonly HttpClient _http;
    private int _chunkSize = DefaultChunkSize;

    /// <summary>Creates the client; chunks go through <paramref name="uploadHttp"/> (default: the module's shared HttpClient).</summary>
    public StorageClient(ApiTransport transport, HttpClient? uploadHttp = null)
    {
        _transport = transport;
        _http = uploadHttp ?? HttpClients.Get();
    }

    /// <summary>Bytes per chunk: a positive multiple of 256 KiB (default 8 MiB).</summary>
    public int ChunkSize
    {
        get => _chunkSize;
        set
        {
            if (value <= 0 || value % ChunkGranularity != 0 || value > 256 * 1024 * 1024)
            {
                throw new GeminiTuningArgumentException("ChunkSize",
                    string.Format(CultureInfo.InvariantCulture, "{0:N0} bytes is not a chunk size Cloud Storage accepts.", value),
                    "Use a multiple of 262,144 bytes (256 KiB) up to 256 MiB, e.g. 8 MiB.");
            }

            _chunkSize = value;
        }
    }

    /// <summary>Time allowed for one chunk, from sending to the answer (default 5 minutes).</summary>
    public TimeSpan ChunkTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The object's metadata, or null when there is no such object.</summary>
    public async Task<StorageObjectInfo?> GetObjectAsync(GcsObject target, CancellationToken cancellationToken)
    {
        var uri = new Uri(_transport.Endpoints.StorageBase, "storage/v1/b/" + Uri.EscapeDataString(target.Bucket) + "/o/" + Uri.EscapeDataString(target.Name));
        try
        {
            var resource = await _transport.SendJsonAsync<StorageObjectResource>(new ApiCall(HttpMethod.Get, uri, RetryClass.Idempotent), cancellationToken)
                .ConfigureAwait(false);
            return resource.ToInfo();
        }
        catch (GoogleApiException ex) when (ex.HttpStatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Uploads <paramref name="localPath"/> to <paramref name="target"/> with the resumable protocol, reporting the
    /// bytes the service has persisted to <paramref name="progress"/>. <paramref name="expected"/>, when given, is sent
    /// as the object's <c>crc32c</c>/<c>md5Hash</c> so that the service can check the content too.
    /// </summary>
    /// <exception cref="GeminiTuningException">The file cannot be read, the service refused the upload, or it kept failing.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the upload session is cancelled too (best effort).</exception>
    public async Task<StorageUploadResult> UploadFileAsync(string localPath, GcsObject target, string contentType, ContentHashes? expected,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var file = OpenFile(localPath);
        var total = file.Length;
        var chunkSize = _chunkSize;
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        using var hasher = new ContentHasher();
        var session = await StartSessionAsync(target, total, contentType, expected, cancellationToken).ConfigureAwait(false);
        long offset = 0, hashed = 0, sent = 0;
        int failures = 0, resumes = 0;
        var restarted = false;
        var askStatus = false;
        StorageObjectInfo? stored = null;
        progress?.Report(0);
        try
        {
            while (stored is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ChunkAnswer answer;
                if (askStatus)
                {
                    answer = await PutAsync(session, target, buffer, 0, -1, total, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var count = (int)Math.Min(chunkSize, total - offset);
                    await ReadAtAsync(file, offset, buffer, count, localPath, cancellationToken).ConfigureAwait(false);
                    if (offset + count > hashed)
                    {
                        var already = (int)(hashed - offset);
                        hasher.Observe(buffer, already, count - already);
                        hashed = offset + count;
                    }

                    sent += count;
                    answer = await PutAsync(session, target, buffer, count, offset, total, cancellationToken).ConfigureAwait(false);
                }

                switch (answer.Kind)
                {
                    case AnswerKind.Complete:
                        stored = answer.Object!;
                        break;

                    case AnswerKind.Incomplete:
                        if (answer.Persisted > total)
                        {
                            throw new GeminiTuningException(
                                $"Cloud Storage reports {answer.Persisted:N0} bytes received for a {total:N0}-byte upload of {target}.",
                                "UploadFailed", ErrorCategoryHint.ProtocolError, "Run the command again to start a new upload.");
                        }

                        offset = answer.Persisted;
                        askStatus = false;
                        failures = 0;
                        progress?.Report(offset);
                        break;

                    case AnswerKind.SessionGone when !restarted:
                        // The session expired (they last a week) or was cancelled: start over once.
                        _transport.Log.Verbose($"The upload session for {target} is gone ({answer.Describe()}); starting a new one.");
                        restarted = true;
                        session = await StartSessionAsync(target, total, contentType, expected, cancellationToken).ConfigureAwait(false);
                        offset = 0;
                        askStatus = false;
                        progress?.Report(0);
                        break;

                    case AnswerKind.Retryable:
                        failures++;
                        if (failures >= _transport.RetryPolicy.MaxAttempts)
                        {
                            throw new GeminiTuningException(
                                $"The upload of {target} failed {failures} times in a row at byte {offset:N0} of {total:N0}: {answer.Describe()}.",
                                "UploadFailed", ErrorCategoryHint.ConnectionError,
                                "Check the network connection and run the command again; an identical object already uploaded is not sent again.");
                        }

                        resumes++;
                        await _transport.WaitBeforeRetryAsync(failures, answer.RetryDelay, answer.Describe(), cancellationToken).ConfigureAwait(false);
                        askStatus = true;
                        break;

                    default:
                        throw answer.Error!;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelSessionAsync(session).ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var hashes = hasher.Finish();
        if (stored.Size != total || (stored.Crc32c is not null && stored.Crc32c != hashes.Crc32c) ||
            (stored.Md5Hash is not null && hashes.Md5Hash is not null && stored.Md5Hash != hashes.Md5Hash))
        {
            await DeleteObjectAsync(target).ConfigureAwait(false);
            throw new GeminiTuningException(
                $"Cloud Storage stored {target} with size {stored.Size:N0} and CRC-32C {stored.Crc32c}, but {total:N0} bytes with CRC-32C {hashes.Crc32c} were sent; the object was deleted.",
                "UploadCorrupted", ErrorCategoryHint.InvalidResult, "Run the command again.");
        }

        progress?.Report(total);
        return new StorageUploadResult(stored, hashes, sent, resumes);
    }

    /// <summary>Deletes an object, best effort (used to remove an object that does not hold what was meant).</summary>
    internal async Task DeleteObjectAsync(GcsObject target)
    {
        var uri = new Uri(_transport.Endpoints.StorageBase, "storage/v1/b/" + Uri.EscapeDataString(target.Bucket) + "/o/" + Uri.EscapeDataString(target.Name));
        try
        {
            using var response = await _transport.SendAsync(new ApiCall(HttpMethod.Delete, uri, RetryClass.Idempotent) { Timeout = TimeSpan.FromSeconds(30) },
                HttpCompletionOption.ResponseContentRead, CancellationToken.None).ConfigureAwait(false);
        }
        catch (GeminiTuningException ex)
        {
            _transport.Log.Warning($"Could not delete {target}: {ex.Message}");
        }
    }

    private async Task<Uri> StartSessionAsync(GcsObject target, long total, string contentType, ContentHashes? expected, CancellationToken cancellationToken)
    {
        var storageBase = _transport.Endpoints.StorageBase;
        var uri = new Uri(storageBase, "upload/storage/v1/b/" + Uri.EscapeDataString(target.Bucket) + "/o?uploadType=resumable&name=" + Uri.EscapeDataString(target.Name));
        var call = new ApiCall(HttpMethod.Post, uri, RetryClass.Idempotent)
        {
            Body = GoogleJson.Serialize(new UploadMetadata { Name = target.Name, ContentType = contentType, Crc32c = expected?.Crc32c, Md5Hash = expected?.Md5Hash }),
        };
        call.Headers["X-Upload-Content-Type"] = contentType;
        call.Headers["X-Upload-Content-Length"] = total.ToString(CultureInfo.InvariantCulture);
        using var response = await _transport.SendAsync(call, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return ValidateSessionUri(response.Headers.Location, storageBase, target);
    }

    /// <summary>
    /// The session URI must be on the Cloud Storage endpoint itself (same scheme, host and port) and name an upload:
    /// the file's bytes never go anywhere else, whatever a response says.
    /// </summary>
    internal static Uri ValidateSessionUri(Uri? location, Uri storageBase, GcsObject target)
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

    /// <summary>Sends one chunk (or, with <paramref name="count"/> -1, the status query) to the session URI.</summary>
    private async Task<ChunkAnswer> PutAsync(Uri session, GcsObject target, byte[] buffer, int count, long offset, long total, CancellationToken cancellationToken)
    {
        var statusQuery = count < 0;
        var range = statusQuery || count == 0
            ? new ContentRangeHeaderValue(total)
            : new ContentRangeHeaderValue(offset, offset + count - 1, total);
        var what = "PUT " + session.AbsolutePath.TrimStart('/') + " (" + target + ", " + (statusQuery ? "status, " : string.Empty) + range + ")";
        var started = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Put, session);
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.ExpectContinue = false;
        request.Content = new ByteArrayContent(buffer, 0, Math.Max(0, count));
        request.Content.Headers.ContentRange = range;
        HttpResponseMessage response;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(ChunkTimeout);
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or SocketException)
            {
                var cause = ex is OperationCanceledException ? "timed out" : RequestOutcomeUnknownException.Describe(ex);
                _transport.Log.Verbose(Redactor.Redact($"{what} failed after {started.ElapsedMilliseconds} ms: {cause}"));
                return ChunkAnswer.Retry(cause, null);
            }
        }

        using (response)
        {
            var code = (int)response.StatusCode;
            _transport.Log.Verbose(Redactor.Redact(string.Format(CultureInfo.InvariantCulture, "{0} -> {1} {2} ({3} ms)", what, code, response.ReasonPhrase,
                started.ElapsedMilliseconds)));
            if (code == 308)
            {
                return ChunkAnswer.Incomplete(PersistedBytes(response));
            }

            if (code is 200 or 201)
            {
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                return ChunkAnswer.Done(GoogleJson.Deserialize<StorageObjectResource>(body, "the upload of " + target).ToInfo());
            }

            var errorBody = await HttpBodies.ReadCappedAsync(response).ConfigureAwait(false);
            if (_transport.Log.IsDebugEnabled)
            {
                _transport.Log.Debug("Error response body: " + Redactor.Redact(Encoding.UTF8.GetString(errorBody)));
            }

            var error = GoogleErrorParser.Parse(code, response.ReasonPhrase, errorBody, response.Headers.RetryAfter?.ToString(), DateTimeOffset.UtcNow);
            if (code is 404 or 410)
            {
                return ChunkAnswer.Gone(new GoogleApiException(error, "PUT upload session for " + target));
            }

            if (code is 408 or 429 || code >= 500)
            {
                return ChunkAnswer.Retry(string.Format(CultureInfo.InvariantCulture, "HTTP {0} {1}", code, error.Status), error.RetryDelay);
            }

            return ChunkAnswer.Fatal(new GoogleApiException(error, "PUT upload session for " + target));
        }
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

    private async Task CancelSessionAsync(Uri session)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, session);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            _transport.Log.Verbose(Redactor.Redact($"DELETE {session.AbsolutePath.TrimStart('/')} (cancel the upload session) -> {(int)response.StatusCode}"));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            // Best effort: an abandoned session expires by itself after a week.
        }
    }

    private static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Datasets.DatasetValidator.FileNotFound(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GeminiTuningException($"Could not read '{path}': {ex.Message}", "ReadError", ErrorCategoryHint.ReadError,
                "Check that the file exists, is readable and is not locked by another program.");
        }
    }

    private static async Task ReadAtAsync(FileStream file, long offset, byte[] buffer, int count, string path, CancellationToken cancellationToken)
    {
        try
        {
            file.Position = offset;
            var done = 0;
            while (done < count)
            {
                var read = await file.ReadAsync(buffer, done, count - done, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new GeminiTuningException($"'{path}' became shorter while it was being uploaded.", "DatasetChanged",
                        ErrorCategoryHint.InvalidOperation, "Do not change the file during the upload; run the command again.");
                }

                done += read;
            }
        }
        catch (IOException ex)
        {
            throw new GeminiTuningException($"Could not read '{path}': {ex.Message}", "ReadError", ErrorCategoryHint.ReadError,
                "Check that the file is readable and not locked by another program.");
        }
    }

    private enum AnswerKind
    {
        Complete,
        Incomplete,
        Retryable,
        SessionGone,
        Fatal,
    }

    private sealed class ChunkAnswer
    {
        private ChunkAnswer(AnswerKind kind) => Kind = kind;

        public AnswerKind Kind { get; }

        public StorageObjectInfo? Object { get; private set; }

        public long Persisted { get; private set; }

        public string? Cause { get; private set; }

        public TimeSpan? RetryDelay { get; private set; }

        public GeminiTuningException? Error { get; private set; }

        public static ChunkAnswer Done(StorageObjectInfo stored) => new(AnswerKind.Complete) { Object = stored };

        public static ChunkAnswer Incomplete(long persisted) => new(AnswerKind.Incomplete) { Persisted = persisted };

        public static ChunkAnswer Retry(string cause, TimeSpan? delay) => new(AnswerKind.Retryable) { Cause = cause, RetryDelay = delay };

        public static ChunkAnswer Gone(GeminiTuningException error) => new(AnswerKind.SessionGone) { Error = error, Cause = error.Message };

        public static ChunkAnswer Fatal(GeminiTuningException error) => new(AnswerKind.Fatal) { Error = error, Cause = error.Message };

        public string Describe() => Cause ?? Kind.ToString();
    }

    private sealed class UploadMetadata
    {
        public string? Name { get; set; }

        public string? ContentType { get; set; }

        public string? Crc32c { get; set; }

        public string? Md5Hash { get; set; }
    }
}
