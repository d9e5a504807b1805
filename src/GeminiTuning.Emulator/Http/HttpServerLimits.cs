using System;

namespace GeminiTuning.Emulator.Http;

/// <summary>What the HTTP server puts up with from a client. Internal: tests shorten them; the defaults suit every user.</summary>
internal sealed class HttpServerLimits
{
    /// <summary>The largest request head (request line and header fields); beyond it, 431.</summary>
    public int MaxHeadBytes { get; set; } = 64 * 1024;

    /// <summary>How long a client has, from the first byte of a request, to send the whole head; then 408 and a close.
    /// Unlike the idle timeout, trickling bytes does not extend it.</summary>
    public TimeSpan HeadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a connection may sit between requests, or stall in the middle of a body, before it is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Open connections at most. A newcomer beyond it closes an idle kept-alive connection to make room (HTTP
    /// clients expect that and reconnect); when every connection is busy, it gets 503 with <c>Retry-After: 1</c>.</summary>
    public int MaxConnections { get; set; } = 256;

    /// <summary>The largest body held in memory (every route except Cloud Storage uploads); beyond it, 413.</summary>
    public long MaxInMemoryBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The largest body of one upload request, written to a scratch file as it arrives; beyond it, 413.</summary>
    public long MaxUploadBodyBytes { get; set; } = 512L * 1024 * 1024;

    public HttpServerLimits Clone() => (HttpServerLimits)MemberwiseClone();
}
