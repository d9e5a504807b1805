using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GeminiTuning;

/// <summary>The service answered with an error: Google's error envelope, read into typed fields.</summary>
public sealed class GoogleApiException : GeminiTuningException
{
    internal GoogleApiException(GoogleApiError error, string? operation)
        : base(FormatMessage(error, operation), ConditionOf(error.Status, error.HttpStatusCode),
            CategoryOf(error.Status, error.HttpStatusCode), RecommendedActionFor(error))
    {
        Error = error;
        Operation = operation;
    }

    /// <summary>The parsed error.</summary>
    public GoogleApiError Error { get; }

    /// <summary>HTTP status code of the response.</summary>
    public int HttpStatusCode => Error.HttpStatusCode;

    /// <summary>The <c>google.rpc.Code</c> name, e.g. <c>NOT_FOUND</c>.</summary>
    public string Status => Error.Status;

    /// <summary>The service's own message.</summary>
    public string ServiceMessage => Error.Message;

    /// <summary>What was being done, e.g. <c>GET projects/p/locations/l/tuningJobs/1</c>; never carries secrets.</summary>
    public string? Operation { get; }

    private static string FormatMessage(GoogleApiError error, string? operation)
    {
        var message = string.IsNullOrWhiteSpace(error.Message) ? "(no message)" : error.Message.Trim();
        var where = operation is null ? string.Empty : " " + operation + ":";
        return string.Format(CultureInfo.InvariantCulture, "{0} (HTTP {1}){2} {3}",
            error.Status, error.HttpStatusCode, where, message);
    }

    /// <summary>Maps a status name (or, failing that, an HTTP code) to a PascalCase condition such as <c>NotFound</c>.</summary>
    public static string ConditionOf(string? status, int httpStatusCode)
    {
        var name = string.IsNullOrEmpty(status) ? StatusForHttp(httpStatusCode) : status!;
        return string.Concat(name.Split(new[] { '_' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1).ToLowerInvariant()));
    }

    /// <summary>The canonical status name for an HTTP status code (errors-and-retries.md §1.1).</summary>
    public static string StatusForHttp(int httpStatusCode) => httpStatusCode switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        408 => "DEADLINE_EXCEEDED",
        409 => "ABORTED",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        501 => "UNIMPLEMENTED",
        502 => "UNAVAILABLE",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        >= 500 => "INTERNAL",
        _ => "UNKNOWN",
    };

    /// <summary>The PowerShell error category for a status.</summary>
    public static ErrorCategoryHint CategoryOf(string? status, int httpStatusCode)
    {
        var name = string.IsNullOrEmpty(status) ? StatusForHttp(httpStatusCode) : status;
        return name switch
        {
            "NOT_FOUND" => ErrorCategoryHint.ObjectNotFound,
            "PERMISSION_DENIED" => ErrorCategoryHint.PermissionDenied,
            "UNAUTHENTICATED" => ErrorCategoryHint.AuthenticationError,
            "INVALID_ARGUMENT" or "OUT_OF_RANGE" => ErrorCategoryHint.InvalidArgument,
            "FAILED_PRECONDITION" => ErrorCategoryHint.InvalidOperation,
            "ALREADY_EXISTS" => ErrorCategoryHint.ResourceExists,
            "RESOURCE_EXHAUSTED" => ErrorCategoryHint.QuotaExceeded,
            "UNAVAILABLE" => ErrorCategoryHint.ResourceUnavailable,
            "DEADLINE_EXCEEDED" => ErrorCategoryHint.OperationTimeout,
            "CANCELLED" => ErrorCategoryHint.OperationStopped,
            "ABORTED" => ErrorCategoryHint.ResourceBusy,
            "UNIMPLEMENTED" => ErrorCategoryHint.NotImplemented,
            _ => ErrorCategoryHint.NotSpecified,
        };
    }

    private static string? RecommendedActionFor(GoogleApiError error)
    {
        switch (error.Status)
        {
            case "UNAUTHENTICATED":
                return "Sign in again: run Connect-GeminiTuning with a valid credential, or 'gcloud auth application-default login'.";
            case "PERMISSION_DENIED" when error.Reason == "SERVICE_DISABLED":
                var url = error.Metadata.TryGetValue("activationUrl", out var u) ? u : error.HelpLinks.FirstOrDefault();
                return "Enable the API for the project" + (url is null ? string.Empty : " at " + url) +
                       ", wait a few minutes, then retry.";
            case "PERMISSION_DENIED":
                return "Check that the signed-in account holds a role that allows this (for tuning: roles/aiplatform.user) on the project.";
            case "NOT_FOUND":
                return "Check the name, project and region; Get-GeminiTuningJob lists the jobs that exist.";
            case "RESOURCE_EXHAUSTED":
                return error.RetryDelay is { } d
                    ? string.Format(CultureInfo.InvariantCulture, "The service asks to retry after {0:0.#} seconds, or request more quota.", d.TotalSeconds)
                    : "Retry later, or request more quota for the project.";
            case "UNAVAILABLE":
                return "The service is temporarily unavailable; retry later.";
            default:
                return error.HelpLinks.Count > 0 ? "See " + error.HelpLinks[0] : null;
        }
    }
}

/// <summary>Google's error envelope <c>{"error":{code,message,status,details}}</c>, parsed.</summary>
public sealed class GoogleApiError
{
    /// <summary>HTTP status code (the envelope's <c>code</c>).</summary>
    public int HttpStatusCode { get; set; }

    /// <summary><c>google.rpc.Code</c> name, e.g. <c>RESOURCE_EXHAUSTED</c>; derived from the HTTP code when the body has none.</summary>
    public string Status { get; set; } = "UNKNOWN";

    /// <summary>The service's message.</summary>
    public string Message { get; set; } = string.Empty;

    /// <summary><c>ErrorInfo.reason</c>, e.g. <c>SERVICE_DISABLED</c>.</summary>
    public string? Reason { get; set; }

    /// <summary><c>ErrorInfo.domain</c>.</summary>
    public string? Domain { get; set; }

    /// <summary><c>ErrorInfo.metadata</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; set; } = new Dictionary<string, string>();

    /// <summary>How long the server asks the client to wait (<c>RetryInfo.retryDelay</c> or a <c>Retry-After</c> header).</summary>
    public TimeSpan? RetryDelay { get; set; }

    /// <summary><c>QuotaFailure.violations[].quotaId</c> values.</summary>
    public IReadOnlyList<string> QuotaIds { get; set; } = Array.Empty<string>();

    /// <summary><c>BadRequest.fieldViolations</c> as "field: description".</summary>
    public IReadOnlyList<string> FieldViolations { get; set; } = Array.Empty<string>();

    /// <summary><c>Help.links[].url</c> values.</summary>
    public IReadOnlyList<string> HelpLinks { get; set; } = Array.Empty<string>();

    /// <summary>True when the body was Google's JSON envelope (not a proxy's HTML page or plain text).</summary>
    public bool FromEnvelope { get; set; }

    /// <inheritdoc />
    public override string ToString() => Status + ": " + Message;
}
