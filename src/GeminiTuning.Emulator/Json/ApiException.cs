using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace GeminiTuning.Emulator.Json;

/// <summary>A request the emulator refuses the way Google's front end does: an HTTP status, a <c>google.rpc.Code</c> name,
/// a message and optional <c>details</c>. Thrown by handlers, turned into the JSON error envelope by the dispatcher.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int httpStatus, string status, string message, params JsonObject[] details)
        : base(message)
    {
        HttpStatus = httpStatus;
        Status = status;
        Details = details;
    }

    public int HttpStatus { get; }

    public string Status { get; }

    public IReadOnlyList<JsonObject> Details { get; }

    public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

    /// <summary>When set, the body uses the older JSON API format that Cloud Storage still speaks: an <c>errors</c> list
    /// with this reason and no <c>status</c>.</summary>
    public string? LegacyReason { get; set; }

    public ApiException WithHeader(string name, string value)
    {
        Headers.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    public static ApiException Storage(int httpStatus, string reason, string message) =>
        new ApiException(httpStatus, string.Empty, message) { LegacyReason = reason };

    public static ApiException InvalidArgument(string message, params JsonObject[] details) => new ApiException(400, "INVALID_ARGUMENT", message, details);

    /// <summary>INVALID_ARGUMENT with a BadRequest detail naming the offending field.</summary>
    public static ApiException InvalidField(string field, string message) => InvalidArgument(message, BadRequest(field, message));

    public static ApiException FailedPrecondition(string message, params JsonObject[] details) => new ApiException(400, "FAILED_PRECONDITION", message, details);

    public static ApiException NotFound(string message) => new ApiException(404, "NOT_FOUND", message);

    /// <summary>A <c>google.rpc.BadRequest</c> detail with one field violation.</summary>
    public static JsonObject BadRequest(string? field, string description)
    {
        var violation = new JsonObject();
        if (!string.IsNullOrEmpty(field))
        {
            violation["field"] = field;
        }

        violation["description"] = description;
        return new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
            ["fieldViolations"] = new JsonArray(violation),
        };
    }

    /// <summary>A <c>google.rpc.ErrorInfo</c> detail.</summary>
    public static JsonObject ErrorInfo(string reason, string domain, IDictionary<string, string>? metadata = null)
    {
        var info = new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
            ["reason"] = reason,
            ["domain"] = domain,
        };
        if (metadata is not null && metadata.Count > 0)
        {
            var map = new JsonObject();
            foreach (var pair in metadata)
            {
                map[pair.Key] = pair.Value;
            }

            info["metadata"] = map;
        }

        return info;
    }
}
