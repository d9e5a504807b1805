using System;
using System.Text;
using GeminiTuning.Http;

namespace GeminiTuning;

/// <summary>
/// A copy of an exception from outside this library (the network stack, the file system, a JSON parser) that is safe
/// to show: its message passed through <see cref="Redactor"/>, its type name and stack trace kept, and its own inner
/// exceptions copied the same way. A <see cref="GeminiTuningException"/> carries its cause as one of these, so that a
/// defect report (<c>$Error[0].Exception.InnerException</c>, <c>-Debug</c>) shows where it came from and no secret.
/// </summary>
public sealed class RedactedException : Exception
{
    private readonly string? _stackTrace;

    private RedactedException(Exception original)
        : base(Redactor.Redact(original.Message), Of(original.InnerException))
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        _stackTrace = original.StackTrace;
        HResult = original.HResult;
    }

    /// <summary>The full name of the original exception's type, e.g. <c>System.Net.Http.HttpRequestException</c>.</summary>
    public string OriginalType { get; }

    /// <summary>Where the original exception was thrown (method names and source lines only).</summary>
    public override string? StackTrace => _stackTrace;

    /// <summary>
    /// The cause as it may be kept: this library's own exceptions (whose messages are redacted when made) and copies
    /// already made as they are, anything else as a redacted copy; null stays null.
    /// </summary>
    public static Exception? Of(Exception? exception) => exception switch
    {
        null => null,
        GeminiTuningException or RedactedException => exception,
        _ => new RedactedException(exception),
    };

    /// <summary>Reads like the original's <see cref="Exception.ToString"/>: type, message, inner exceptions, stack trace.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(OriginalType).Append(": ").Append(Message);
        if (InnerException is { } inner)
        {
            text.Append(" ---> ").Append(inner).AppendLine().Append("   --- End of inner exception stack trace ---");
        }

        if (_stackTrace is not null)
        {
            text.AppendLine().Append(_stackTrace);
        }

        return text.ToString();
    }
}
