using System;
using System.Collections.Generic;
using System.Text;

namespace GeminiTuning.Emulator.Storage;

/// <summary>Splits a <c>multipart/related</c> body (RFC 2387) into its parts.</summary>
internal static class MultipartReader
{
    public static List<Part> Split(byte[] body, string boundary)
    {
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<Part>();
        var position = IndexOf(body, delimiter, 0);
        while (position >= 0)
        {
            var afterDelimiter = position + delimiter.Length;
            if (afterDelimiter + 1 < body.Length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-')
            {
                break; // the closing delimiter
            }

            var headerStart = SkipLineBreak(body, afterDelimiter);
            var next = IndexOf(body, delimiter, headerStart);
            if (next < 0)
            {
                break;
            }

            int headerEnd, separator;
            if (headerStart + 1 < body.Length && body[headerStart] == '\r' && body[headerStart + 1] == '\n')
            {
                headerEnd = headerStart; // a part without headers
                separator = 2;
            }
            else if (headerStart < body.Length && body[headerStart] == '\n')
            {
                headerEnd = headerStart;
                separator = 1;
            }
            else
            {
                headerEnd = IndexOf(body, new[] { (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n' }, headerStart);
                separator = 4;
            }

            if (headerEnd < 0 || headerEnd > next)
            {
                headerEnd = IndexOf(body, new[] { (byte)'\n', (byte)'\n' }, headerStart);
                separator = 2;
            }

            if (headerEnd < 0 || headerEnd > next)
            {
                break;
            }

            var headers = Encoding.ASCII.GetString(body, headerStart, headerEnd - headerStart);
            var contentStart = headerEnd + separator;
            var contentEnd = next;
            // The line break before a delimiter belongs to the delimiter.
            if (contentEnd > contentStart && body[contentEnd - 1] == '\n')
            {
                contentEnd--;
                if (contentEnd > contentStart && body[contentEnd - 1] == '\r')
                {
                    contentEnd--;
                }
            }

            var content = new byte[contentEnd - contentStart];
            Buffer.BlockCopy(body, contentStart, content, 0, content.Length);
            string? contentType = null;
            foreach (var line in headers.Split('\n'))
            {
                var colon = line.IndexOf(':');
                if (colon > 0 && line.Substring(0, colon).Trim().Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = line.Substring(colon + 1).Trim();
                }
            }

            parts.Add(new Part(contentType, content));
            position = next;
        }

        return parts;
    }

    private static int SkipLineBreak(byte[] body, int at)
    {
        if (at < body.Length && body[at] == '\r')
        {
            at++;
        }

        if (at < body.Length && body[at] == '\n')
        {
            at++;
        }

        return at;
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int start)
    {
        for (var i = start; i <= haystack.Length - needle.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return i;
            }
        }

        return -1;
    }

    internal sealed class Part
    {
        public Part(string? contentType, byte[] body)
        {
            ContentType = contentType;
            Body = body;
        }

        public string? ContentType { get; }

        public byte[] Body { get; }
    }
}
