using System;

namespace GeminiTuning.Http;

/// <summary>
/// A request that must not be repeated blindly (a create) failed in a way that leaves open whether the service
/// processed it: the connection broke or timed out after the request was sent.
/// </summary>
public sealed class RequestOutcomeUnknownException : GeminiTuningException
{
    internal RequestOutcomeUnknownException(string operation, Exception cause)
        : base($"The request {operation} failed after it was sent ({Describe(cause)}); the service may or may not have processed it.",
            "RequestOutcomeUnknown", ErrorCategoryHint.ConnectionError, innerException: cause)
    {
        Operation = operation;
        Cause = Describe(cause);
    }

    /// <summary>What was being done.</summary>
    public string Operation { get; }

    /// <summary>A short description of the failure.</summary>
    public string Cause { get; }

    /// <summary>The innermost cause's message, redacted; "timed out" when a timeout is anywhere along the chain.</summary>
    internal static string Describe(Exception ex)
    {
        var inner = ex;
        var timedOut = ex is TimeoutException;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
            timedOut |= inner is TimeoutException;
        }

        return timedOut ? "timed out" : Redactor.Redact(inner.Message);
    }
}
