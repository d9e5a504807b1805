using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using GeminiTuning.Datasets;
using static GeminiTuning.Tests.Datasets.Examples;

namespace GeminiTuning.Tests.Datasets;

/// <summary>Clean examples in the usual shape are read in one pass of the module's own; everything else, and every finding, is the JSON reader's.</summary>
public sealed class CleanExampleTests
{
    private static readonly DatasetLimits Flash = DatasetLimits.For("gemini-2.5-flash");

    private static bool Clean(string line, out CleanExample example, DatasetLimits? limits = null)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        return CleanExample.TryRead(bytes, 0, bytes.Length, limits ?? Flash, out example);
    }

    [Theory]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"Hello there\"}]}]}", 4)]
    [InlineData(" { \"contents\" : [ { \"parts\" : [ { \"text\" : \"Hi\" } ] ,\t\"role\":\"user\" } , {\"role\":\"model\",\"parts\":[{\"text\":\"Hello there\"}]} ] }\r", 4)]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\\nb\\\"c\\u00e9\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"ok\"}]}]}", 3)]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"caf\u00e9 \u6771\u4eac \ud83d\ude00\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"ok\"}]}]}", 4)]
    [InlineData("{\"systemInstruction\":{\"role\":\"system\",\"parts\":[{\"text\":\"Be brief.\"}]},\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"Hello\"}]}]}", 6)]
    [InlineData("{\"contents\":[{\"role\":\"model\",\"parts\":[{\"text\":\"Hello\"}]}]}", 2)]
    public void A_clean_example_is_read_directly_with_the_tokens_the_full_check_estimates(string line, long tokens)
    {
        Assert.True(Clean(line, out var example));
        Assert.Equal(tokens, example.Tokens);
        Assert.Equal(tokens, Validate(new[] { line }, "gemini-2.5-flash", configure: o => o.RecognizeCleanExamples = false).EstimatedTokens);
    }

    [Fact]
    public void A_file_part_is_read_directly_and_counted_as_an_image_or_a_pdf()
    {
        Assert.True(Clean(WithUserPart("{\"fileData\":{\"mimeType\":\"image/jpeg\",\"fileUri\":\"gs://b/a.jpg\"}},{\"fileData\":{\"fileUri\":\"https://x.test/d.pdf\",\"mimeType\":\"application/pdf\"}},{\"text\":\"Both?\"}"),
            out var example));
        Assert.True(example.Multimodal);
        Assert.Equal((1, 1), (example.Images, example.Pdfs));
    }

    [Theory]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"x\"}]}]}")] // empty text
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]},{\"role\":\"user\",\"parts\":[{\"text\":\"b\"}]}]}")] // not alternating
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]},{\"role\":\"user\",\"parts\":[{\"text\":\"b\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"c\"}]}]}")]
    [InlineData("{\"contents\":[{\"role\":\"model\",\"parts\":[{\"text\":\"a\"}]},{\"role\":\"user\",\"parts\":[{\"text\":\"b\"}]}]}")] // ends with the user
    [InlineData("{\"contents\":[]}")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[]},{\"role\":\"model\",\"parts\":[{\"text\":\"x\"}]}]}")]
    [InlineData("{\"contents\":[{\"role\":\"User\",\"parts\":[{\"text\":\"a\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"te\\u0078t\":\"a\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}")] // escaped name
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}],\"tools\":[]}")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}],}")] // trailing comma
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\tb\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}")] // raw tab
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\\x\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}")] // bad escape
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\\u12G4\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]} x")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}{}")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}],\"contents\":[]}")] // twice
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":1}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}")]
    [InlineData("{\"systemInstruction\":{\"parts\":[{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"gs://b/o\"}}]},\"contents\":[{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"fileData\":{\"mimeType\":\"image/tiff\",\"fileUri\":\"gs://b/o\"}}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"s3://b/o\"}}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"fileData\":{\"mimeType\":\"image/png\"}}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\",\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"gs://b/o\"}}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]}]}")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}")]
    [InlineData("[1]")]
    public void Anything_else_is_left_to_the_full_check(string line)
    {
        Assert.False(Clean(line, out _));
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x80 })] // overlong
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a surrogate
    [InlineData(new byte[] { 0xF5, 0x80, 0x80, 0x80 })] // past U+10FFFF
    [InlineData(new byte[] { 0xE2, 0x82 })] // cut short
    [InlineData(new byte[] { 0x80 })] // a lone continuation byte
    public void Invalid_utf8_in_a_text_is_left_to_the_full_check(byte[] bad)
    {
        var before = Encoding.UTF8.GetBytes("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a");
        var after = Encoding.UTF8.GetBytes("b\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"ok\"}]}]}");
        var line = before.Concat(bad).Concat(after).ToArray();

        Assert.False(CleanExample.TryRead(line, 0, line.Length, Flash, out _));
    }

    [Fact]
    public void A_file_for_a_model_that_tunes_on_text_only_is_left_to_the_full_check()
    {
        Assert.False(Clean(WithUserPart("{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"gs://b/o\"}}"), out _, DatasetLimits.For("gemini-1.0-pro-002")));
    }

    [Theory]
    [InlineData("gemini-2.5-flash")]
    [InlineData("gemini-1.0-pro-002")]
    public void Lines_read_directly_give_exactly_the_report_of_the_full_check(string baseModel)
    {
        var lines = Lines(new Random(20261205), 4000).ToList();

        var direct = Validate(lines, baseModel);
        var full = Validate(lines, baseModel, configure: o => (o.NeutralizeEscapes, o.RecognizeCleanExamples) = (false, false));

        Assert.Equal(
            (full.ExampleCount, full.EstimatedTokens, full.MinExampleTokens, full.MaxExampleTokens, full.MultimodalExampleCount, full.ErrorCount, full.WarningCount),
            (direct.ExampleCount, direct.EstimatedTokens, direct.MinExampleTokens, direct.MaxExampleTokens, direct.MultimodalExampleCount, direct.ErrorCount, direct.WarningCount));
        Assert.Equal(full.Problems.Select(p => p.ToString()), direct.Problems.Select(p => p.ToString()));
        var clean = lines.Count(l => Clean(l, out _, DatasetLimits.For(baseModel)));
        Assert.True(clean > 1000 && clean < lines.Count - 1000, $"{clean} of {lines.Count} lines read directly: the mix must hold both kinds");
    }

    /// <summary>Examples in the usual shape with escapes, non-ASCII text, files and white space, and as many near misses.</summary>
    private static IEnumerable<string> Lines(Random random, int count)
    {
        string[] words = { "word", "café", "東京", "😀", "\\n", "\\\"q\\\"", "\\u00e9", "\\uD83D\\uDE00", "\\/", "\\\\" };
        string Words(int n) => string.Join(" ", Enumerable.Range(0, n).Select(_ => words[random.Next(words.Length) % (random.Next(3) == 0 ? words.Length : 1)]));
        string Space() => random.Next(8) == 0 ? new[] { " ", "\t", "\r", "  " }[random.Next(4)] : string.Empty;
        string Text() => "{" + Space() + "\"text\"" + Space() + ":" + Space() + "\"" + Words(random.Next(1, 40)) + "\"" + Space() + "}";
        string File()
        {
            var mime = new[] { "image/jpeg", "image/png", "application/pdf", "audio/mpeg", "video/mp4", "text/plain", "image/tiff", "IMAGE/JPEG" }[random.Next(8)];
            var uri = new[] { "gs://bucket/o.jpg", "https://example.test/f.pdf", "gs://bucket", "s3://b/o", "http://x.test/a" }[random.Next(5)];
            return random.Next(2) == 0
                ? "{\"fileData\":{\"mimeType\":\"" + mime + "\",\"fileUri\":\"" + uri + "\"}}"
                : "{\"fileData\":{\"fileUri\":\"" + uri + "\",\"mimeType\":\"" + mime + "\"}}";
        }

        string Turn(string role, bool files) =>
            random.Next(2) == 0
                ? "{\"role\":\"" + role + "\"," + Space() + "\"parts\":[" + string.Join(",", Enumerable.Range(0, random.Next(1, 3)).Select(_ => files && random.Next(4) == 0 ? File() : Text())) + "]}"
                : "{\"parts\":[" + Text() + "],\"role\":\"" + role + "\"}";

        for (var i = 0; i < count; i++)
        {
            var turns = Enumerable.Range(0, random.Next(1, 4)).SelectMany(_ => new[] { Turn("user", true), Turn("model", false) }).ToList();
            var system = random.Next(3) == 0 ? "\"systemInstruction\":{\"role\":\"system\",\"parts\":[" + Text() + "]}," : string.Empty;
            var line = "{" + system + "\"contents\":[" + string.Join("," + Space(), turns) + "]}";
            yield return random.Next(3) switch
            {
                0 => Mutate(line, random),
                _ => line,
            };
        }
    }

    /// <summary>A near miss: one change that the full check may or may not object to.</summary>
    private static string Mutate(string line, Random random) => random.Next(17) switch
    {
        16 => line.Replace("\"contents\":[", "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"again\"}]},"),
        0 => line.Replace("\"model\"", "\"user\""),
        1 => line.Replace("\"text\":\"", "\"text\":\"\\x"),
        2 => line.Replace("\"text\"", "\"te\\u0078t\""),
        3 => line.Substring(0, line.Length - 1) + ",\"tools\":[]}",
        4 => line.Substring(0, random.Next(1, line.Length)),
        5 => line + " x",
        6 => line.Replace("\"text\":\"", "\"text\":\"\t"),
        7 => line.Replace("]}", "],}"),
        8 => line.Replace("\"parts\":[", "\"parts\":[],\"parts\":["),
        9 => line.Replace("\"role\":\"user\"", "\"role\":1"),
        10 => line.Replace("\"text\":\"", "\"text\":\"\""),
        11 => line.Replace("\"user\"", "\"Human\""),
        12 => line.Replace("{\"contents\"", "{\"messages\":[],\"contents\""),
        13 => line.Replace("\"text\":\"", "\"text\":\"\\uDE00"),
        14 => "\uFEFF" + line,
        _ => line.Replace("\"contents\":[", "\"contents\":[{},"),
    };
}
