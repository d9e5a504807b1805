namespace GeminiTuning;

/// <summary>The state of a tuning job, common to Vertex AI and the Gemini API.</summary>
/// <remarks>
/// Vertex sends <c>JOB_STATE_*</c>; the Gemini API's model states map as python-genai maps them: CREATING → Running,
/// ACTIVE → Succeeded, FAILED → Failed. A state the service adds later reads as <see cref="Unknown"/> (the raw value
/// is kept in <c>ServiceState</c>) and is treated as not ended.
/// </remarks>
public enum GeminiTuningJobState
{
    /// <summary>A state this version of the module does not know.</summary>
    Unknown = 0,
    /// <summary>JOB_STATE_UNSPECIFIED.</summary>
    Unspecified,
    /// <summary>Created, processing not begun.</summary>
    Queued,
    /// <summary>The service is preparing to run the job.</summary>
    Pending,
    /// <summary>Training is in progress.</summary>
    Running,
    /// <summary>Ended successfully; the tuned model is ready.</summary>
    Succeeded,
    /// <summary>Ended with an error.</summary>
    Failed,
    /// <summary>Cancellation has been requested and is in progress.</summary>
    Cancelling,
    /// <summary>Ended by cancellation.</summary>
    Cancelled,
    /// <summary>Stopped; can be resumed.</summary>
    Paused,
    /// <summary>Ended because it expired.</summary>
    Expired,
    /// <summary>Being updated; returns to Running.</summary>
    Updating,
    /// <summary>Ended with partial success.</summary>
    PartiallySucceeded,
    /// <summary>Deleted by Remove-GeminiTunedModel (a state of this module's, not the service's: a deleted model is gone).</summary>
    Deleted,
}

/// <summary>Which service a tuning job or tuned model belongs to.</summary>
public enum GeminiTuningBackend
{
    /// <summary>Vertex AI <c>tuningJobs</c>.</summary>
    VertexAI,
    /// <summary>The Gemini API <c>tunedModels</c>.</summary>
    GeminiApi,
}

/// <summary>LoRA adapter size for supervised tuning on Vertex AI (sent as <c>ADAPTER_SIZE_*</c>).</summary>
public enum GeminiAdapterSize
{
    /// <summary>ADAPTER_SIZE_ONE.</summary>
    One = 1,
    /// <summary>ADAPTER_SIZE_TWO.</summary>
    Two = 2,
    /// <summary>ADAPTER_SIZE_FOUR.</summary>
    Four = 4,
    /// <summary>ADAPTER_SIZE_EIGHT.</summary>
    Eight = 8,
    /// <summary>ADAPTER_SIZE_SIXTEEN.</summary>
    Sixteen = 16,
    /// <summary>ADAPTER_SIZE_THIRTY_TWO.</summary>
    ThirtyTwo = 32,
}
