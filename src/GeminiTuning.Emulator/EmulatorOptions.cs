using System;
using System.Collections.Generic;
using GeminiTuning.Emulator.Http;

namespace GeminiTuning.Emulator;

/// <summary>Settings for a <see cref="GeminiTuningEmulator"/>. Read once when the emulator starts, except where noted.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The loopback TCP port to listen on; 0 picks a free port (see <see cref="GeminiTuningEmulator.Port"/>).</summary>
    public int Port { get; set; }

    /// <summary>How long a tuning job (or Gemini API tuned model) takes from creation to success. Overridable per job
    /// with the label <c>emulator-duration-seconds</c>. Read at each create.</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a cancelled job stays in <c>JOB_STATE_CANCELLING</c> before it becomes <c>JOB_STATE_CANCELLED</c>.</summary>
    public TimeSpan CancelDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When true, API routes accept only unexpired access tokens issued by the emulator's own <c>/token</c>
    /// endpoint, and Gemini API routes accept only API keys registered with <see cref="GeminiTuningEmulator.RegisterApiKey"/>.
    /// When false (the default), any non-empty bearer token or API key is accepted, as other cloud emulators do.</summary>
    public bool StrictAuthentication { get; set; }

    /// <summary>The clock that drives job progress. Use <see cref="ManualClock"/> for deterministic tests. Token expiry
    /// and JWT validation always use real time, because the credential library on the other side does.</summary>
    public IEmulatorClock Clock { get; set; } = SystemClock.Instance;

    /// <summary>The page size of list methods when the request gives none (or 0).</summary>
    public int DefaultPageSize { get; set; } = 10;

    /// <summary>The largest page a list method returns; larger requested sizes are clamped to it.</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>A pause between the events of a streamed generateContent response, so that a client can observe the
    /// chunks arriving over time.</summary>
    public TimeSpan StreamChunkDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How long every generateContent and streamGenerateContent request (Vertex AI and Gemini API) waits before it
    /// is answered, standing in for a model's latency, so that a client's concurrency can be measured as it would meet the
    /// service (a hundred prompts in flight answer a hundred times faster than one after another). Zero (the default)
    /// answers at once.</summary>
    public TimeSpan GenerationLatency { get; set; } = TimeSpan.Zero;

    /// <summary>Random faults injected into a share of requests (see <see cref="FaultInjectionOptions"/>); null means none.
    /// Scripted faults (<see cref="GeminiTuningEmulator.Faults"/>) take precedence.</summary>
    public FaultInjectionOptions? RandomFaults { get; set; }

    /// <summary>Base models that the Gemini API's <c>tunedModels.create</c> accepts. The real service has had no tunable
    /// model since May 2025; the default keeps the last one (<c>models/gemini-1.5-flash-001-tuning</c>) so that the create
    /// path can be exercised. Set it to an empty collection to get today's refusal for every base model.</summary>
    public ICollection<string> GeminiApiTunableBaseModels { get; set; } = new List<string> { "models/gemini-1.5-flash-001-tuning" };

    /// <summary>A local directory whose subdirectories stand for Cloud Storage buckets: an object
    /// <c>gs://bucket/path/train.jsonl</c> that was not uploaded to the emulator is the file
    /// <c>&lt;StorageDirectory&gt;/bucket/path/train.jsonl</c> when that file exists (for tuning jobs and for the storage
    /// routes alike), and otherwise does not exist: a tuning job on it is refused, as the service refuses it. Null
    /// disables it (see <see cref="SyntheticDatasets"/>).</summary>
    public string? StorageDirectory { get; set; }

    /// <summary>Without a <see cref="StorageDirectory"/>: when true (the default), every <c>gs://…/*.jsonl</c> object the
    /// emulator was never given exists and holds a generated dataset (the same for the same URI; its statistics are
    /// plausible, its content a supervised dataset), so that scripts run without uploading anything. False makes such
    /// objects not exist, as in Cloud Storage.</summary>
    public bool SyntheticDatasets { get; set; } = true;

    /// <summary>Vertex AI base models accepted beyond those the catalog lists as tunable (e.g. a retired
    /// <c>gemini-1.5-flash-002</c>, or an id Google added since), as <see cref="GeminiApiTunableBaseModels"/> does for the
    /// Gemini API. The catalog's facts (adapter sizes…) still apply to a model it knows.</summary>
    public ICollection<string> AdditionalVertexBaseModels { get; set; } = new List<string>();

    /// <summary>How long a <c>tuningJobs:rebaseTunedModel</c> operation runs before it is done (zero: it answers done).
    /// Google does not document when the operation ends, so tests can choose.</summary>
    public TimeSpan RebaseOperationDuration { get; set; } = TimeSpan.Zero;

    /// <summary>Whether to keep every request in <see cref="GeminiTuningEmulator.Requests"/> (the default). A long-running
    /// emulator that nobody inspects (the standalone server) turns it off, so that bodies do not pile up in memory.</summary>
    public bool RecordRequests { get; set; } = true;

    /// <summary>What the HTTP server puts up with from a client (head size and deadline, idle timeout, connections,
    /// body sizes). Internal: the defaults suit every user; tests shorten them.</summary>
    internal HttpServerLimits HttpLimits { get; set; } = new HttpServerLimits();

    internal EmulatorOptions Clone()
    {
        var copy = (EmulatorOptions)MemberwiseClone();
        copy.HttpLimits = HttpLimits.Clone();
        copy.GeminiApiTunableBaseModels = new List<string>(GeminiApiTunableBaseModels ?? Array.Empty<string>());
        copy.AdditionalVertexBaseModels = new List<string>(AdditionalVertexBaseModels ?? Array.Empty<string>());
        return copy;
    }
}
