using System;
using System.Text;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator;

/// <summary>Opaque list cursors: the position after the last item returned, bound to the list they came from (its
/// parent and filter), so that a token stays valid while new items are added and cannot be replayed elsewhere.</summary>
internal static class PageToken
{
    public static string Encode(string scope, string position)
    {
        var text = "c1\n" + scope + "\n" + position;
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The position encoded in <paramref name="token"/>, or null for no token; throws INVALID_ARGUMENT for a
    /// token that is malformed or belongs to another list.</summary>
    public static string? Decode(string? token, string scope)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (Auth.Base64Url.TryDecode(token!, out var bytes))
        {
            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                text = string.Empty;
            }

            var parts = text.Split('\n');
            if (parts.Length == 3 && parts[0] == "c1" && parts[1] == scope)
            {
                return parts[2];
            }
        }

        throw ApiException.InvalidArgument("Invalid page token.",
            ApiException.BadRequest("page_token", "The page token is malformed, or belongs to another list request (for example one with a different filter)."));
    }

    /// <summary>A position in newest-first order: sorting these strings descending sorts the items newest first (ties
    /// broken by id), and everything after a position compares lower.</summary>
    public static string NewestFirstCursor(DateTimeOffset createTime, string id) =>
        createTime.UtcTicks.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + "-" + id;

    /// <summary>Reads <c>pageSize</c>: absent or 0 gives the default, larger than the maximum is clamped, negative is refused.</summary>
    public static int PageSize(string? text, EmulatorOptions options)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Math.Max(1, options.DefaultPageSize);
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var size))
        {
            throw ApiException.InvalidArgument("Invalid value at 'page_size' (TYPE_INT32), \"" + text + "\"",
                ApiException.BadRequest("page_size", "Invalid value at 'page_size' (TYPE_INT32), \"" + text + "\""));
        }

        if (size < 0)
        {
            throw ApiException.InvalidArgument("page_size must not be negative.", ApiException.BadRequest("page_size", "page_size must not be negative."));
        }

        return size == 0 ? Math.Max(1, options.DefaultPageSize) : Math.Min(size, Math.Max(1, options.MaxPageSize));
    }
}
