namespace GeminiTuning;

/// <summary>
/// The PowerShell error category an error belongs to. The names match
/// <c>System.Management.Automation.ErrorCategory</c> one for one, so the cmdlet layer converts by name; the client
/// library itself stays free of PowerShell.
/// </summary>
public enum ErrorCategoryHint
{
    /// <summary>No better category fits.</summary>
    NotSpecified,
    /// <summary>An argument the caller gave is wrong.</summary>
    InvalidArgument,
    /// <summary>Data (a dataset, a response) is malformed.</summary>
    InvalidData,
    /// <summary>The operation is not valid in the object's current state.</summary>
    InvalidOperation,
    /// <summary>The service answered with something unusable.</summary>
    InvalidResult,
    /// <summary>The named object does not exist.</summary>
    ObjectNotFound,
    /// <summary>The operation was stopped (cancelled).</summary>
    OperationStopped,
    /// <summary>The operation ran out of time.</summary>
    OperationTimeout,
    /// <summary>The caller lacks permission.</summary>
    PermissionDenied,
    /// <summary>The object is busy (a concurrent change).</summary>
    ResourceBusy,
    /// <summary>The object already exists.</summary>
    ResourceExists,
    /// <summary>The service is temporarily unavailable.</summary>
    ResourceUnavailable,
    /// <summary>Reading a local file failed.</summary>
    ReadError,
    /// <summary>Writing a local file failed.</summary>
    WriteError,
    /// <summary>A protocol-level failure.</summary>
    ProtocolError,
    /// <summary>The network connection failed.</summary>
    ConnectionError,
    /// <summary>Credentials are missing or were rejected.</summary>
    AuthenticationError,
    /// <summary>A limit was exceeded.</summary>
    LimitsExceeded,
    /// <summary>A quota was exhausted.</summary>
    QuotaExceeded,
    /// <summary>The feature is not implemented by the service.</summary>
    NotImplemented,
    /// <summary>A security rule refused the operation.</summary>
    SecurityError,
}
