using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Generation;

/// <summary>Reads server-sent events: <c>data:</c> lines up to a blank line make one event; the stream's end ends it.</summary>
/// <remarks>
/// Google sends one complete JSON object per event, no <c>event:</c>/<c>id:</c> fields and no [DONE] sentinel, with
/// \n or \r\n line ends (vertex-generate-content.md §4.1). Comment lines (starting with ':') are skipped.
/// </remarks>
internal sealed class SseReader
{
    private readonly StreamReader _reader;

    public SseReader(Stream stream) => _reader = new StreamReader(stream, new UTF8Encoding(false), false, 16 * 1024);

    /// <summary>The next event's data, or null at the end of the stream.</summary>
    public async Task<string?> ReadEventAsync(CancellationToken cancellationToken)
    {
        StringBuilder? data = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = await _reader.ReadLineAsync().ConfigureAwait(false);
            if (line is null)
            {
                return data?.ToString();
            }

            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return data.ToString();
                }

                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var value = line.Length > 5 && line[5] == ' ' ? line.Substring(6) : line.Substring(5);
                if (data is null)
                {
                    data = new StringBuilder(value);
                }
                else
                {
                    data.Append('\n').Append(value);
                }
            }

            // Other fields (event:, id:, retry:) carry nothing Google uses.
        }
    }
}
