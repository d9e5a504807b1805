using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

/// <summary>Where one message ends and the next begins on a kept-alive connection: HEAD answers, pipelined requests,
/// and the transfer codings the server accepts.</summary>
public sealed class HttpFramingTests
{
    [Fact]
    public async Task A_HEAD_answer_has_no_body_and_the_connection_serves_the_next_request()
    {
        using var h = new Harness();
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            // A path nothing is bound to: a GET would get Google's HTML 404 page.
            await RawHttp.SendAsync(stream, "HEAD /v1/nothing/here HTTP/1.1\r\nHost: localhost\r\n\r\n" + RawHttp.Get(Harness.Parent + "/tuningJobs"));

            var head = await RawHttp.ReadHeadAsync(stream);
            Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", head);
            Assert.True(int.Parse(RawHttp.Field(head, "Content-Length")!) > 0, "HEAD reports the length a GET's body would have");
            Assert.Null(RawHttp.Field(head, "Connection"));

            // The very next bytes are the second response, not the page.
            var (next, body) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", next);
            Assert.Equal("{}", body.Trim());
        }
    }

    [Fact]
    public async Task HEAD_is_answered_by_the_GET_route_with_its_headers_and_no_body()
    {
        using var h = new Harness();
        var job = await h.CreateJobAsync(Harness.MinimalJob());
        var path = "v1/" + job.GetProperty("name").GetString();
        using var get = await h.GetAsync(path);
        var getLength = (await get.Content.ReadAsByteArrayAsync()).Length;

        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            await RawHttp.SendAsync(stream, RawHttp.Get(path).Replace("GET ", "HEAD ") + RawHttp.Get(path));

            var head = await RawHttp.ReadHeadAsync(stream);
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
            Assert.Equal("application/json; charset=UTF-8", RawHttp.Field(head, "Content-Type"));
            Assert.Equal(getLength.ToString(), RawHttp.Field(head, "Content-Length"));
            var (next, body) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", next);
            Assert.Equal(job.GetProperty("name").GetString(), JsonDocument.Parse(body).RootElement.GetProperty("name").GetString());
        }

        Assert.Equal("HEAD", h.Emulator.Requests[^2].Method);
        Assert.Equal(EmulatorOperation.GetTuningJob, h.Emulator.Requests[^2].Operation);
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order_on_one_connection()
    {
        using var h = new Harness();
        var first = (await h.CreateJobAsync(Harness.MinimalJob())).GetProperty("name").GetString()!;
        var second = (await h.CreateJobAsync(Harness.MinimalJob())).GetProperty("name").GetString()!;

        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            // Three requests in one write, the last one with a body, before reading any answer.
            var create = Harness.MinimalJob();
            await RawHttp.SendAsync(stream, RawHttp.Get("v1/" + second) + RawHttp.Get("v1/" + first) +
                "POST /" + Harness.Parent + "/tuningJobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\n" +
                "Content-Length: " + Encoding.UTF8.GetByteCount(create) + "\r\n\r\n" + create);

            var names = new string[3];
            for (var i = 0; i < 3; i++)
            {
                var (head, body) = await RawHttp.ReadResponseAsync(stream);
                Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
                names[i] = JsonDocument.Parse(body).RootElement.GetProperty("name").GetString()!;
            }

            Assert.Equal(second, names[0]);
            Assert.Equal(first, names[1]);
            Assert.NotEqual(first, names[2]);
            Assert.NotEqual(second, names[2]);
        }

        Assert.Equal(3, h.Emulator.Requests.Count(r => r.Operation == EmulatorOperation.CreateTuningJob));
    }

    [Theory]
    [InlineData("gzip, chunked")]
    [InlineData("gzip")]
    [InlineData("deflate, chunked")]
    [InlineData("identity")]
    public async Task A_transfer_coding_other_than_plain_chunked_gets_501_and_a_close(string transferEncoding)
    {
        using var h = new Harness();
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            await RawHttp.SendAsync(stream, "POST /" + Harness.Parent + "/tuningJobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n" +
                "Transfer-Encoding: " + transferEncoding + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

            var (head, body) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 501 Not Implemented\r\n", head);
            Assert.Contains("Connection: close\r\n", head);
            Assert.Contains("is not implemented", body);
            Assert.True(await RawHttp.IsClosedAsync(stream));
        }

        Assert.Empty(h.Emulator.Requests);
    }

    [Fact]
    public async Task A_request_with_both_chunked_and_Content_Length_is_read_chunked_and_the_connection_then_closes()
    {
        using var h = new Harness();
        var (client, stream) = await RawHttp.ConnectAsync(h);
        using (client)
        {
            var json = Harness.MinimalJob();
            await RawHttp.SendAsync(stream, "POST /" + Harness.Parent + "/tuningJobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n" +
                "Content-Type: application/json\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n" +
                json.Length.ToString("x") + "\r\n" + json + "\r\n0\r\n\r\n");

            var (head, body) = await RawHttp.ReadResponseAsync(stream);
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
            Assert.Contains("JOB_STATE_PENDING", body);
            Assert.Contains("Connection: close\r\n", head);
            Assert.True(await RawHttp.IsClosedAsync(stream));
        }

        Assert.Equal(Harness.MinimalJob(), h.Emulator.Requests.Single().Body);
    }
}
