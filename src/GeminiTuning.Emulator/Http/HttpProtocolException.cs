using System;

namespace GeminiTuning.Emulator.Http;

/// <summary>The bytes on the connection are not an acceptable HTTP/1.x request; answered with <see cref="Status"/> and a close.</summary>
internal sealed class HttpProtocolException : Exception
{
    public HttpProtocolException(int status, string message)
        : base(message)
    {
        Status = status;
    }

    public int Status { get; }
}
