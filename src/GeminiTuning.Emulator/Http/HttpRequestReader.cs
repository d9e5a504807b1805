using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Http;

/// <summary>Reads HTTP/1.x requests from a connection's stream, one after another (keep-alive, pipelining): first a
/// head (<see cref="ReadHeadAsync"/>), then its body (<see cref="ReadBodyAsync"/>) into wherever the server decided.</summary>
internal sealed class HttpRequestReader
{
    private readonly Stream _stream;
    private readonly int _maxHeadBytes;
    private readonly Action _onProgress;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <param name="stream">The connection.</param>
    /// <param name="maxHeadBytes">The largest request head (request line and header fields) accepted; beyond it, 431.</param>
    /// <param name="onProgress">Called whenever bytes arrive.</param>
    public HttpRequestReader(Stream stream, int maxHeadBytes, Action onProgress)
    {
        _stream = stream;
        _maxHeadBytes = maxHeadBytes;
        _onProgress = onProgress;
    }

    /// <summary>Reads the next request's head; null when the client closed the connection cleanly between requests.</summary>
    /// <param name="onHeadStarted">Called once the first byte of the request is there (at once for a pipelined one).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<HttpRequest?> ReadHeadAsync(Action onHeadStarted, CancellationToken cancellationToken)
    {
        if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        onHeadStarted();
        var headerBudget = _maxHeadBytes;
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

        var (method, target, version) = ParseRequestLine(requestLine);
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

        var request = new HttpRequest(method, target, version, headers);
        SetFraming(request);
        return request;
    }

    /// <summary>Reads the body of the request whose head was read last into <paramref name="body"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="body">Where the bytes go.</param>
    /// <param name="maxBytes">The largest body accepted; a chunked body that grows beyond it gets 413.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task ReadBodyAsync(HttpRequest request, RequestBody.Builder body, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is long length)
        {
            await CopyAsync(length, body, cancellationToken).ConfigureAwait(false);
            return;
        }

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
                var budget = _maxHeadBytes;
                string? trailer;
                do
                {
                    trailer = await ReadLineAsync(budget, allowEof: false, cancellationToken).ConfigureAwait(false);
                    budget -= trailer!.Length + 2;
                }
                while (trailer.Length > 0);
                return;
            }

            if (body.Length + size > maxBytes)
            {
                throw new HttpProtocolException(413, HttpStatusText.TooLarge);
            }

            await CopyAsync(size, body, cancellationToken).ConfigureAwait(false);
            var terminator = await ReadLineAsync(2, allowEof: false, cancellationToken).ConfigureAwait(false);
            if (terminator!.Length != 0)
            {
                throw new HttpProtocolException(400, "Malformed chunk terminator.");
            }
        }
    }

    private static (string Method, string Target, Version Version) ParseRequestLine(string requestLine)
    {
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

        return (parts[0], target, version);
    }

    /// <summary>RFC 9112 6: a body is framed by <c>Transfer-Encoding: chunked</c> (which wins over Content-Length, and
    /// then the connection closes after the response), by <c>Content-Length</c>, or is empty. The only transfer coding
    /// understood is plain <c>chunked</c>: any other (<c>gzip, chunked</c>) gets 501, as the RFC asks.</summary>
    private static void SetFraming(HttpRequest request)
    {
        var lengthText = request.Header("Content-Length");
        if (request.Header("Transfer-Encoding") is string transferEncoding)
        {
            var codings = transferEncoding.Split(',');
            if (codings.Length != 1 || !codings[0].Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase))
            {
                throw new HttpProtocolException(501, "The transfer coding \"" + transferEncoding + "\" is not implemented; send the body with Content-Length or Transfer-Encoding: chunked.");
            }

            request.ContentLength = null;
            request.MustClose = lengthText is not null;
            return;
        }

        long contentLength = 0;
        if (lengthText is not null && !long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength))
        {
            throw new HttpProtocolException(400, "Malformed Content-Length.");
        }

        request.ContentLength = contentLength;
    }

    private async Task CopyAsync(long count, RequestBody.Builder body, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new EndOfStreamException("The client closed the connection in the middle of a request body.");
            }

            var take = (int)Math.Min(count, _end - _start);
            await body.WriteAsync(_buffer, _start, take, cancellationToken).ConfigureAwait(false);
            _start += take;
            count -= take;
        }
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
