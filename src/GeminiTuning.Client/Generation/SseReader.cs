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
/// Lines are split on bytes and each read takes the cancellation token, so that stopping aborts the connection at
/// once (StreamReader.ReadLineAsync takes no token on netstandard2.0, and disposing an HTTP response to interrupt it
/// makes the handler drain the body for up to two seconds).
/// </remarks>
internal sealed class SseReader
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly MemoryStream _line = new();
    private int _start;
    private int _end;
    private bool _skipLineFeed;
    private bool _eof;

    public SseReader(Stream stream) => _stream = stream;

    /// <summary>The next event's data, or null at the end of the stream.</summary>
    public async Task<string?> ReadEventAsync(CancellationToken cancellationToken)
    {
        StringBuilder? data = null;
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
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

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.SetLength(0);
        while (true)
        {
            if (_start == _end)
            {
                if (_eof)
                {
                    return _line.Length > 0 ? Decode() : null;
                }

                cancellationToken.ThrowIfCancellationRequested();
                _end = await _stream.ReadAsync(_buffer, 0, _buffer.Length, cancellationToken).ConfigureAwait(false);
                _start = 0;
                if (_end == 0)
                {
                    _eof = true;
                }

                continue;
            }

            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (_buffer[_start] == (byte)'\n')
                {
                    _start++;
                    continue;
                }
            }

            for (var i = _start; i < _end; i++)
            {
                var b = _buffer[i];
                if (b == (byte)'\n' || b == (byte)'\r')
                {
                    _line.Write(_buffer, _start, i - _start);
                    _start = i + 1;
                    _skipLineFeed = b == (byte)'\r';
                    return Decode();
                }
            }

            _line.Write(_buffer, _start, _end - _start);
            _start = _end;
        }
    }

    // Splitting on the bytes CR and LF never cuts a UTF-8 sequence, so each line decodes whole.
    private string Decode() => Encoding.UTF8.GetString(_line.GetBuffer(), 0, (int)_line.Length);
}
