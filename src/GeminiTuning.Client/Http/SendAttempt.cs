using System;
using System.Net.Http;

namespace GeminiTuning.Http;

/// <summary>What one send did: an answer (whatever its status) or the network failure that stopped it.</summary>
internal readonly struct SendAttempt
{
    public SendAttempt(HttpResponseMessage? response, Exception? failure)
    {
        Response = response;
        Failure = failure;
    }

    /// <summary>The answer, when one came; the caller disposes it.</summary>
    public HttpResponseMessage? Response { get; }

    /// <summary>The failure (a timeout as <see cref="TimeoutException"/>) when no answer came.</summary>
    public Exception? Failure { get; }
}
