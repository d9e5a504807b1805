using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using GeminiTuning.Emulator.Http;

namespace GeminiTuning.Emulator.Json;

/// <summary>Writes response bodies the way Google's JSON front end does: pretty-printed with two spaces unless
/// <c>prettyPrint=false</c>, non-ASCII text left as UTF-8, HTML-sensitive characters escaped.</summary>
internal static class JsonOutput
{
    public const string JsonContentType = "application/json; charset=UTF-8";

    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    public static string Serialize(JsonNode node, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = Encoder }))
        {
            node.WriteTo(writer);
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        return indented ? text + "\n" : text;
    }

    public static HttpResponse Response(int status, JsonNode node, bool indented = true) =>
        HttpResponse.Text(status, JsonContentType, Serialize(node, indented));

    public static JsonObject ErrorEnvelope(int httpStatus, string status, string message, System.Collections.Generic.IEnumerable<JsonObject>? details)
    {
        var error = new JsonObject
        {
            ["code"] = httpStatus,
            ["message"] = message,
            ["status"] = status,
        };
        if (details is not null)
        {
            var array = new JsonArray();
            foreach (var detail in details)
            {
                array.Add(detail.DeepClone());
            }

            if (array.Count > 0)
            {
                error["details"] = array;
            }
        }

        return new JsonObject { ["error"] = error };
    }

    public static HttpResponse Error(ApiException e, bool indented = true)
    {
        JsonObject body;
        if (e.LegacyReason is not null)
        {
            body = new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = e.HttpStatus,
                    ["message"] = e.Message,
                    ["errors"] = new JsonArray(new JsonObject { ["message"] = e.Message, ["domain"] = "global", ["reason"] = e.LegacyReason }),
                },
            };
        }
        else
        {
            body = ErrorEnvelope(e.HttpStatus, e.Status, e.Message, e.Details);
        }

        var response = Response(e.HttpStatus, body, indented);
        foreach (var header in e.Headers)
        {
            response.WithHeader(header.Key, header.Value);
        }

        return response;
    }
}
