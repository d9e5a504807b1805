using System;

namespace GeminiTuning.Emulator;

/// <summary>Something the emulator does to a request instead of (or around) serving it normally. Create with the factory methods.</summary>
public abstract class Fault
{
    private protected Fault()
    {
    }

    /// <summary>Answers with Google's JSON error envelope; the request is not processed.</summary>
    /// <param name="httpStatus">The HTTP status, also written as <c>error.code</c>.</param>
    /// <param name="status">The <c>google.rpc.Code</c> name, e.g. <c>UNAVAILABLE</c>.</param>
    /// <param name="message">The error message.</param>
    /// <param name="retryInfoDelay">When given, a <c>google.rpc.RetryInfo</c> detail with this <c>retryDelay</c>.</param>
    /// <param name="retryAfterHeader">When given, the value of a <c>Retry-After</c> response header.</param>
    /// <returns>The fault.</returns>
    public static Fault Error(int httpStatus, string status, string message, TimeSpan? retryInfoDelay = null, string? retryAfterHeader = null)
    {
        if (httpStatus < 100 || httpStatus > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(httpStatus), httpStatus, "Not an HTTP status code.");
        }

        return new ErrorFault(httpStatus, status ?? throw new ArgumentNullException(nameof(status)), message ?? throw new ArgumentNullException(nameof(message)), retryInfoDelay, retryAfterHeader);
    }

    /// <summary>Answers with an arbitrary body, e.g. the HTML 502 page of a proxy; the request is not processed.</summary>
    /// <param name="httpStatus">The HTTP status.</param>
    /// <param name="contentType">The <c>Content-Type</c> header.</param>
    /// <param name="body">The body text (sent as UTF-8).</param>
    /// <returns>The fault.</returns>
    public static Fault RawResponse(int httpStatus, string contentType, string body)
    {
        if (httpStatus < 100 || httpStatus > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(httpStatus), httpStatus, "Not an HTTP status code.");
        }

        return new RawResponseFault(httpStatus, contentType ?? throw new ArgumentNullException(nameof(contentType)), body ?? string.Empty);
    }

    /// <summary>Answers with a redirect to <paramref name="location"/>, as a captive portal (a hotel or guest Wi-Fi sign-in
    /// page) or a misconfigured proxy does; the request is not processed. Google's APIs themselves never redirect.</summary>
    /// <param name="location">The <c>Location</c> header.</param>
    /// <param name="httpStatus">301, 302 (the default), 303, 307 or 308.</param>
    /// <returns>The fault.</returns>
    public static Fault Redirect(string location, int httpStatus = 302)
    {
        if (httpStatus is not (301 or 302 or 303 or 307 or 308))
        {
            throw new ArgumentOutOfRangeException(nameof(httpStatus), httpStatus, "Not a redirect status (301, 302, 303, 307 or 308).");
        }

        return new RedirectFault(httpStatus, location ?? throw new ArgumentNullException(nameof(location)));
    }

    /// <summary>Closes the connection without any response; the request is not processed.</summary>
    /// <returns>The fault.</returns>
    public static Fault DropConnection() => new DropConnectionFault(afterProcessing: false);

    /// <summary>Processes the request fully (a create does create the job), then closes the connection without writing the response.</summary>
    /// <returns>The fault.</returns>
    public static Fault DropConnectionAfterProcessing() => new DropConnectionFault(afterProcessing: true);

    /// <summary>Waits, then processes the request normally.</summary>
    /// <param name="delay">How long to wait.</param>
    /// <returns>The fault.</returns>
    public static Fault Delay(TimeSpan delay)
    {
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay cannot be negative.");
        }

        return new DelayFault(delay);
    }
}

internal sealed class ErrorFault : Fault
{
    public ErrorFault(int httpStatus, string status, string message, TimeSpan? retryInfoDelay, string? retryAfterHeader)
    {
        HttpStatus = httpStatus;
        Status = status;
        Message = message;
        RetryInfoDelay = retryInfoDelay;
        RetryAfterHeader = retryAfterHeader;
    }

    public int HttpStatus { get; }

    public string Status { get; }

    public string Message { get; }

    public TimeSpan? RetryInfoDelay { get; }

    public string? RetryAfterHeader { get; }

    public override string ToString() => $"Error {HttpStatus} {Status}";
}

internal sealed class RawResponseFault : Fault
{
    public RawResponseFault(int httpStatus, string contentType, string body)
    {
        HttpStatus = httpStatus;
        ContentType = contentType;
        Body = body;
    }

    public int HttpStatus { get; }

    public string ContentType { get; }

    public string Body { get; }

    public override string ToString() => $"RawResponse {HttpStatus}";
}

internal sealed class DropConnectionFault : Fault
{
    public DropConnectionFault(bool afterProcessing)
    {
        AfterProcessing = afterProcessing;
    }

    public bool AfterProcessing { get; }

    public override string ToString() => AfterProcessing ? "DropConnectionAfterProcessing" : "DropConnection";
}

internal sealed class DelayFault : Fault
{
    public DelayFault(TimeSpan delay)
    {
        Duration = delay;
    }

    public TimeSpan Duration { get; }

    public override string ToString() => $"Delay {Duration}";
}

internal sealed class RedirectFault : Fault
{
    public RedirectFault(int httpStatus, string location)
    {
        HttpStatus = httpStatus;
        Location = location;
    }

    public int HttpStatus { get; }

    public string Location { get; }

    public override string ToString() => $"Redirect {HttpStatus} to {Location}";
}
