using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using GeminiTuning.Datasets;
using static GeminiTuning.Tests.Datasets.Examples;

namespace GeminiTuning.Tests.Datasets;

/// <summary>Long strings with escapes are read from a copy the JSON reader goes through fast; the findings must be exactly those of the line as written.</summary>
public sealed class EscapeNeutralizerTests
{
    private static readonly string Long = string.Join(" ", Enumerable.Repeat("a fairly long sentence of text", 4));

    private static string? Neutralized(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var copy = new EscapeNeutralizer().Neutralize(bytes, 0, bytes.Length);
        return copy is null ? null : Encoding.UTF8.GetString(copy, 0, bytes.Length);
    }

    [Fact]
    public void Only_the_escapes_of_long_string_values_are_blanked_and_nothing_moves()
    {
        var line = "{\"long\\u0020name " + Long + "\":\"short\\n\",\"text\":\"" + Long + "\\n\\\"quoted\\\"\\u00e9 " + Long + "\"}";

        var copy = Neutralized(line);

        Assert.NotNull(copy);
        Assert.Equal(line.Length, copy!.Length);
        Assert.Equal("{\"long\\u0020name " + Long + "\":\"short\\n\",\"text\":\"" + Long + "____quoted________ " + Long + "\"}", copy);
    }

    [Theory]
    [InlineData("no backslash at all")]
    [InlineData("an escape the reader refuses: \\x")]
    [InlineData("a bad unicode escape: \\u12G4")]
    public void A_line_needing_no_copy_or_with_an_escape_the_reader_refuses_is_read_as_written(string text)
    {
        Assert.Null(Neutralized(Text(Long + " " + text + " " + Long, "answer")));
    }

    [Fact]
    public void Lines_with_escapes_give_exactly_the_report_of_the_lines_read_as_written()
    {
        var lines = MixedLines(new Random(20261204), 3000).ToList();

        // Clean lines are read by CleanExample before the JSON reader; here every line goes to the reader, with and without the copy.
        var fast = Validate(lines, "gemini-2.5-flash", configure: o => o.RecognizeCleanExamples = false);
        var asWritten = Validate(lines, "gemini-2.5-flash", configure: o => (o.NeutralizeEscapes, o.RecognizeCleanExamples) = (false, false));

        Assert.Equal(asWritten.ExampleCount, fast.ExampleCount);
        Assert.Equal(asWritten.EstimatedTokens, fast.EstimatedTokens);
        Assert.Equal(asWritten.MinExampleTokens, fast.MinExampleTokens);
        Assert.Equal(asWritten.MaxExampleTokens, fast.MaxExampleTokens);
        Assert.Equal(asWritten.MultimodalExampleCount, fast.MultimodalExampleCount);
        Assert.Equal((asWritten.ErrorCount, asWritten.WarningCount), (fast.ErrorCount, fast.WarningCount));
        Assert.Equal(asWritten.Problems.Select(p => p.ToString()), fast.Problems.Select(p => p.ToString()));
        Assert.Equal(asWritten.Problems.Select(p => (p.Line, p.Column, p.Code)), fast.Problems.Select(p => (p.Line, p.Column, p.Code)));
        // The mix holds both: lines that read fast and clean, and lines whose problems were judged as written.
        Assert.True(asWritten.ErrorCount > 200 && asWritten.ExampleCount - asWritten.Problems.Select(p => p.Line).Distinct().Count() > 1000,
            $"{asWritten.ErrorCount} errors in {asWritten.ExampleCount} examples");
    }

    /// <summary>Examples whose long texts, roles, MIME types, URIs and field names carry escapes, valid and not, and broken lines.</summary>
    private static IEnumerable<string> MixedLines(Random random, int count)
    {
        string[] escapes = { "\\n", "\\\"", "\\\\", "\\/", "\\t", "\\r", "\\b", "\\f", "\\u00e9", "\\uD83D\\uDE00", "\\u0041" };
        string[] broken = { "\\x", "\\u12G4", "\\u00", "\t", "\\", "\u0001" };
        string Escaped(int words, double badRate = 0)
        {
            var text = new StringBuilder();
            for (var w = 0; w < words; w++)
            {
                text.Append(w == 0 ? string.Empty : " ").Append(random.Next(6) == 0 ? "ümlaut東京" : "word");
                if (random.Next(5) == 0)
                {
                    text.Append(random.NextDouble() < badRate ? broken[random.Next(broken.Length)] : escapes[random.Next(escapes.Length)]);
                }
            }

            return text.ToString();
        }

        for (var i = 0; i < count; i++)
        {
            var bad = random.Next(10) == 0 ? 0.3 : 0;
            var user = Escaped(random.Next(1, 60), bad);
            var model = Escaped(random.Next(1, 80), bad);
            switch (random.Next(12))
            {
                case 0:
                    yield return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + user + "\"}]},{\"role\":\"" + Escaped(20) + "\",\"parts\":[{\"text\":\"" + model + "\"}]}]}";
                    break;
                case 1:
                    yield return WithUserPart("{\"fileData\":{\"mimeType\":\"image/" + Escaped(20) + "\",\"fileUri\":\"gs://bucket/" + Escaped(15) + ".jpg\"}},{\"text\":\"" + user + "\"}");
                    break;
                case 2:
                    yield return WithUserPart("{\"fileData\":{\"mimeType\":\"image/jpeg\",\"fileUri\":\"gs:\\/\\/bucket\\/" + Escaped(15) + "\"}}");
                    break;
                case 3:
                    yield return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"te\\u0078t\":\"" + user + "\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"" + model + "\"}]}],\"" + Escaped(20) + "\":1}";
                    break;
                case 4:
                    var line = Text(user, model);
                    yield return line.Substring(0, random.Next(1, line.Length));
                    break;
                case 5:
                    yield return "{\\\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + user + "\"}]}]}";
                    break;
                case 6:
                    yield return "{\"systemInstruction\":{\"parts\":[{\"text\":\"" + Escaped(40) + "\"}]}," + Text(user, model).Substring(1);
                    break;
                default:
                    yield return Text(user, model);
                    break;
            }
        }
    }
}
