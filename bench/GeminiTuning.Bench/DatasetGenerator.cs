using System;
using System.IO;
using System.Text;

namespace GeminiTuning.Bench;

/// <summary>
/// Writes a valid tuning dataset of about a given size, the same bytes every time: conversations of 1 to 3 exchanges
/// with text of 40 to 3,000 characters (JSON escapes, accented and CJK text now and then), a system instruction in a
/// third of the examples, and an image or PDF in one example of ten.
/// </summary>
internal static class DatasetGenerator
{
    private static readonly string[] Words =
    {
        "the", "model", "answer", "question", "tuning", "dataset", "Gemini", "validation", "example", "customer", "order",
        "invoice", "shipping", "return", "policy", "please", "thanks", "account", "password", "reset", "delivery", "today",
        "tomorrow", "weather", "report", "summary", "résumé", "naïve", "café", "Zürich", "東京", "データ", "\\n", "\\\"quoted\\\"",
    };

    public static void Write(string path, long size)
    {
        var random = new Random(20260925);
        var line = new StringBuilder(16 * 1024);
        var bytes = new byte[64 * 1024];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        long written = 0;
        var index = 0;
        while (true)
        {
            line.Clear();
            Example(line, random, index++);
            line.Append('\n');
            var count = Encoding.UTF8.GetByteCount(line.ToString());
            if (written + count > size)
            {
                break;
            }

            if (bytes.Length < count)
            {
                bytes = new byte[count * 2];
            }

            Encoding.UTF8.GetBytes(line.ToString(), 0, line.Length, bytes, 0);
            stream.Write(bytes, 0, count);
            written += count;
        }

        stream.Flush(flushToDisk: true);
    }

    private static void Example(StringBuilder line, Random random, int index)
    {
        line.Append('{');
        if (index % 3 == 0)
        {
            line.Append("\"systemInstruction\":{\"role\":\"system\",\"parts\":[{\"text\":\"");
            AppendWords(line, random, 8, 40);
            line.Append("\"}]},");
        }

        line.Append("\"contents\":[");
        var exchanges = 1 + random.Next(3);
        for (var e = 0; e < exchanges; e++)
        {
            if (e > 0)
            {
                line.Append(',');
            }

            line.Append("{\"role\":\"user\",\"parts\":[");
            if (e == 0 && index % 10 == 5)
            {
                var pdf = random.Next(2) == 0;
                line.Append("{\"fileData\":{\"mimeType\":\"").Append(pdf ? "application/pdf" : "image/jpeg")
                    .Append("\",\"fileUri\":\"gs://cloud-samples-data/bench/").Append(index).Append(pdf ? ".pdf" : ".jpg").Append("\"}},");
            }

            line.Append("{\"text\":\"");
            AppendWords(line, random, 8, 200);
            line.Append("\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"");
            AppendWords(line, random, 8, 450);
            line.Append("\"}]}");
        }

        line.Append("]}");
    }

    private static void AppendWords(StringBuilder line, Random random, int min, int max)
    {
        var count = min + random.Next(max - min);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                line.Append(' ');
            }

            // Mostly plain English words; the special ones (escapes, non-ASCII) one time in eight.
            var word = random.Next(8) == 0 ? Words[random.Next(Words.Length)] : Words[random.Next(26)];
            line.Append(word);
        }
    }
}
