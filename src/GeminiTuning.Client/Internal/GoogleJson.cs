using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiTuning.Internal;

/// <summary>The one set of serializer options for Google's proto3 JSON.</summary>
/// <remarks>
/// Keys are lowerCamelCase, unset fields are omitted, unknown fields are ignored (the service adds fields over time),
/// and numbers may arrive as strings: proto3 writes int64 as a JSON string, and accepts either on input.
/// Int64 properties that the service expects as strings carry <c>[JsonNumberHandling(WriteAsString)]</c> themselves;
/// doing it globally would also write doubles as strings.
/// </remarks>
internal static class GoogleJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        WriteIndented = false,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(byte[] utf8Json, string what)
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(utf8Json, Options);
            if (value is null)
            {
                throw new GeminiTuningException(
                    $"The service answered {what} with an empty JSON document.",
                    "InvalidResponse", ErrorCategoryHint.InvalidResult);
            }

            return value;
        }
        catch (JsonException ex)
        {
            // The message names the JSON path only, never the values; the cause is kept redacted.
            throw new GeminiTuningException(
                $"The service answered {what} with JSON this module cannot read (at {ex.Path ?? "$"}).",
                "InvalidResponse", ErrorCategoryHint.InvalidResult, innerException: ex);
        }
    }
}
