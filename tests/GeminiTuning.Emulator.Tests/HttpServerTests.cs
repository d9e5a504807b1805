using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

/// <summary>The HTTP/1.1 layer, driven over raw sockets where HttpClient would hide the detail.</summary>
public sealed class HttpServerTests
{
    [Fact]
    public async Task Two_requests_are_served_on_one_kept_alive_connection()
    {
        using var h = new Harness();
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            for (var i = 0; i < 2; i++)
            {
                await RawHttp.SendAsync(stream, "GET /" + Harness.Parent + "/tuningJobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n\r\n");
                var (head, body) = await RawHttp.ReadResponseAsync(stream);
                Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
                Assert.DoesNotContain("Connection: close", head);
                Assert.Equal("{}", body.Trim());
            }
        }
    }

    [Fact]
    public async Task Connection_close_is_honoured()
    {
        using var h = new Harness();
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            await RawHttp.SendAsync(stream, "GET /" + Harness.Parent + "/tuningJobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n");
            var (head, _) = await RawHttp.ReadResponseAsync(stream);
            Assert.Contains("Connection: close\r\n", head);
            Assert.True(await RawHttp.IsClosedAsync(stream));
        }
    }

    [Fact]
    public async Task A_chunked_request_body_is_read_whole()
    {
        using var h = new Harness();
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            var json = Harness.MinimalJob();
            var first = json.Substring(0, 10);
            var rest = json.Substring(10);
            await RawHttp.SendAsync(stream, "POST /" + Harness.Parent + "/tuningJobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n" +
                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                first.Length.ToString("x") + "\r\n" + first + "\r\n" + rest.Length.ToString("x") + ";ext=1\r\n" + rest + "\r\n0\r\n\r\n");
            var (head, body) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 200 OK", head);
            Assert.Contains("JOB_STATE_PENDING", body);
        }

        Assert.Equal(Harness.MinimalJob(), h.Emulator.Requests.Single().Body);
    }

    [Fact]
    public async Task Expect_100_continue_gets_an_interim_response_before_the_body_is_sent()
    {
        using var h = new Harness();
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            var json = Encoding.UTF8.GetBytes(Harness.MinimalJob());
            await RawHttp.SendAsync(stream, "POST /" + Harness.Parent + "/tuningJobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n" +
                "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + json.Length + "\r\n\r\n");
            var interim = new byte[25];
            var read = 0;
            while (read < interim.Length)
            {
                read += await stream.ReadAsync(interim.AsMemory(read));
            }

            Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", Encoding.ASCII.GetString(interim));
            await stream.WriteAsync(json);
            var (head, _) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 200 OK", head);
        }
    }

    [Theory]
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003")]
    [InlineData("HELLO\r\n\r\n")]
    [InlineData("GET /v1 HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n")]
    [InlineData("POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n")]
    public async Task Garbage_gets_a_400_and_the_connection_is_closed(string garbage)
    {
        using var h = new Harness();
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(garbage));
            var (head, _) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 400 Bad Request", head);
            Assert.True(await RawHttp.IsClosedAsync(stream));
        }

        await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs"); // still serving
    }

    [Fact]
    public async Task A_client_that_goes_away_in_the_middle_of_a_request_does_no_harm()
    {
        using var h = new Harness();
        var (client, stream) = await RawHttp.ConnectAsync(h);
        await RawHttp.SendAsync(stream, "POST /" + Harness.Parent + "/tuningJobs HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{\"base");
        client.Dispose();
        await Task.Delay(100);
        await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs");
        Assert.Empty(h.Emulator.UnexpectedErrors);
        Assert.DoesNotContain(h.Emulator.Requests, r => r.Operation == EmulatorOperation.CreateTuningJob);
    }

    [Fact]
    public async Task An_unknown_path_gets_googles_html_404_page()
    {
        using var h = new Harness();
        using var response = await h.GetAsync("v1/projects/p/locations/us-central1/nothingHere");
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("The requested URL <code>/v1/projects/p/locations/us-central1/nothingHere</code> was not found on this server.", await response.Content.ReadAsStringAsync());
        Assert.Equal(EmulatorOperation.Unknown, h.Emulator.Requests.Single().Operation);
    }

    [Fact]
    public async Task A_method_the_resource_does_not_bind_is_not_found()
    {
        using var h = new Harness();
        using var response = await h.SendAsync(HttpMethod.Delete, Harness.Parent + "/tuningJobs/123");
        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Every_request_is_recorded_with_its_method_path_query_headers_body_operation_and_status()
    {
        using var h = new Harness();
        using var request = new HttpRequestMessage(HttpMethod.Post, Harness.Parent + "/tuningJobs?alt=json&x=a%20b") { Content = Harness.Json(Harness.MinimalJob()) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "tok");
        request.Headers.Add("x-goog-user-project", "quota-proj");
        using (await h.Http.SendAsync(request))
        {
        }

        using (await h.GetAsync(Harness.Parent + "/tuningJobs/1"))
        {
        }

        var records = h.Emulator.Requests;
        Assert.Equal(2, records.Count);
        var create = records[0];
        Assert.Equal("POST", create.Method);
        Assert.Equal("/" + Harness.Parent + "/tuningJobs", create.Path);
        Assert.Equal("alt=json&x=a%20b", create.Query);
        Assert.Equal("Bearer tok", create.Headers["authorization"]);
        Assert.Equal("quota-proj", create.Headers["X-Goog-User-Project"]);
        Assert.Equal(Harness.MinimalJob(), create.Body);
        Assert.Equal(EmulatorOperation.CreateTuningJob, create.Operation);
        Assert.Equal(200, create.ResponseStatus);
        Assert.Equal(EmulatorOperation.GetTuningJob, records[1].Operation);
        Assert.Equal(404, records[1].ResponseStatus);
        Assert.Equal(string.Empty, records[1].Query);
        Assert.Equal(string.Empty, records[1].Body);

        h.Emulator.ClearRequests();
        Assert.Empty(h.Emulator.Requests);
    }

    [Fact]
    public async Task With_recording_off_the_log_stays_empty()
    {
        using var h = new Harness(o => o.RecordRequests = false);
        await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs");
        Assert.Empty(h.Emulator.Requests);
    }

    [Fact]
    public async Task Many_concurrent_requests_are_all_served()
    {
        using var h = new Harness();
        var tasks = Enumerable.Range(0, 64).Select(async i =>
        {
            using var client = new HttpClient { BaseAddress = h.Emulator.BaseUri };
            using var request = new HttpRequestMessage(HttpMethod.Post, Harness.Parent + "/tuningJobs") { Content = Harness.Json(Harness.MinimalJob()) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "t");
            using var response = await client.SendAsync(request);
            return (int)response.StatusCode;
        });
        var statuses = await Task.WhenAll(tasks);
        Assert.All(statuses, s => Assert.Equal(200, s));
        var page = await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs?pageSize=100");
        Assert.Equal(64, page.GetProperty("tuningJobs").GetArrayLength());
    }

    [Fact]
    public async Task Stop_closes_idle_and_streaming_connections_within_a_second()
    {
        var h = new Harness(o => o.StreamChunkDelay = TimeSpan.FromSeconds(5));
        var name = (await h.CreateJobAsync(Harness.MinimalJob())).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        var endpoint = (await h.GetJobAsync(name)).GetProperty("tunedModel").GetProperty("endpoint").GetString()!;
        var (idle, idleStream) = await RawHttp.ConnectAsync(h);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/" + endpoint + ":streamGenerateContent?alt=sse")
        {
            Content = Harness.Json("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "t");
        using var streaming = await h.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await streaming.Content.ReadAsStreamAsync();
        Assert.True(await body.ReadAsync(new byte[1]) > 0);

        var clock = Stopwatch.StartNew();
        h.Emulator.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), "Stop took " + clock.Elapsed);
        Assert.True(await RawHttp.IsClosedAsync(idleStream));
        // The chunked body never got its terminating chunk: the client sees the stream cut, at once.
        using var rest = new StreamReader(body);
        await Assert.ThrowsAnyAsync<IOException>(() => rest.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(2)));
        await Assert.ThrowsAnyAsync<Exception>(() => new HttpClient().GetAsync(h.Emulator.BaseUri));
        idle.Dispose();
        h.Dispose();
    }
}
