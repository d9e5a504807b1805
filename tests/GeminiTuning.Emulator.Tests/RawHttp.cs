using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

/// <summary>HTTP/1.1 over a raw TcpClient, for tests that need byte-level control that HttpClient would hide.</summary>
internal static class RawHttp
{
    public static async Task<(TcpClient Client, NetworkStream Stream)> ConnectAsync(Harness h)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", h.Emulator.Port);
        client.ReceiveTimeout = 5000;
        return (client, client.GetStream());
    }

    public static Task SendAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    /// <summary>A GET with the harness's bearer token.</summary>
    public static string Get(string path, string extraHeaders = "") =>
        "GET /" + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n" + extraHeaders + "\r\n";

    /// <summary>Reads a response's status line and header fields, up to and including the empty line.</summary>
    public static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(10)) == 0)
            {
                throw new EndOfStreamException("closed after: " + head);
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    /// <summary>The value of a header field in a response head, or null.</summary>
    public static string? Field(string head, string name) =>
        head.Split("\r\n").Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)).Select(l => l.Substring(name.Length + 1).Trim()).FirstOrDefault();

    /// <summary>Reads one response with a Content-Length body.</summary>
    public static async Task<(string Head, string Body)> ReadResponseAsync(NetworkStream stream)
    {
        var head = await ReadHeadAsync(stream);
        var length = int.Parse(Field(head, "Content-Length")!);
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            read += await stream.ReadAsync(body.AsMemory(read));
        }

        return (head, Encoding.UTF8.GetString(body));
    }

    /// <summary>True when the server closed (or reset) the connection, without sending anything more, within
    /// <paramref name="within"/> (5 seconds by default); false when it sent a byte or kept the connection open.</summary>
    public static async Task<bool> IsClosedAsync(NetworkStream stream, TimeSpan? within = null)
    {
        var buffer = new byte[1];
        try
        {
            return await stream.ReadAsync(buffer).AsTask().WaitAsync(within ?? TimeSpan.FromSeconds(5)) == 0;
        }
        catch (IOException)
        {
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
