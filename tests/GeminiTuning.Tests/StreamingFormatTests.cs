using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Generation;

namespace GeminiTuning.Tests;

public class StreamingFormatTests
{
    private static async Task<string[]> Events(string raw)
    {
        var reader = new SseReader(new MemoryStream(Encoding.UTF8.GetBytes(raw)));
        var list = new System.Collections.Generic.List<string>();
        while (await reader.ReadEventAsync(CancellationToken.None) is { } e)
        {
            list.Add(e);
        }

        return list.ToArray();
    }

    [Fact]
    public async Task Events_are_split_on_blank_lines_with_lf_or_crlf()
    {
        Assert.Equal(new[] { "{\"a\":1}", "{\"b\":2}", "{\"c\":3}" }, await Events("data: {\"a\":1}\n\ndata: {\"b\":2}\r\n\r\ndata: {\"c\":3}\r\n\r\n"));
    }

    [Fact]
    public async Task The_last_event_needs_no_trailing_blank_line_and_comments_are_skipped()
    {
        Assert.Equal(new[] { "{\"a\":1}", "{\"b\":2}" }, await Events(": keep-alive\ndata: {\"a\":1}\n\nevent: x\ndata:{\"b\":2}"));
    }

    private sealed class OneByteAtATime : MemoryStream
    {
        public OneByteAtATime(byte[] data) : base(data) { }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, System.Math.Min(count, 1), cancellationToken);
    }

    [Fact]
    public async Task Text_split_mid_character_across_reads_and_lone_cr_line_ends_are_read_correctly()
    {
        var raw = Encoding.UTF8.GetBytes("data: {\"t\":\"héllo 🌍 ünïcode\"}\r\rdata: {\"t\":\"zwei\"}\n\n");
        var reader = new SseReader(new OneByteAtATime(raw));

        Assert.Equal("{\"t\":\"héllo 🌍 ünïcode\"}", await reader.ReadEventAsync(CancellationToken.None));
        Assert.Equal("{\"t\":\"zwei\"}", await reader.ReadEventAsync(CancellationToken.None));
        Assert.Null(await reader.ReadEventAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Multi_line_data_is_joined_with_newlines()
    {
        Assert.Equal(new[] { "{\n\"a\":1\n}" }, await Events("data: {\ndata: \"a\":1\ndata: }\n\n"));
    }
}
