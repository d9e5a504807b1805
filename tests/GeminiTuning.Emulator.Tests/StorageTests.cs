using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

public sealed class StorageTests
{
    private const int Chunk = 256 * 1024;

    private static byte[] Data(int length)
    {
        var data = new byte[length];
        new Random(42).NextBytes(data);
        return data;
    }

    private static async Task<Uri> StartSessionAsync(Harness h, string name, long? length = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "upload/storage/v1/b/my-bucket/o?uploadType=resumable&name=" + Uri.EscapeDataString(name))
        {
            Content = new StringContent("{\"contentType\":\"application/jsonl\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Harness.Token);
        if (length is long l)
        {
            request.Headers.Add("X-Upload-Content-Length", l.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await h.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        var location = response.Headers.Location!;
        Assert.StartsWith(h.Emulator.BaseUri + "upload/storage/v1/b/my-bucket/o?uploadType=resumable", location.AbsoluteUri);
        Assert.Contains("upload_id=", location.Query);
        return location;
    }

    private static async Task<HttpResponseMessage> PutAsync(Harness h, Uri session, byte[] data, int from, int count, long total, bool totalKnown = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent(data, from, count) };
        request.Content.Headers.ContentRange = count == 0
            ? new ContentRangeHeaderValue(total)
            : totalKnown ? new ContentRangeHeaderValue(from, from + count - 1, total) : new ContentRangeHeaderValue(from, from + count - 1);
        return await h.Http.SendAsync(request);
    }

    private static string? Range(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Range", out var values) ? values.Single() : null;

    private static void AssertChecksums(JsonElement obj, byte[] data)
    {
        Assert.Equal(Convert.ToBase64String(MD5.HashData(data)), obj.GetProperty("md5Hash").GetString());
        var crc = BitwiseCrc32C(data);
        Assert.Equal(Convert.ToBase64String(new[] { (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc }), obj.GetProperty("crc32c").GetString());
        Assert.Equal(data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), obj.GetProperty("size").GetString());
    }

    /// <summary>An independent, bit-at-a-time CRC-32C to check the emulator's table-driven one against.</summary>
    private static uint BitwiseCrc32C(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0x82F63B78u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }

    [Fact]
    public void The_crc32c_is_the_Castagnoli_checksum()
    {
        Assert.Equal(0xE3069283u, GeminiTuning.Emulator.Storage.Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal("4waSgw==", GeminiTuning.Emulator.Storage.Crc32C.ToBase64(0xE3069283u));
    }

    [Fact]
    public async Task A_resumable_upload_in_chunks_answers_308_with_the_persisted_range_then_the_object()
    {
        using var h = new Harness();
        var data = Data(Chunk * 2 + 1000);
        var session = await StartSessionAsync(h, "datasets/train.jsonl", data.Length);

        using (var first = await PutAsync(h, session, data, 0, Chunk, data.Length))
        {
            Assert.Equal(308, (int)first.StatusCode);
            Assert.Equal("bytes=0-262143", Range(first));
        }

        using (var second = await PutAsync(h, session, data, Chunk, Chunk, data.Length))
        {
            Assert.Equal(308, (int)second.StatusCode);
            Assert.Equal("bytes=0-524287", Range(second));
        }

        using var last = await PutAsync(h, session, data, 2 * Chunk, 1000, data.Length);
        Assert.Equal(200, (int)last.StatusCode);
        var obj = JsonDocument.Parse(await last.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("storage#object", obj.GetProperty("kind").GetString());
        Assert.Equal("datasets/train.jsonl", obj.GetProperty("name").GetString());
        Assert.Equal("my-bucket", obj.GetProperty("bucket").GetString());
        Assert.Equal("application/jsonl", obj.GetProperty("contentType").GetString());
        Assert.Equal(JsonValueKind.String, obj.GetProperty("generation").ValueKind);
        AssertChecksums(obj, data);

        using var download = await h.GetAsync("download/storage/v1/b/my-bucket/o/" + Uri.EscapeDataString("datasets/train.jsonl") + "?alt=media");
        Assert.Equal(data, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_status_query_reports_what_was_persisted_and_an_unknown_total_can_be_given_last()
    {
        using var h = new Harness();
        var data = Data(Chunk + 10);
        var session = await StartSessionAsync(h, "a.bin");
        using (var empty = await PutAsync(h, session, data, 0, 0, data.Length))
        {
            Assert.Equal(308, (int)empty.StatusCode);
            Assert.Null(Range(empty)); // nothing persisted yet
        }

        using (var first = await PutAsync(h, session, data, 0, Chunk, data.Length, totalKnown: false))
        {
            Assert.Equal(308, (int)first.StatusCode);
        }

        using (var query = await PutAsync(h, session, data, 0, 0, data.Length))
        {
            Assert.Equal(308, (int)query.StatusCode);
            Assert.Equal("bytes=0-262143", Range(query));
        }

        using var last = await PutAsync(h, session, data, Chunk, 10, data.Length);
        Assert.Equal(200, (int)last.StatusCode);
        AssertChecksums(JsonDocument.Parse(await last.Content.ReadAsStringAsync()).RootElement, data);
    }

    [Fact]
    public async Task An_upload_resumes_after_a_chunk_whose_connection_dropped()
    {
        using var h = new Harness();
        var data = Data(Chunk * 3 + 7);
        var session = await StartSessionAsync(h, "resume.bin", data.Length);
        using (var first = await PutAsync(h, session, data, 0, Chunk, data.Length))
        {
            Assert.Equal(308, (int)first.StatusCode);
        }

        // Lost before the server saw it: nothing persisted, the chunk is sent again.
        h.Emulator.Faults.Enqueue(EmulatorOperation.StorageUpload, Fault.DropConnection());
        await Assert.ThrowsAsync<HttpRequestException>(() => PutAsync(h, session, data, Chunk, Chunk, data.Length));
        using (var query = await PutAsync(h, session, data, 0, 0, data.Length))
        {
            Assert.Equal("bytes=0-262143", Range(query));
        }

        using (var again = await PutAsync(h, session, data, Chunk, Chunk, data.Length))
        {
            Assert.Equal("bytes=0-524287", Range(again));
        }

        // Persisted, but the answer was lost: the status query shows it, and resending it anyway is harmless.
        h.Emulator.Faults.Enqueue(EmulatorOperation.StorageUpload, Fault.DropConnectionAfterProcessing());
        await Assert.ThrowsAsync<HttpRequestException>(() => PutAsync(h, session, data, 2 * Chunk, Chunk, data.Length));
        using (var query = await PutAsync(h, session, data, 0, 0, data.Length))
        {
            Assert.Equal("bytes=0-786431", Range(query));
        }

        using (var resent = await PutAsync(h, session, data, 2 * Chunk, Chunk, data.Length))
        {
            Assert.Equal("bytes=0-786431", Range(resent));
        }

        using var last = await PutAsync(h, session, data, 3 * Chunk, 7, data.Length);
        Assert.Equal(200, (int)last.StatusCode);
        AssertChecksums(JsonDocument.Parse(await last.Content.ReadAsStringAsync()).RootElement, data);
    }

    [Fact]
    public async Task A_non_final_chunk_must_be_a_multiple_of_256_KiB()
    {
        using var h = new Harness();
        var data = Data(Chunk * 2);
        var session = await StartSessionAsync(h, "x.bin", data.Length);
        using var response = await PutAsync(h, session, data, 0, 1000, data.Length);
        Assert.Equal(400, (int)response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Contains("required to be equal or greater than 262144", error.GetProperty("message").GetString());
        Assert.Equal("invalid", error.GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.False(error.TryGetProperty("status", out _));
    }

    [Fact]
    public async Task A_chunk_beyond_the_persisted_offset_is_refused()
    {
        using var h = new Harness();
        var data = Data(Chunk * 3);
        var session = await StartSessionAsync(h, "x.bin", data.Length);
        using var response = await PutAsync(h, session, data, Chunk, Chunk, data.Length);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("exceeds already uploaded size of 0 byte(s)", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_whole_object_can_be_put_in_one_request_as_the_curl_sample_does()
    {
        using var h = new Harness();
        var data = Encoding.UTF8.GetBytes("{\"contents\":[]}\n");
        var session = await StartSessionAsync(h, "one.jsonl");
        using var response = await h.Http.PutAsync(session, new ByteArrayContent(data));
        Assert.Equal(200, (int)response.StatusCode);
        AssertChecksums(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement, data);
        using var again = await h.Http.PutAsync(session, new ByteArrayContent(data));
        Assert.Equal(200, (int)again.StatusCode); // a finished session answers with its object
    }

    [Fact]
    public async Task An_unknown_session_is_not_found()
    {
        using var h = new Harness();
        using var response = await h.Http.PutAsync("upload/storage/v1/b/my-bucket/o?uploadType=resumable&upload_id=nope", new ByteArrayContent(new byte[1]));
        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_media_upload_can_be_read_back_as_metadata_and_media_listed_and_deleted()
    {
        using var h = new Harness();
        var data = Encoding.UTF8.GetBytes("hello");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "upload/storage/v1/b/my-bucket/o?uploadType=media&name=dir%2Fhello.txt") { Content = new ByteArrayContent(data) })
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Harness.Token);
            using var created = await h.Http.SendAsync(request);
            Assert.Equal(200, (int)created.StatusCode);
        }

        var metadata = await h.ExpectAsync(200, HttpMethod.Get, "storage/v1/b/my-bucket/o/dir%2Fhello.txt");
        Assert.Equal("dir/hello.txt", metadata.GetProperty("name").GetString());
        Assert.Equal("text/plain", metadata.GetProperty("contentType").GetString());
        AssertChecksums(metadata, data);

        using (var media = await h.GetAsync("storage/v1/b/my-bucket/o/dir%2Fhello.txt?alt=media"))
        {
            Assert.Equal("hello", await media.Content.ReadAsStringAsync());
        }

        var list = await h.ExpectAsync(200, HttpMethod.Get, "storage/v1/b/my-bucket/o?prefix=dir%2F");
        Assert.Equal("dir/hello.txt", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());

        using (var deleted = await h.SendAsync(HttpMethod.Delete, "storage/v1/b/my-bucket/o/dir%2Fhello.txt"))
        {
            Assert.Equal(204, (int)deleted.StatusCode);
        }

        using var gone = await h.GetAsync("storage/v1/b/my-bucket/o/dir%2Fhello.txt");
        Assert.Equal(404, (int)gone.StatusCode);
        var error = JsonDocument.Parse(await gone.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("No such object: my-bucket/dir/hello.txt", error.GetProperty("message").GetString());
        Assert.Equal("notFound", error.GetProperty("errors")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_multipart_upload_takes_the_name_from_the_metadata_part()
    {
        using var h = new Harness();
        var content = new MultipartContent("related", "BOUNDARY");
        content.Add(new StringContent("{\"name\":\"multi.jsonl\",\"contentType\":\"application/jsonl\"}", Encoding.UTF8, "application/json"));
        content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("line one\nline two\n")));
        using var request = new HttpRequestMessage(HttpMethod.Post, "upload/storage/v1/b/my-bucket/o?uploadType=multipart") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Harness.Token);
        using var response = await h.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        using var media = await h.GetAsync("storage/v1/b/my-bucket/o/multi.jsonl?alt=media");
        Assert.Equal("line one\nline two\n", await media.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Storage_without_credentials_answers_in_the_storage_error_format()
    {
        using var h = new Harness();
        using var response = await h.GetAsync("storage/v1/b/my-bucket/o/x", token: null);
        Assert.Equal(401, (int)response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.StartsWith("Anonymous caller does not have storage.objects.get access", error.GetProperty("message").GetString());
        Assert.Equal("required", error.GetProperty("errors")[0].GetProperty("reason").GetString());
    }
}
