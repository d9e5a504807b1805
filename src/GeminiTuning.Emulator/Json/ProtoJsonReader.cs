using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeminiTuning.Emulator.Json;

/// <summary>Reads a request body the way Google's proto3 JSON front end does, into a canonical tree: camelCase keys,
/// int64/int32 as numbers, enums as names, a single object accepted where a list is expected, nulls dropped. Errors carry
/// the front end's wording ("Invalid JSON payload received. Unknown name …", "Invalid value at '…' (TYPE_INT64), …").</summary>
internal static class ProtoJsonReader
{
    /// <param name="body">The request body; empty means an empty message.</param>
    /// <param name="spec">The message the body holds.</param>
    /// <param name="rootField">The request field the body binds to, e.g. <c>tuning_job</c>; empty when the body is the
    /// whole request (<c>body: "*"</c>).</param>
    public static JsonObject Parse(string body, MessageSpec spec, string rootField)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new JsonObject();
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, new JsonNodeOptions { PropertyNameCaseInsensitive = false }, new JsonDocumentOptions { MaxDepth = 100 });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is long line && e.BytePositionInLine is long column
                ? string.Format(CultureInfo.InvariantCulture, " (line {0}, column {1})", line + 1, column + 1)
                : string.Empty;
            var message = "Invalid JSON payload received. Unexpected token" + where + ".";
            throw ApiException.InvalidArgument(message, ApiException.BadRequest(null, message));
        }

        if (root is not JsonObject obj)
        {
            var message = "Invalid JSON payload received. Unknown name \"\": Root element must be a message.";
            throw ApiException.InvalidArgument(message, ApiException.BadRequest(null, message));
        }

        var errors = new List<(string Field, string Description)>();
        var result = ReadMessage(obj, spec, rootField, errors);
        if (errors.Count > 0)
        {
            var details = new JsonObject[errors.Count];
            var messages = new string[errors.Count];
            for (var i = 0; i < errors.Count; i++)
            {
                messages[i] = errors[i].Description;
                details[i] = ApiException.BadRequest(errors[i].Field, errors[i].Description);
            }

            // One BadRequest detail holding every violation, as the front end sends it.
            var violations = new JsonArray();
            foreach (var detail in details)
            {
                foreach (var v in detail["fieldViolations"]!.AsArray())
                {
                    violations.Add(v!.DeepClone());
                }
            }

            throw ApiException.InvalidArgument(
                string.Join("\n", messages),
                new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.BadRequest", ["fieldViolations"] = violations });
        }

        return result;
    }

    private static JsonObject ReadMessage(JsonObject source, MessageSpec spec, string path, List<(string, string)> errors)
    {
        var result = new JsonObject();
        foreach (var property in source)
        {
            if (!spec.TryGetField(property.Key, out var field))
            {
                var at = path.Length == 0 ? string.Empty : " at '" + path + "'";
                errors.Add((path, "Invalid JSON payload received. Unknown name \"" + property.Key + "\"" + at + ": Cannot find field."));
                continue;
            }

            if (property.Value is null)
            {
                continue; // null means "default" in proto3 JSON
            }

            var fieldPath = path.Length == 0 ? field.ProtoName : path + "." + field.ProtoName;
            JsonNode? value;
            if (field.Kind == FieldKind.MapOfStrings)
            {
                value = ReadMap(property.Value, fieldPath, errors);
            }
            else if (field.Repeated)
            {
                var items = property.Value is JsonArray array ? array : new JsonArray(property.Value.DeepClone());
                var list = new JsonArray();
                for (var i = 0; i < items.Count; i++)
                {
                    var item = items[i];
                    if (item is null)
                    {
                        continue;
                    }

                    var converted = ReadSingle(item, field, fieldPath + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", errors);
                    if (converted is not null)
                    {
                        list.Add(converted);
                    }
                }

                value = list;
            }
            else
            {
                value = ReadSingle(property.Value, field, fieldPath, errors);
            }

            if (value is not null && !IsDefault(value, field))
            {
                result[field.JsonName] = value;
            }
        }

        return result;
    }

    /// <summary>proto3 does not distinguish a scalar set to its default from an unset one: "", 0, false, the enum's zero
    /// value and empty lists and maps are dropped, as the service would see them. Messages keep their presence.</summary>
    private static bool IsDefault(JsonNode value, FieldSpec field)
    {
        if (field.HasPresence)
        {
            return false;
        }

        if (value is JsonArray array)
        {
            return array.Count == 0;
        }

        if (field.Kind == FieldKind.MapOfStrings)
        {
            return value is JsonObject map && map.Count == 0;
        }

        if (value is not JsonValue v)
        {
            return false;
        }

        switch (field.Kind)
        {
            case FieldKind.String:
            case FieldKind.Bytes:
                return v.TryGetValue<string>(out var s) && s.Length == 0;
            case FieldKind.Bool:
                return v.TryGetValue<bool>(out var b) && !b;
            case FieldKind.Int32:
                return v.TryGetValue<int>(out var i) && i == 0;
            case FieldKind.Int64:
                return v.TryGetValue<long>(out var l) && l == 0;
            case FieldKind.Double:
                return v.TryGetValue<double>(out var d) && d == 0;
            case FieldKind.Enum:
                return v.TryGetValue<string>(out var name) && field.Enum!.TryGetName(0, out var zero) && name == zero;
            default:
                return false;
        }
    }

    private static JsonObject? ReadMap(JsonNode node, string path, List<(string, string)> errors)
    {
        if (node is not JsonObject map)
        {
            errors.Add((path, InvalidValue(path, "map<string, string>", node)));
            return null;
        }

        var result = new JsonObject();
        foreach (var entry in map)
        {
            if (entry.Value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                result[entry.Key] = text;
            }
            else
            {
                var entryPath = path + "[" + entry.Key + "]";
                errors.Add((entryPath, InvalidValue(entryPath, "TYPE_STRING", entry.Value)));
            }
        }

        return result;
    }

    private static JsonNode? ReadSingle(JsonNode node, FieldSpec field, string path, List<(string, string)> errors)
    {
        switch (field.Kind)
        {
            case FieldKind.Message:
                if (node is JsonObject obj)
                {
                    return ReadMessage(obj, field.Message!, path, errors);
                }

                errors.Add((path, InvalidValue(path, "type.googleapis.com/" + field.Message!.FullName, node)));
                return null;

            case FieldKind.Opaque:
                return node.DeepClone();

            case FieldKind.String:
            case FieldKind.Bytes:
                if (node is JsonValue s && s.TryGetValue<string>(out var str))
                {
                    return str;
                }

                errors.Add((path, InvalidValue(path, field.Kind == FieldKind.String ? "TYPE_STRING" : "TYPE_BYTES", node)));
                return null;

            case FieldKind.Bool:
                if (node is JsonValue b)
                {
                    if (b.TryGetValue<bool>(out var flag))
                    {
                        return flag;
                    }

                    if (b.TryGetValue<string>(out var flagText) && (flagText == "true" || flagText == "false"))
                    {
                        return flagText == "true";
                    }
                }

                errors.Add((path, InvalidValue(path, "TYPE_BOOL", node)));
                return null;

            case FieldKind.Int32:
            case FieldKind.Int64:
                if (TryReadInteger(node, out var integer) &&
                    (field.Kind == FieldKind.Int64 || (integer >= int.MinValue && integer <= int.MaxValue)))
                {
                    return field.Kind == FieldKind.Int64 ? JsonValue.Create(integer) : JsonValue.Create((int)integer);
                }

                errors.Add((path, InvalidValue(path, field.Kind == FieldKind.Int64 ? "TYPE_INT64" : "TYPE_INT32", node)));
                return null;

            case FieldKind.Double:
                if (TryReadDouble(node, out var number))
                {
                    return JsonValue.Create(number);
                }

                errors.Add((path, InvalidValue(path, "TYPE_DOUBLE", node)));
                return null;

            case FieldKind.Enum:
                if (node is JsonValue e)
                {
                    if (e.TryGetValue<string>(out var name) && field.Enum!.TryGetName(name, out var canonical))
                    {
                        return canonical;
                    }

                    if (TryReadInteger(node, out var enumNumber) && enumNumber >= int.MinValue && enumNumber <= int.MaxValue &&
                        node.GetValueKind() == JsonValueKind.Number && field.Enum!.TryGetName((int)enumNumber, out var byNumber))
                    {
                        return byNumber;
                    }
                }

                errors.Add((path, InvalidValue(path, "type.googleapis.com/" + field.Enum!.FullName, node)));
                return null;

            default:
                throw new InvalidOperationException("Unknown field kind " + field.Kind);
        }
    }

    private static bool TryReadInteger(JsonNode node, out long value)
    {
        value = 0;
        if (node is not JsonValue v)
        {
            return false;
        }

        if (node.GetValueKind() == JsonValueKind.Number)
        {
            if (v.TryGetValue<long>(out value))
            {
                return true;
            }

            // 3.0 is an acceptable integer in proto3 JSON; 3.5 is not.
            if (v.TryGetValue<double>(out var d) && Math.Floor(d) == d && d >= long.MinValue && d <= long.MaxValue)
            {
                value = (long)d;
                return true;
            }

            return false;
        }

        return v.TryGetValue<string>(out var text) &&
            long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryReadDouble(JsonNode node, out double value)
    {
        value = 0;
        if (node is not JsonValue v)
        {
            return false;
        }

        if (node.GetValueKind() == JsonValueKind.Number)
        {
            return v.TryGetValue(out value);
        }

        if (!v.TryGetValue<string>(out var text))
        {
            return false;
        }

        switch (text)
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "Infinity":
                value = double.PositiveInfinity;
                return true;
            case "-Infinity":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static string InvalidValue(string path, string type, JsonNode? node)
    {
        var text = node is null ? "null" : node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return "Invalid value at '" + path + "' (" + type + "), " + text;
    }
}
