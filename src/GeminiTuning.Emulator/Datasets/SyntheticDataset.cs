using System.Collections.Generic;
using System.IO;
using System.Text;

namespace GeminiTuning.Emulator.Datasets;

/// <summary>
/// The dataset that stands for a <c>gs://</c> object the emulator was never given (<see cref="EmulatorOptions.SyntheticDatasets"/>):
/// 100 to 499 examples whose sizes follow from the URI, so that the same URI always gives the same dataset, its
/// statistics and, when it is downloaded, its bytes.
/// </summary>
internal static class SyntheticDataset
{
    /// <summary>Each example's input and output tokens.</summary>
    public static IEnumerable<(long Input, long Output)> Examples(string uri)
    {
        var seed = 0u;
        foreach (var c in uri)
        {
            seed = unchecked(seed * 31 + c);
        }

        var count = 100 + (int)(seed % 400);
        var state = seed | 1;
        for (var i = 0; i < count; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            yield return (40 + state % 600, 10 + (state >> 8) % 200);
        }
    }

    /// <summary>Writes the dataset as supervised JSONL: each text part has four characters per token of the example.</summary>
    public static void Write(string uri, System.Action<byte[], int, int> write)
    {
        using var buffer = new MemoryStream();
        var n = 0;
        foreach (var (input, output) in Examples(uri))
        {
            n++;
            var line = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + Filler("question " + n + " ", input * 4) +
                "\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"" + Filler("answer " + n + " ", output * 4) + "\"}]}]}\n";
            var bytes = Encoding.UTF8.GetBytes(line);
            buffer.Write(bytes, 0, bytes.Length);
        }

        write(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Filler(string start, long length)
    {
        var text = new StringBuilder((int)length);
        text.Append(start);
        while (text.Length < length)
        {
            text.Append("lorem ipsum ");
        }

        text.Length = (int)length;
        return text.ToString();
    }
}
