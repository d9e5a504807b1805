using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.Storage;

namespace GeminiTuning.Tests.Storage;

/// <summary>Helpers for upload tests over the in-process emulator.</summary>
public static class StorageTestSupport
{
    /// <summary>A storage client on the emulator, with 256 KiB chunks so that small files take several.</summary>
    public static StorageClient Storage(this EmulatorHost host) =>
        new(host.Transport()) { ChunkSize = StorageClient.ChunkGranularity };

    /// <summary>Deterministic bytes that do not compress into patterns.</summary>
    public static byte[] Bytes(int size, int seed = 7)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>The object's content, read back from the emulator.</summary>
    public static async Task<byte[]> DownloadAsync(this EmulatorHost host, string bucket, string name)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri(host.Emulator.BaseUri, "storage/v1/b/" + bucket + "/o/" + Uri.EscapeDataString(name) + "?alt=media"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ya29.test-token-for-emulator");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The PUTs sent to upload sessions: their Content-Range headers, in order, with the response status.</summary>
    public static List<(string Range, int Status)> Puts(this EmulatorHost host) =>
        host.RequestsFor(EmulatorOperation.StorageUpload)
            .Where(r => r.Method == "PUT")
            .Select(r => (r.Headers.TryGetValue("Content-Range", out var range) ? range : "(none)", r.ResponseStatus))
            .ToList();

    /// <summary>Bytes carried by the PUTs (from their Content-Range headers).</summary>
    public static long BytesSent(this EmulatorHost host) =>
        host.Puts().Sum(p =>
        {
            var spec = p.Range.Substring("bytes ".Length).Split('/')[0];
            if (spec == "*")
            {
                return 0L;
            }

            var bounds = spec.Split('-');
            return long.Parse(bounds[1]) - long.Parse(bounds[0]) + 1;
        });
}
