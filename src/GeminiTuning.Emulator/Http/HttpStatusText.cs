using System.Globalization;

namespace GeminiTuning.Emulator.Http;

/// <summary>Reason phrases, and the HTML error page Google's front end sends for requests it cannot route or parse.</summary>
internal static class HttpStatusText
{
    /// <summary>The front end's sentence for a request over its size limit.</summary>
    public const string TooLarge = "Your client issued a request that was too large.";

    public static string ReasonPhrase(int status)
    {
        switch (status)
        {
            case 100: return "Continue";
            case 200: return "OK";
            case 201: return "Created";
            case 204: return "No Content";
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 303: return "See Other";
            case 307: return "Temporary Redirect";
            case 308: return "Resume Incomplete";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 411: return "Length Required";
            case 412: return "Precondition Failed";
            case 413: return "Payload Too Large";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 499: return "Client Closed Request";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            case 505: return "HTTP Version Not Supported";
            default: return "Status " + status.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The HTML page Google's front end sends for requests it cannot route or parse.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="detailHtml">The sentence to show, already HTML-encoded.</param>
    public static string GoogleHtmlPage(int status, string detailHtml)
    {
        var reason = ReasonPhrase(status);
        return "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error " + status.ToString(CultureInfo.InvariantCulture) +
            " (" + reason + ")!!1</title>\n  <p><b>" + status.ToString(CultureInfo.InvariantCulture) + ".</b> <ins>That\u2019s an error.</ins>\n  <p>" +
            detailHtml + "  <ins>That\u2019s all we know.</ins>\n";
    }
}
