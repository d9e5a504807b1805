using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Http;

namespace GeminiTuning.Storage;

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
/// <para>The session URI's <c>upload_id</c> is treated as a secret: it is masked in every log line. Every request, the
/// chunks too, goes through <see cref="ApiTransport"/> (<see cref="UploadSession"/>), so all carry the same headers and log alike.</para>
/// </remarks>
public sealed class StorageClient
{
    /// <summary>Every chunk but the last must be a multiple of this (256 KiB).</summary>
    public const int ChunkGranularity = 256 * 1024;

    /// <summary>The default chunk size, 8 MiB, as Google recommends.</summary>
    public const int DefaultChunkSize = 8 * 1024 * 1024;

    private readonly ApiTransport _transport;
    private int _chunkSize = DefaultChunkSize;

    /// <summary>Creates the client over a transport.</summary>
    public StorageClient(ApiTransport transport) => _transport = transport;

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
        var session = await UploadSession.StartAsync(_transport, target, total, contentType, expected, cancellationToken).ConfigureAwait(false);
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
                    answer = await session.QueryAsync(ChunkTimeout, cancellationToken).ConfigureAwait(false);
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
                    answer = await session.SendChunkAsync(buffer, count, offset, ChunkTimeout, cancellationToken).ConfigureAwait(false);
                }

                switch (answer.Kind)
                {
                    case ChunkAnswerKind.Complete:
                        stored = answer.Object!;
                        break;

                    case ChunkAnswerKind.Incomplete:
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

                    case ChunkAnswerKind.SessionGone when !restarted:
                        // The session expired (they last a week) or was cancelled: start over once.
                        _transport.Log.Verbose($"The upload session for {target} is gone ({answer.Describe()}); starting a new one.");
                        restarted = true;
                        session = await UploadSession.StartAsync(_transport, target, total, contentType, expected, cancellationToken).ConfigureAwait(false);
                        offset = 0;
                        askStatus = false;
                        progress?.Report(0);
                        break;

                    case ChunkAnswerKind.Retryable:
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
            await session.CancelAsync().ConfigureAwait(false);
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
                "Check that the file exists, is readable and is not locked by another program.", ex);
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
                "Check that the file is readable and not locked by another program.", ex);
        }
    }
}
