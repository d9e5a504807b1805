using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

/// <summary>Uploads are not held in the host's memory: their bodies stream to files in the emulator's own folder
/// under the temporary directory, which goes away when the emulator stops.</summary>
public sealed class StorageFilesTests
{
    private const int Chunk = 256 * 1024;

    private static async Task<Uri> StartSessionAsync(Harness h, string name, long length)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "upload/storage/v1/b/my-bucket/o?uploadType=resumable&name=" + name);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Harness.Token);
        request.Headers.Add("X-Upload-Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await h.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return response.Headers.Location!;
    }

    private static async Task<int> PutAsync(Harness h, Uri session, byte[] data, int from, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent(data, from, count) };
        request.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, from + count - 1, data.Length);
        using var response = await h.Http.SendAsync(request);
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task A_resumable_upload_is_kept_in_a_file_of_the_emulators_folder_that_goes_when_it_stops()
    {
        var h = new Harness();
        var data = new byte[Chunk + 1234];
        new Random(3).NextBytes(data);
        var session = await StartSessionAsync(h, "train.bin", data.Length);
        Assert.Equal(308, await PutAsync(h, session, data, 0, Chunk));
        Assert.Equal(200, await PutAsync(h, session, data, Chunk, 1234));

        var folder = h.Emulator.Files.Directory!;
        Assert.StartsWith(Path.GetFullPath(Path.GetTempPath()), Path.GetFullPath(folder));
        var file = Assert.Single(Directory.GetFiles(folder));
        Assert.Equal(data, File.ReadAllBytes(file));

        // The log keeps an upload's length, not its bytes.
        var puts = h.Emulator.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal(new long[] { Chunk, 1234 }, puts.Select(r => r.BodyLength));
        Assert.All(puts, r => Assert.Equal(string.Empty, r.Body));

        h.Dispose();
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Replacing_or_deleting_an_object_deletes_its_file()
    {
        using var h = new Harness();
        foreach (var content in new[] { "first", "second" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "upload/storage/v1/b/my-bucket/o?uploadType=media&name=a.txt")
            {
                Content = new StringContent(content, Encoding.UTF8, "text/plain"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Harness.Token);
            using var response = await h.Http.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
        }

        var file = Assert.Single(Directory.GetFiles(h.Emulator.Files.Directory!));
        Assert.Equal("second", File.ReadAllText(file));

        using (var delete = await h.SendAsync(HttpMethod.Delete, "storage/v1/b/my-bucket/o/a.txt"))
        {
            Assert.Equal(204, (int)delete.StatusCode);
        }

        Assert.Empty(Directory.GetFiles(h.Emulator.Files.Directory!));
    }

    [Fact]
    public async Task A_multipart_upload_larger_than_the_in_memory_limit_is_refused_with_413()
    {
        using var h = new Harness(o => o.HttpLimits.MaxInMemoryBodyBytes = 1000);
        var body = "--b\r\nContent-Type: application/json\r\n\r\n{\"name\":\"m.bin\"}\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\n" +
            new string('x', 2000) + "\r\n--b--\r\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, "upload/storage/v1/b/my-bucket/o?uploadType=multipart")
        {
            Content = new StringContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/related; boundary=b");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Harness.Token);
        using var response = await h.Http.SendAsync(request);

        Assert.Equal(413, (int)response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Contains("resumable or media upload", error.GetProperty("message").GetString());
        using var get = await h.GetAsync("storage/v1/b/my-bucket/o/m.bin");
        Assert.Equal(404, (int)get.StatusCode);
    }
}
