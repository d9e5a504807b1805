namespace GeminiTuning.Http;

/// <summary>Where the client reports what it does. The cmdlets route this to Write-Verbose and Write-Debug.</summary>
/// <remarks>Implementations may be called from any thread. Text given here has already been redacted.</remarks>
public interface IGeminiTuningLog
{
    /// <summary>One line for -Verbose: method, URL, status, duration, retries.</summary>
    void Verbose(string message);

    /// <summary>Detail for -Debug: request and response bodies, redacted.</summary>
    void Debug(string message);

    /// <summary>Whether debug text is wanted at all (bodies are only formatted when it is).</summary>
    bool IsDebugEnabled { get; }

    /// <summary>A warning the user should see (e.g. a clamped value).</summary>
    void Warning(string message);
}

/// <summary>A log that discards everything.</summary>
public sealed class NullLog : IGeminiTuningLog
{
    /// <summary>The instance.</summary>
    public static NullLog Instance { get; } = new();

    /// <inheritdoc />
    public void Verbose(string message) { }

    /// <inheritdoc />
    public void Debug(string message) { }

    /// <inheritdoc />
    public bool IsDebugEnabled => false;

    /// <inheritdoc />
    public void Warning(string message) { }
}
