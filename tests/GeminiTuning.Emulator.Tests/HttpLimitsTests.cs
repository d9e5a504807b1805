using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

/// <summary>What the server puts up with: body and head sizes, the head deadline, the idle timeout, the connection cap.</summary>
public sealed class HttpLimitsTests
{
    [Fact]
    public async Task A_body_over_32_MiB_is_refused_with_413_before_it_is_sent()
    {
        using var h = new Harness();
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            // The client waits for 100 Continue before sending the body: it gets the refusal instead, and sends nothing.
            await RawHttp.SendAsync(stream, "POST /" + Harness.Parent + "/tuningJobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n" +
                "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + (32L * 1024 * 1024 + 1) + "\r\n\r\n");

            var (head, body) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 413 Payload Too Large\r\n", head);
            Assert.Contains("Connection: close\r\n", head);
            Assert.Contains("Your client issued a request that was too large.", body);
            Assert.True(await RawHttp.IsClosedAsync(stream));
        }

        Assert.Empty(h.Emulator.Requests);
        await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs"); // still serving
    }

    [Fact]
    public async Task A_chunked_body_that_grows_over_the_limit_gets_413()
    {
        using var h = new Harness(o => o.HttpLimits.MaxInMemoryBodyBytes = 1000);
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            var chunk = new string('x', 600);
            await RawHttp.SendAsync(stream, "POST /" + Harness.Parent + "/tuningJobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n" +
                "Transfer-Encoding: chunked\r\n\r\n258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");

            var (head, _) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 413 Payload Too Large\r\n", head);
            Assert.True(await RawHttp.IsClosedAsync(stream));
        }

        Assert.Empty(h.Emulator.Requests);
    }

    [Fact]
    public async Task An_upload_may_be_larger_than_other_bodies_but_not_than_the_upload_limit()
    {
        using var h = new Harness(o =>
        {
            o.HttpLimits.MaxInMemoryBodyBytes = 1000;
            o.HttpLimits.MaxUploadBodyBytes = 5000;
        });
        var data = new byte[4000];
        new Random(7).NextBytes(data);
        using (var request = new HttpRequestMessage(HttpMethod.Post, "upload/storage/v1/b/my-bucket/o?uploadType=media&name=big.bin") { Content = new ByteArrayContent(data) })
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Harness.Token);
            using var response = await h.Http.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
        }

        using (var download = await h.GetAsync("download/storage/v1/b/my-bucket/o/big.bin?alt=media"))
        {
            Assert.Equal(data, await download.Content.ReadAsByteArrayAsync());
        }

        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            await RawHttp.SendAsync(stream, "POST /upload/storage/v1/b/my-bucket/o?uploadType=media&name=bigger.bin HTTP/1.1\r\nHost: localhost\r\n" +
                "Authorization: Bearer t\r\nContent-Length: 5001\r\n\r\n");
            var (head, _) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 413 Payload Too Large\r\n", head);
        }
    }

    [Fact]
    public async Task A_head_over_64_KiB_gets_431_and_a_close()
    {
        using var h = new Harness();
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            await RawHttp.SendAsync(stream, RawHttp.Get(Harness.Parent + "/tuningJobs", "X-Padding: " + new string('a', 64 * 1024) + "\r\n"));

            var (head, _) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n", head);
            Assert.Contains("Connection: close\r\n", head);
            Assert.True(await RawHttp.IsClosedAsync(stream));
        }

        Assert.Empty(h.Emulator.Requests);
    }

    [Fact]
    public async Task A_head_that_trickles_in_past_the_deadline_gets_408_and_a_close()
    {
        using var h = new Harness(o => o.HttpLimits.HeadTimeout = TimeSpan.FromSeconds(1));
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            var clock = Stopwatch.StartNew();
            await RawHttp.SendAsync(stream, "GET /" + Harness.Parent + "/tuningJobs HTTP/1.1\r\n");
            var answer = RawHttp.ReadResponseAsync(stream);
            // A header field every 200 ms: each would restart an idle timer, but not the head deadline.
            for (var i = 0; i < 20 && !answer.IsCompleted; i++)
            {
                await Task.Delay(200);
                try
                {
                    await RawHttp.SendAsync(stream, "X-Slow-" + i + ": 1\r\n");
                }
                catch (System.IO.IOException)
                {
                    break; // the server closed the connection
                }
            }

            var (head, body) = await answer;
            Assert.StartsWith("HTTP/1.1 408 Request Timeout\r\n", head);
            Assert.Contains("Connection: close\r\n", head);
            Assert.Contains("taken too long", body);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
            Assert.True(await RawHttp.IsClosedAsync(stream));
        }

        Assert.Empty(h.Emulator.Requests);
        Assert.Empty(h.Emulator.UnexpectedErrors);
    }

    [Fact]
    public async Task A_connection_idle_between_requests_is_closed_without_an_answer()
    {
        using var h = new Harness(o => o.HttpLimits.IdleTimeout = TimeSpan.FromSeconds(1));
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            await RawHttp.SendAsync(stream, RawHttp.Get(Harness.Parent + "/tuningJobs"));
            var (head, _) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
            var clock = Stopwatch.StartNew();
            Assert.True(await RawHttp.IsClosedAsync(stream));
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
        }
    }

    [Fact]
    public async Task Over_the_connection_cap_a_newcomer_closes_an_idle_kept_alive_connection()
    {
        using var h = new Harness(o => o.HttpLimits.MaxConnections = 2);
        var idle = new (TcpClient Client, NetworkStream Stream)[2];
        for (var i = 0; i < idle.Length; i++)
        {
            idle[i] = await RawHttp.ConnectAsync(h);
            await RawHttp.SendAsync(idle[i].Stream, RawHttp.Get(Harness.Parent + "/tuningJobs"));
            await RawHttp.ReadResponseAsync(idle[i].Stream);
        }

        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            await RawHttp.SendAsync(stream, RawHttp.Get(Harness.Parent + "/tuningJobs"));
            var (head, _) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
        }

        var closed = await Task.WhenAll(idle.Select(c => RawHttp.IsClosedAsync(c.Stream, TimeSpan.FromSeconds(1))));
        Assert.Equal(1, closed.Count(c => c));
        foreach (var c in idle)
        {
            c.Client.Dispose();
        }
    }

    [Fact]
    public async Task A_connection_that_has_not_sent_its_first_request_is_not_closed_to_make_room()
    {
        using var h = new Harness(o => o.HttpLimits.MaxConnections = 2);
        var fresh = new[] { await RawHttp.ConnectAsync(h), await RawHttp.ConnectAsync(h) };
        await Task.Delay(200); // both accepted

        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            var (head, _) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", head);
        }

        foreach (var (c, s) in fresh)
        {
            using (c)
            {
                await RawHttp.SendAsync(s, RawHttp.Get(Harness.Parent + "/tuningJobs"));
                var (head, _) = await RawHttp.ReadResponseAsync(s);
                Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
            }
        }
    }

    [Fact]
    public async Task When_every_connection_is_busy_a_newcomer_gets_503_with_Retry_After_and_a_close()
    {
        using var h = new Harness(o => o.HttpLimits.MaxConnections = 2);
        var busy = new (TcpClient Client, NetworkStream Stream)[2];
        for (var i = 0; i < busy.Length; i++)
        {
            // Half a request head: the connection is busy until the rest (or the head deadline) comes.
            busy[i] = await RawHttp.ConnectAsync(h);
            await RawHttp.SendAsync(busy[i].Stream, "GET /" + Harness.Parent + "/tuningJobs HTTP/1.1\r\n");
        }

        await Task.Delay(200); // both heads have started
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            var (head, _) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", head);
            Assert.Equal("1", RawHttp.Field(head, "Retry-After"));
            Assert.Contains("Connection: close\r\n", head);
            Assert.True(await RawHttp.IsClosedAsync(stream));
        }

        // Finishing a busy request frees nothing (the connection stays open, now idle), but makes room: the next
        // newcomer closes it and is served.
        await RawHttp.SendAsync(busy[0].Stream, "Host: localhost\r\nAuthorization: Bearer t\r\n\r\n");
        var (finished, _) = await RawHttp.ReadResponseAsync(busy[0].Stream);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", finished);

        // The server counts the connection idle once its write of the answer has completed, which the client can see
        // a moment before: a newcomer is served within a short while, not necessarily at once.
        var served = "(none)";
        for (var attempt = 0; attempt < 40 && !served.StartsWith("HTTP/1.1 200 OK\r\n", StringComparison.Ordinal); attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(50);
            }

            var (c, s) = await RawHttp.ConnectAsync(h);
            using (c)
            {
                await RawHttp.SendAsync(s, RawHttp.Get(Harness.Parent + "/tuningJobs"));
                (served, _) = await RawHttp.ReadResponseAsync(s);
            }
        }

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", served);
        foreach (var c in busy)
        {
            c.Client.Dispose();
        }
    }
}
