namespace GeminiTuning.Internal;

/// <summary>
/// A <c>google.rpc.Status</c> embedded in a resource (TuningJob.error, Operation.error): <c>code</c> is the gRPC code
/// (1 = CANCELLED …), unlike the HTTP code of an error response's envelope.
/// </summary>
internal sealed class RpcStatusWire
{
    public int Code { get; set; }
    public string? Message { get; set; }
}
