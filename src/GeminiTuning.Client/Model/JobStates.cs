using System;
using System.Collections.Generic;

namespace GeminiTuning;

/// <summary>Conversions between the services' state strings and <see cref="GeminiTuningJobState"/>.</summary>
public static class JobStates
{
    private static readonly Dictionary<string, GeminiTuningJobState> Vertex = new(StringComparer.Ordinal)
    {
        ["JOB_STATE_UNSPECIFIED"] = GeminiTuningJobState.Unspecified,
        ["JOB_STATE_QUEUED"] = GeminiTuningJobState.Queued,
        ["JOB_STATE_PENDING"] = GeminiTuningJobState.Pending,
        ["JOB_STATE_RUNNING"] = GeminiTuningJobState.Running,
        ["JOB_STATE_SUCCEEDED"] = GeminiTuningJobState.Succeeded,
        ["JOB_STATE_FAILED"] = GeminiTuningJobState.Failed,
        ["JOB_STATE_CANCELLING"] = GeminiTuningJobState.Cancelling,
        ["JOB_STATE_CANCELLED"] = GeminiTuningJobState.Cancelled,
        ["JOB_STATE_PAUSED"] = GeminiTuningJobState.Paused,
        ["JOB_STATE_EXPIRED"] = GeminiTuningJobState.Expired,
        ["JOB_STATE_UPDATING"] = GeminiTuningJobState.Updating,
        ["JOB_STATE_PARTIALLY_SUCCEEDED"] = GeminiTuningJobState.PartiallySucceeded,
    };

    private static readonly Dictionary<string, GeminiTuningJobState> GeminiApi = new(StringComparer.Ordinal)
    {
        ["STATE_UNSPECIFIED"] = GeminiTuningJobState.Unspecified,
        ["CREATING"] = GeminiTuningJobState.Running,
        ["ACTIVE"] = GeminiTuningJobState.Succeeded,
        ["FAILED"] = GeminiTuningJobState.Failed,
    };

    private static readonly string[] RpcCodeNames =
    {
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    };

    /// <summary>True for the states a job never leaves (Deleted among them).</summary>
    public static bool IsEnded(GeminiTuningJobState state) => state is GeminiTuningJobState.Succeeded
        or GeminiTuningJobState.Failed or GeminiTuningJobState.Cancelled or GeminiTuningJobState.Expired
        or GeminiTuningJobState.PartiallySucceeded or GeminiTuningJobState.Deleted;

    /// <summary>Reads a Vertex <c>JOB_STATE_*</c> string; unknown or absent values give <see cref="GeminiTuningJobState.Unknown"/>.</summary>
    public static GeminiTuningJobState FromVertex(string? state) =>
        state is not null && Vertex.TryGetValue(state, out var s) ? s : GeminiTuningJobState.Unknown;

    /// <summary>Reads a Gemini API model state (CREATING, ACTIVE, FAILED).</summary>
    public static GeminiTuningJobState FromGeminiApi(string? state) =>
        state is not null && GeminiApi.TryGetValue(state, out var s) ? s : GeminiTuningJobState.Unknown;

    /// <summary>The name of a gRPC status code (e.g. 5 → NOT_FOUND).</summary>
    public static string RpcCodeName(int code) => code >= 0 && code < RpcCodeNames.Length ? RpcCodeNames[code] : "UNKNOWN";

    /// <summary>The wire name of an adapter size.</summary>
    public static string ToWire(GeminiAdapterSize size) => size switch
    {
        GeminiAdapterSize.One => "ADAPTER_SIZE_ONE",
        GeminiAdapterSize.Two => "ADAPTER_SIZE_TWO",
        GeminiAdapterSize.Four => "ADAPTER_SIZE_FOUR",
        GeminiAdapterSize.Eight => "ADAPTER_SIZE_EIGHT",
        GeminiAdapterSize.Sixteen => "ADAPTER_SIZE_SIXTEEN",
        GeminiAdapterSize.ThirtyTwo => "ADAPTER_SIZE_THIRTY_TWO",
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, "Unknown adapter size."),
    };

    /// <summary>Reads a wire adapter size; null for unspecified or unknown values.</summary>
    public static GeminiAdapterSize? AdapterSizeFromWire(string? value) => value switch
    {
        "ADAPTER_SIZE_ONE" => GeminiAdapterSize.One,
        "ADAPTER_SIZE_TWO" => GeminiAdapterSize.Two,
        "ADAPTER_SIZE_FOUR" => GeminiAdapterSize.Four,
        "ADAPTER_SIZE_EIGHT" => GeminiAdapterSize.Eight,
        "ADAPTER_SIZE_SIXTEEN" => GeminiAdapterSize.Sixteen,
        "ADAPTER_SIZE_THIRTY_TWO" => GeminiAdapterSize.ThirtyTwo,
        _ => null,
    };
}
