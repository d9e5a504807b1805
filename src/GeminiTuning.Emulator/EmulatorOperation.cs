namespace GeminiTuning.Emulator;

/// <summary>What a request to the emulator asks for; used to script faults and to inspect <see cref="RecordedRequest"/>s.</summary>
public enum EmulatorOperation
{
    /// <summary>A request that matched no route (answered with Google's HTML 404 page).</summary>
    Unknown,

    /// <summary><c>POST /token</c>: OAuth 2.0 JWT-bearer token exchange.</summary>
    Token,

    /// <summary>Vertex AI <c>tuningJobs.create</c>.</summary>
    CreateTuningJob,

    /// <summary>Vertex AI <c>tuningJobs.get</c>.</summary>
    GetTuningJob,

    /// <summary>Vertex AI <c>tuningJobs.list</c>.</summary>
    ListTuningJobs,

    /// <summary>Vertex AI <c>tuningJobs.cancel</c>.</summary>
    CancelTuningJob,

    /// <summary>Vertex AI <c>endpoints.generateContent</c> on a tuned model's endpoint.</summary>
    GenerateContent,

    /// <summary>Vertex AI <c>endpoints.streamGenerateContent</c> on a tuned model's endpoint.</summary>
    StreamGenerateContent,

    /// <summary>Gemini API <c>tunedModels.create</c>.</summary>
    CreateTunedModel,

    /// <summary>Gemini API <c>tunedModels.get</c>.</summary>
    GetTunedModel,

    /// <summary>Gemini API <c>tunedModels.list</c>.</summary>
    ListTunedModels,

    /// <summary>Gemini API <c>tunedModels.patch</c>.</summary>
    PatchTunedModel,

    /// <summary>Gemini API <c>tunedModels.delete</c>.</summary>
    DeleteTunedModel,

    /// <summary>Gemini API <c>tunedModels.operations.get</c>.</summary>
    GetOperation,

    /// <summary>Gemini API <c>tunedModels.operations.list</c>.</summary>
    ListOperations,

    /// <summary>Gemini API <c>tunedModels.generateContent</c>.</summary>
    GeminiGenerateContent,

    /// <summary>Gemini API <c>tunedModels.streamGenerateContent</c>.</summary>
    GeminiStreamGenerateContent,

    /// <summary>Cloud Storage upload: starting a resumable session, sending a chunk or a simple (media) upload.</summary>
    StorageUpload,

    /// <summary>Cloud Storage <c>objects.get</c> (metadata).</summary>
    StorageGetObject,

    /// <summary>Vertex AI ML Metadata <c>contexts.get</c> (a tuning job's experiment).</summary>
    GetMetadataContext,

    /// <summary>Vertex AI TensorBoard <c>experiments.runs.list</c>.</summary>
    ListTensorboardRuns,

    /// <summary>Vertex AI TensorBoard <c>runs.timeSeries.list</c>.</summary>
    ListTimeSeries,

    /// <summary>Vertex AI TensorBoard <c>timeSeries.read</c>.</summary>
    ReadTimeSeries,

    /// <summary>Vertex AI TensorBoard <c>tensorboards.batchRead</c>.</summary>
    BatchReadTimeSeries,

    /// <summary>Vertex AI TensorBoard <c>timeSeries.exportTensorboardTimeSeries</c>.</summary>
    ExportTimeSeries,

    /// <summary>Vertex AI ML Metadata <c>contexts.list</c>.</summary>
    ListMetadataContexts,

    /// <summary>Cloud Storage object download (<c>alt=media</c>).</summary>
    StorageDownloadObject,

    /// <summary>Cloud Storage <c>objects.list</c>.</summary>
    StorageListObjects,

    /// <summary>Cloud Storage <c>objects.delete</c>.</summary>
    StorageDeleteObject,

    /// <summary>Vertex AI <c>tuningJobs.rebaseTunedModel</c>.</summary>
    RebaseTunedModel,

    /// <summary>Vertex AI <c>tuningJobs.operations.get</c> (a rebase's operation).</summary>
    GetTuningJobOperation,

    /// <summary>Gemini API <c>tunedModels.operations.cancel</c> (v1).</summary>
    CancelOperation,
}
