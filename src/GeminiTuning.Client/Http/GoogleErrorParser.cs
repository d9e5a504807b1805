using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GeminiTuning.Http;

/// <summary>Reads Google's error envelope in every form the services and their front ends send it.</summary>
/// <remarks>
/// Accepts <c>{"error":{…}}</c>, the array-wrapped <c>[{"error":{…}}]</c> of JSON streams, and non-JSON bodies
/// (an HTML 502 page from a proxy), as python-genai does (errors-and-retries.md §1). Unknown detail types are ignored.
/// </remarks>
internal static class GoogleErrorParser
{
    private const int MaxTextMessage = 300;

    public static GoogleApiError Parse(int httpStatus, string? reasonPhrase, byte[] body, string? retryAfterHeader, DateTimeOffset now)
    {
        var error = TryParseEnvelope(body, httpStatus) ?? FromText(httpStatus, reasonPhrase, body);
        if (error.RetryDelay is null && ParseRetryAfter(retryAfterHeader, now) is { } headerDelay)
        {
            error.RetryDelay = headerDelay;
        }

        return error;
    }

    /// <summary>Parses a <c>google.rpc.Status</c>-style error object (<c>{"code","message","status","details"}</c>).</summary>
    public static GoogleApiError FromErrorElement(JsonElement e, int httpStatus)
    {
        var error = new GoogleApiError { FromEnvelope = true, HttpStatusCode = httpStatus };
        if (e.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var c) && c >= 100)
        {
            error.HttpStatusCode = httpStatus == 0 ? c : httpStatus;
        }

        error.Message = e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : string.Empty;
        error.Status = e.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() is { Length: > 0 } st
            ? st
            : GoogleApiException.StatusForHttp(error.HttpStatusCode);
        if (e.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
        {
            ReadDetails(details, error);
        }

        return error;
    }

    private static GoogleApiError? TryParseEnvelope(byte[] body, int httpStatus)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
            {
                root = root[0];
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                return FromErrorElement(e, httpStatus);
            }

            // OAuth token endpoints answer {"error":"invalid_grant","error_description":"…"}.
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var oauth) && oauth.ValueKind == JsonValueKind.String)
            {
                var description = root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                return new GoogleApiError
                {
                    HttpStatusCode = httpStatus,
                    Status = GoogleApiException.StatusForHttp(httpStatus),
                    Message = description is null ? oauth.GetString()! : oauth.GetString() + ": " + description,
                    FromEnvelope = true,
                };
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the text form.
        }

        return null;
    }

    private static GoogleApiError FromText(int httpStatus, string? reasonPhrase, byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 4096)).Trim();
        if (text.StartsWith("<", StringComparison.Ordinal))
        {
            // An HTML page from a proxy or front end: its text is markup, not a message.
            text = string.Empty;
        }

        if (text.Length > MaxTextMessage)
        {
            text = text.Substring(0, MaxTextMessage) + "…";
        }

        return new GoogleApiError
        {
            HttpStatusCode = httpStatus,
            Status = GoogleApiException.StatusForHttp(httpStatus),
            Message = text.Length > 0 ? text : (reasonPhrase ?? "HTTP " + httpStatus.ToString(CultureInfo.InvariantCulture)),
            FromEnvelope = false,
        };
    }

    private static void ReadDetails(JsonElement details, GoogleApiError error)
    {
        var quotaIds = new List<string>();
        var violations = new List<string>();
        var links = new List<string>();
        foreach (var d in details.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Object || !d.TryGetProperty("@type", out var t) || t.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var type = t.GetString()!;
            var shortType = type.Substring(type.LastIndexOf('/') + 1);
            switch (shortType)
            {
                case "google.rpc.ErrorInfo":
                    error.Reason = StringOf(d, "reason");
                    error.Domain = StringOf(d, "domain");
                    if (d.TryGetProperty("metadata", out var md) && md.ValueKind == JsonValueKind.Object)
                    {
                        var map = new Dictionary<string, string>(StringComparer.Ordinal);
                        foreach (var p in md.EnumerateObject())
                        {
                            if (p.Value.ValueKind == JsonValueKind.String)
                            {
                                map[p.Name] = p.Value.GetString()!;
                            }
                        }

                        error.Metadata = map;
                    }

                    break;
                case "google.rpc.RetryInfo":
                    if (StringOf(d, "retryDelay") is { } delay && ParseDuration(delay) is { } ts)
                    {
                        error.RetryDelay = ts;
                    }

                    break;
                case "google.rpc.QuotaFailure":
                    foreach (var v in ArrayOf(d, "violations"))
                    {
                        if (StringOf(v, "quotaId") is { } id)
                        {
                            quotaIds.Add(id);
                        }
                    }

                    break;
                case "google.rpc.BadRequest":
                    foreach (var v in ArrayOf(d, "fieldViolations"))
                    {
                        violations.Add((StringOf(v, "field") ?? "?") + ": " + (StringOf(v, "description") ?? string.Empty));
                    }

                    break;
                case "google.rpc.Help":
                    foreach (var l in ArrayOf(d, "links"))
                    {
                        if (StringOf(l, "url") is { } url)
                        {
                            links.Add(url);
                        }
                    }

                    break;
            }
        }

        error.QuotaIds = quotaIds;
        error.FieldViolations = violations;
        error.HelpLinks = links;
    }

    /// <summary>Parses a protobuf Duration in JSON form: decimal seconds with an <c>s</c> suffix, e.g. <c>"2.5s"</c>.</summary>
    public static TimeSpan? ParseDuration(string value)
    {
        var v = value.Trim();
        if (v.EndsWith("s", StringComparison.Ordinal))
        {
            v = v.Substring(0, v.Length - 1);
        }

        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < 1e7
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    /// <summary>Parses a Retry-After header: delta-seconds or an HTTP date.</summary>
    public static TimeSpan? ParseRetryAfter(string? header, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var h = header!.Trim();
        if (double.TryParse(h, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < 1e7)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(h, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
        {
            var delta = when - now;
            return delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
        }

        return null;
    }

    private static string? StringOf(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IEnumerable<JsonElement> ArrayOf(JsonElement e, string name)
    {
        if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in v.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    yield return item;
                }
            }
        }
    }
}
