using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Http;

/// <summary>Reads HTTP/1.x requests from a connection's stream, one after another (keep-alive).</summary>
internal sealed class HttpRequestReader
{
    internal const int MaxHeaderBytes = 64 * 1024;
    internal const long MaxBodyBytes = 512L * 1024 * 1024;

    private readonly Stream _stream;
    private readonly Action _onProgress;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public HttpRequestReader(Stream stream, Action onProgress)
    {
        _stream = stream;
        _onProgress = onProgress;
    }

    /// <summary>Reads the next request; null when the client closed the connection cleanly between requests.</summary>
    /// <param name="sendContinue">Called before the body is read when the client sent <c>Expect: 100-continue</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<HttpRequest?> ReadAsync(Func<Task> sendContinue, CancellationToken cancellationToken)
    {
        var headerBudget = MaxHeaderBytes;
        string? requestLine;
        do
        {
            // RFC 9112 2.2: a server SHOULD ignore at least one empty line received before the request line.
            requestLine = await ReadLineAsync(headerBudget, allowEof: true, cancellationToken).ConfigureAwait(false);
            if (requestLine is null)
            {
                return null;
            }

            headerBudget -= requestLine.Length + 2;
        }
        while (requestLine.Length == 0);

        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new HttpProtocolException(400, "Malformed request line.");
        }

        foreach (var c in parts[0])
        {
            if (c < 'A' || c > 'Z')
            {
                throw new HttpProtocolException(400, "Malformed method.");
            }
        }

        Version version;
        if (parts[2] == "HTTP/1.1")
        {
            version = new Version(1, 1);
        }
        else if (parts[2] == "HTTP/1.0")
        {
            version = new Version(1, 0);
        }
        else if (parts[2].StartsWith("HTTP/", StringComparison.Ordinal))
        {
            throw new HttpProtocolException(505, "HTTP version not supported.");
        }
        else
        {
            throw new HttpProtocolException(400, "Malformed request line.");
        }

        var target = parts[1];
        if (target[0] != '/')
        {
            // Absolute-form (a proxy-style request): keep only the path and query.
            if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && (absolute.Scheme == "http" || absolute.Scheme == "https"))
            {
                target = absolute.PathAndQuery;
            }
            else
            {
                throw new HttpProtocolException(400, "Malformed request target.");
            }
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            var line = await ReadLineAsync(headerBudget, allowEof: false, cancellationToken).ConfigureAwait(false);
            headerBudget -= line!.Length + 2;
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0 || line[0] == ' ' || line[0] == '\t' || line[colon - 1] == ' ')
            {
                throw new HttpProtocolException(400, "Malformed header line.");
            }

            var name = line.Substring(0, colon);
            var value = line.Substring(colon + 1).Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + value : value;
        }

        if (version >= new Version(1, 1) && !headers.ContainsKey("Host"))
        {
            throw new HttpProtocolException(400, "Missing Host header.");
        }

        var chunked = headers.TryGetValue("Transfer-Encoding", out var transferEncoding) && transferEncoding.IndexOf("chunked", StringComparison.OrdinalIgnoreCase) >= 0;
        long contentLength = 0;
        if (!chunked && headers.TryGetValue("Content-Length", out var lengthText))
        {
            if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength))
            {
                throw new HttpProtocolException(400, "Malformed Content-Length.");
            }

            if (contentLength > MaxBodyBytes)
            {
                throw new HttpProtocolException(413, "Request body too large.");
            }
        }

        if ((chunked || contentLength > 0) && version >= new Version(1, 1) &&
            headers.TryGetValue("Expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await sendContinue().ConfigureAwait(false);
        }

        var body = chunked
            ? await ReadChunkedBodyAsync(cancellationToken).ConfigureAwait(false)
            : await ReadExactAsync((int)contentLength, cancellationToken).ConfigureAwait(false);
        return new HttpRequest(parts[0], target, version, headers, body);
    }

    private async Task<byte[]> ReadChunkedBodyAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(1024, allowEof: false, cancellationToken).ConfigureAwait(false);
            var semicolon = sizeLine!.IndexOf(';');
            var sizeText = (semicolon < 0 ? sizeLine : sizeLine.Substring(0, semicolon)).Trim();
            if (sizeText.Length == 0 || sizeText.Length > 15 ||
                !long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
            {
                throw new HttpProtocolException(400, "Malformed chunk size.");
            }

            if (size == 0)
            {
                // Trailers, up to the empty line.
                var budget = MaxHeaderBytes;
                string? trailer;
                do
                {
                    trailer = await ReadLineAsync(budget, allowEof: false, cancellationToken).ConfigureAwait(false);
                    budget -= trailer!.Length + 2;
                }
                while (trailer.Length > 0);
                return body.ToArray();
            }

            if (body.Length + size > MaxBodyBytes)
            {
                throw new HttpProtocolException(413, "Request body too large.");
            }

            var chunk = await ReadExactAsync((int)size, cancellationToken).ConfigureAwait(false);
            body.Write(chunk, 0, chunk.Length);
            var terminator = await ReadLineAsync(2, allowEof: false, cancellationToken).ConfigureAwait(false);
            if (terminator!.Length != 0)
            {
                throw new HttpProtocolException(400, "Malformed chunk terminator.");
            }
        }
    }

    private async Task<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new EndOfStreamException("The client closed the connection in the middle of a request body.");
            }

            var take = Math.Min(count - filled, _end - _start);
            Buffer.BlockCopy(_buffer, _start, result, filled, take);
            _start += take;
            filled += take;
        }

        return result;
    }

    /// <summary>Reads one line terminated by CRLF (a bare LF is tolerated) as Latin-1 text, without the terminator.</summary>
    private async Task<string?> ReadLineAsync(int maxLength, bool allowEof, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var sawAny = false;
        while (true)
        {
            if (_start == _end)
            {
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (allowEof && !sawAny)
                    {
                        return null;
                    }

                    throw new EndOfStreamException("The client closed the connection in the middle of a request.");
                }
            }

            sawAny = true;
            while (_start < _end)
            {
                var b = _buffer[_start++];
                if (b == (byte)'\n')
                {
                    if (line.Length > 0 && line[line.Length - 1] == '\r')
                    {
                        line.Length--;
                    }

                    return line.ToString();
                }

                if (b == 0 || (b < 0x20 && b != '\t' && b != '\r') || b == 0x7F)
                {
                    throw new HttpProtocolException(400, "Control character in request head.");
                }

                if (line.Length >= maxLength)
                {
                    throw new HttpProtocolException(431, "Request header fields too large.");
                }

                line.Append((char)b);
            }
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = 0;
        var read = await _stream.ReadAsync(_buffer, 0, _buffer.Length, cancellationToken).ConfigureAwait(false);
        if (read <= 0)
        {
            return false;
        }

        _end = read;
        _onProgress();
        return true;
    }
}
