using System;

namespace GeminiTuning;

/// <summary>An error this module reports, with what a PowerShell ErrorRecord needs.</summary>
public class GeminiTuningException : Exception
{
    /// <summary>Creates an error. Its message and recommended action pass through <see cref="Http.Redactor"/>.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="condition">A short PascalCase condition, e.g. <c>NotFound</c>; the cmdlet prefixes its own name to form the ErrorRecord id.</param>
    /// <param name="category">The PowerShell error category.</param>
    /// <param name="recommendedAction">How to fix it, when there is something to say.</param>
    /// <param name="innerException">The cause, kept for defect reports; one from outside this library is kept as a
    /// <see cref="RedactedException"/> (message redacted, type and stack trace kept).</param>
    public GeminiTuningException(string message, string condition, ErrorCategoryHint category,
        string? recommendedAction = null, Exception? innerException = null)
        : base(Http.Redactor.Redact(message), RedactedException.Of(innerException))
    {
        Condition = condition;
        Category = category;
        RecommendedAction = recommendedAction is null ? null : Http.Redactor.Redact(recommendedAction);
    }

    /// <summary>A short PascalCase condition such as <c>NotFound</c> or <c>InvalidProject</c>.</summary>
    public string Condition { get; }

    /// <summary>The PowerShell error category.</summary>
    public ErrorCategoryHint Category { get; }

    /// <summary>How to fix it, or null.</summary>
    public string? RecommendedAction { get; }
}

/// <summary>A value the caller supplied is not acceptable; raised before any request is sent.</summary>
public sealed class GeminiTuningArgumentException : GeminiTuningException
{
    /// <summary>Creates the error for <paramref name="parameterName"/>; <paramref name="innerException"/> is kept as for any <see cref="GeminiTuningException"/>.</summary>
    public GeminiTuningArgumentException(string parameterName, string message, string? recommendedAction = null, Exception? innerException = null)
        : base(message, "Invalid" + parameterName, ErrorCategoryHint.InvalidArgument, recommendedAction, innerException)
    {
        ParameterName = parameterName;
    }

    /// <summary>Creates the error for <paramref name="parameterName"/> with its own condition (e.g. <c>AdapterSizeNotSupported</c>).</summary>
    internal GeminiTuningArgumentException(string parameterName, string condition, string message, string? recommendedAction, ErrorCategoryHint category)
        : base(message, condition, category, recommendedAction)
    {
        ParameterName = parameterName;
    }

    /// <summary>The name of the parameter (or setting) that was wrong, as the user knows it.</summary>
    public string ParameterName { get; }
}
