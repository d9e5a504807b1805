using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Bench;

/// <summary>
/// The emulator host alone: the leanest client this program can be (one pre-built request body, no JSON reading),
/// <c>concurrency</c> requests in flight, to show what the host serves when the client costs next to nothing.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<double> SecondsForAsync(EmulatorHost host, int requests, int concurrency)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false };
        using var client = new HttpClient(handler);
        var body = Encoding.UTF8.GetBytes("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Prompt of the benchmark: answer briefly.\"}]}]}");
        async Task SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, host.GenerateUri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorHost.Token);
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }

        // Warm-up: connections open and the host's code is compiled before the clock starts.
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => SendAsync()));
        var next = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= requests)
            {
                await SendAsync();
            }
        }));
        return watch.Elapsed.TotalSeconds;
    }
}
