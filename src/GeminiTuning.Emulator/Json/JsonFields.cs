using System.Text.Json.Nodes;

namespace GeminiTuning.Emulator.Json;

/// <summary>Typed reads of one field of a JSON object, from the canonical trees <see cref="ProtoJsonReader"/> produces:
/// null (or false) when the node is not an object or the field is absent or of another type.</summary>
internal static class JsonFields
{
    public static string? String(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long? Long(JsonNode? node, string name)
    {
        if (node is not JsonObject obj || obj[name] is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        return v.TryGetValue<double>(out var d) ? (long)d : null;
    }

    public static double? Double(JsonNode? node, string name)
    {
        if (node is not JsonObject obj || obj[name] is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<double>(out var d))
        {
            return d;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        return v.TryGetValue<int>(out var i) ? i : null;
    }

    public static bool Bool(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public static JsonObject? Object(JsonNode? node, string name) => node is JsonObject obj ? obj[name] as JsonObject : null;

    public static JsonArray? Array(JsonNode? node, string name) => node is JsonObject obj ? obj[name] as JsonArray : null;
}
