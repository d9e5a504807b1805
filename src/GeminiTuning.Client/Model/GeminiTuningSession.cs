using System;
using GeminiTuning.Auth;
using GeminiTuning.Completion;

namespace GeminiTuning;

/// <summary>The process-wide connected context.</summary>
public static class GeminiTuningSession
{
    private static volatile GeminiTuningContext? _current;

    /// <summary>The context set by Connect-GeminiTuning, or null.</summary>
    public static GeminiTuningContext? Current
    {
        get => _current;
        set => _current = value;
    }

    /// <summary>
    /// Forgets what Connect-GeminiTuning set: the context with its credential and API key (the credential's cached token
    /// goes with it), the process's own Application Default Credentials and their token, and the job lists cached for
    /// tab completion. Returns the context that was connected, or null.
    /// </summary>
    public static GeminiTuningContext? Disconnect()
    {
        var previous = _current;
        _current = null;
        DefaultCredentialCache.Clear();
        JobCompletion.Clear();
        return previous;
    }

    /// <summary>Disconnects when the session points at <paramref name="endpoint"/> (an emulator that is stopping); true when it did.</summary>
    public static bool DisconnectIfEndpoint(Uri endpoint)
    {
        var current = _current;
        if (current?.Endpoint is not { } connected ||
            Uri.Compare(connected, endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        Disconnect();
        return true;
    }
}
