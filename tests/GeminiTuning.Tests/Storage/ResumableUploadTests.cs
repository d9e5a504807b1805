using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.Storage;
using GeminiTuning.Tests.Datasets;

namespace GeminiTuning.Tests.Storage;

/// <summary>Cloud Storage resumable uploads over real HTTP against the emulator.</summary>
public sealed class ResumableUploadTests : IDisposable
{
    private const int Chunk = StorageClient.ChunkGranularity;
    private const int Size = 3 * Chunk + 100_000;

    private readonly EmulatorHost _host = new();
    private readonly TempFolder _folder = new();
    private readonly byte[] _content = StorageTestSupport.Bytes(Size);
    private readonly string _path;
    private readonly GcsObject _target = new("my-bucket", "tuning/data.bin");

    public ResumableUploadTests() => _path = _folder.WriteBytes("data.bin", _content);

    public void Dispose()
    {
        _host.Dispose();
        _folder.Dispose();
    }

    private Task<StorageUploadResult> UploadAsync(IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        _host.Storage().UploadFileAsync(_path, _target, "application/octet-stream", null, progress, cancellationToken);

    /// <summary>Lets the session start and the first <paramref name="okChunks"/> chunks through, then injects <paramref name="fault"/>.</summary>
    private void FaultOnChunk(int okChunks, Fault fault)
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.StorageUpload, Fault.Delay(TimeSpan.Zero), okChunks + 1);
        _host.Emulator.Faults.Enqueue(EmulatorOperation.StorageUpload, fault);
    }

    [Fact]
    public async Task A_file_is_sent_in_256_KiB_chunks_with_content_range_and_stored_identically()
    {
        var reported = new List<long>();

        var result = await UploadAsync(new SyncProgress(reported.Add));

        Assert.Equal(new[]
        {
            ("bytes 0-262143/886432", 308), ("bytes 262144-524287/886432", 308), ("bytes 524288-786431/886432", 308), ("bytes 786432-886431/886432", 200),
        }, _host.Puts());
        Assert.Equal(_content, await _host.DownloadAsync("my-bucket", "tuning/data.bin"));
        Assert.Equal(Size, result.Object.Size);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(_content)), result.Object.Md5Hash);
        Assert.Equal(result.Hashes.Crc32c, result.Object.Crc32c);
        Assert.Equal(Size, result.BytesSent);
        Assert.Equal(new long[] { 0, Chunk, 2 * Chunk, 3 * Chunk, Size }, reported);
    }

    [Fact]
    public async Task The_session_is_started_with_the_credential_and_the_chunks_go_without_it()
    {
        await UploadAsync();

        var requests = _host.RequestsFor(EmulatorOperation.StorageUpload);
        var start = requests.First();
        Assert.Equal("POST", start.Method);
        Assert.Equal("/upload/storage/v1/b/my-bucket/o", start.Path);
        Assert.Contains("uploadType=resumable", start.Query);
        Assert.Contains("name=tuning%2Fdata.bin", start.Query);
        Assert.Equal("Bearer ya29.test-token-for-emulator", start.Headers["Authorization"]);
        Assert.Equal(Size.ToString(), start.Headers["X-Upload-Content-Length"]);
        Assert.All(requests.Skip(1), r => Assert.False(r.Headers.ContainsKey("Authorization")));
    }

    [Fact]
    public async Task A_dropped_connection_is_resumed_from_the_persisted_offset_sending_only_that_chunk_again()
    {
        FaultOnChunk(okChunks: 2, Fault.DropConnection());

        var result = await UploadAsync();

        Assert.Equal(new[]
        {
            ("bytes 0-262143/886432", 308), ("bytes 262144-524287/886432", 308),
            ("bytes 524288-786431/886432", 0),
            ("bytes */886432", 308),
            ("bytes 524288-786431/886432", 308), ("bytes 786432-886431/886432", 200),
        }, _host.Puts());
        Assert.Equal(Size + Chunk, _host.BytesSent());
        Assert.Equal(Size + Chunk, result.BytesSent);
        Assert.Equal(1, result.Resumes);
        Assert.Equal(_content, await _host.DownloadAsync("my-bucket", "tuning/data.bin"));
    }

    [Fact]
    public async Task A_chunk_whose_answer_was_lost_is_not_sent_again()
    {
        FaultOnChunk(okChunks: 1, Fault.DropConnectionAfterProcessing());

        await UploadAsync();

        Assert.Equal(new[]
        {
            ("bytes 0-262143/886432", 308), ("bytes 262144-524287/886432", 0),
            ("bytes */886432", 308),
            ("bytes 524288-786431/886432", 308), ("bytes 786432-886431/886432", 200),
        }, _host.Puts());
        Assert.Equal(Size, _host.BytesSent());
        Assert.Equal(_content, await _host.DownloadAsync("my-bucket", "tuning/data.bin"));
    }

    [Fact]
    public async Task A_503_on_a_chunk_is_retried_after_asking_where_the_upload_stands()
    {
        FaultOnChunk(okChunks: 0, Fault.Error(503, "UNAVAILABLE", "Backend Error"));

        await UploadAsync();

        var puts = _host.Puts();
        Assert.Equal(("bytes 0-262143/886432", 503), puts[0]);
        Assert.Equal(("bytes */886432", 308), puts[1]);
        Assert.Equal(("bytes 0-262143/886432", 308), puts[2]);
        Assert.Equal(_content, await _host.DownloadAsync("my-bucket", "tuning/data.bin"));
        Assert.Contains("Retrying after HTTP 503", _host.Log.All);
    }

    [Fact]
    public async Task An_upload_that_keeps_failing_ends_with_an_error_saying_where_it_stopped()
    {
        FaultOnChunk(okChunks: 1, Fault.DropConnection());
        _host.Emulator.Faults.Enqueue(EmulatorOperation.StorageUpload, Fault.Error(503, "UNAVAILABLE", "Backend Error"), 10);

        var error = await Assert.ThrowsAsync<GeminiTuningException>(() => UploadAsync());

        Assert.Equal("UploadFailed", error.Condition);
        Assert.Contains("at byte 262,144 of 886,432", error.Message);
        Assert.Contains("gs://my-bucket/tuning/data.bin", error.Message);
    }

    [Fact]
    public async Task A_refused_chunk_is_an_error_with_the_services_message()
    {
        FaultOnChunk(okChunks: 0, Fault.Error(403, "PERMISSION_DENIED", "tuner@p.iam.gserviceaccount.com does not have storage.objects.create access"));

        var error = await Assert.ThrowsAsync<GoogleApiException>(() => UploadAsync());

        Assert.Equal(403, error.HttpStatusCode);
        Assert.Contains("storage.objects.create", error.Message);
    }

    [Fact]
    public async Task The_upload_id_never_appears_in_the_log()
    {
        FaultOnChunk(okChunks: 1, Fault.DropConnection());

        await UploadAsync();

        var start = _host.RequestsFor(EmulatorOperation.StorageUpload).Skip(1).First();
        var uploadId = start.Query.Split('&').Single(p => p.StartsWith("upload_id=")).Substring("upload_id=".Length);
        Assert.DoesNotContain(uploadId, _host.Log.All);
        Assert.Contains("PUT upload/storage/v1/b/my-bucket/o (gs://my-bucket/tuning/data.bin, bytes 0-262143/886432) -> 308", _host.Log.All);
    }

    [Fact]
    public async Task Cancelling_stops_after_the_chunk_in_flight_and_cancels_the_session()
    {
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => UploadAsync(new SyncProgress(done =>
        {
            if (done >= Chunk)
            {
                cts.Cancel();
            }
        }), cts.Token));

        var requests = _host.RequestsFor(EmulatorOperation.StorageUpload);
        Assert.Equal(1, requests.Count(r => r.Method == "PUT"));
        Assert.Equal(499, requests.Single(r => r.Method == "DELETE").ResponseStatus);
    }

    [Fact]
    public void A_session_uri_elsewhere_than_the_storage_endpoint_is_refused()
    {
        var storage = new Uri("https://storage.googleapis.com/");
        var good = new Uri("https://storage.googleapis.com/upload/storage/v1/b/b/o?uploadType=resumable&upload_id=ADPycdvx7secretsessionid");

        Assert.Equal(good, UploadSession.ValidateUri(good, storage, _target));
        foreach (var bad in new[]
                 {
                     "https://evil.example/upload/storage/v1/b/b/o?upload_id=abcdefghijk",
                     "http://storage.googleapis.com/upload/storage/v1/b/b/o?upload_id=abcdefghijk",
                     "https://storage.googleapis.com/upload/storage/v1/b/b/o?uploadType=resumable",
                 })
        {
            var error = Assert.Throws<GeminiTuningException>(() => UploadSession.ValidateUri(new Uri(bad), storage, _target));
            Assert.Equal("UploadFailed", error.Condition);
        }

        Assert.Throws<GeminiTuningException>(() => UploadSession.ValidateUri(null, storage, _target));
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(0)]
    [InlineData(256 * 1024 + 1)]
    public void A_chunk_size_that_is_not_a_multiple_of_256_KiB_is_refused(int size)
    {
        var error = Assert.Throws<GeminiTuningArgumentException>(() => new StorageClient(_host.Transport()) { ChunkSize = size });

        Assert.Equal("ChunkSize", error.ParameterName);
        Assert.Contains("262,144", error.RecommendedAction);
    }

    [Fact]
    public void Crc32c_matches_the_standard_check_value_and_cloud_storages_format()
    {
        var hasher = new ContentHasher();
        var data = Encoding.ASCII.GetBytes("123456789");
        hasher.Observe(data, 0, 4);
        hasher.Observe(data, 4, 5);

        var hashes = hasher.Finish();

        Assert.Equal("e3069283", hashes.Crc32cHex);
        Assert.Equal(Convert.ToBase64String(new byte[] { 0xE3, 0x06, 0x92, 0x83 }), hashes.Crc32c);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(data)), hashes.Md5Hash);
        Assert.Equal(Crc32C.Compute(_content), BitConverter.ToUInt32(Convert.FromBase64String(Hash(_content).Crc32c).Reverse().ToArray()));
    }

    private static ContentHashes Hash(byte[] data)
    {
        var hasher = new ContentHasher();
        // Odd slices, so that the 8-byte fast path meets unaligned starts and tails.
        for (var offset = 0; offset < data.Length; offset += 1001)
        {
            hasher.Observe(data, offset, Math.Min(1001, data.Length - offset));
        }

        return hasher.Finish();
    }

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>.</summary>
    private sealed class SyncProgress : IProgress<long>
    {
        private readonly Action<long> _report;

        public SyncProgress(Action<long> report) => _report = report;

        public void Report(long value) => _report(value);
    }
}
