using System;

namespace GeminiTuning.Storage;

/// <summary>What the upload session answered to a chunk or a status query, sorted by what the upload does next.</summary>
internal sealed class ChunkAnswer
{
    private ChunkAnswer(ChunkAnswerKind kind) => Kind = kind;

    public ChunkAnswerKind Kind { get; }

    /// <summary>The stored object, when the upload is complete.</summary>
    public StorageObjectInfo? Object { get; private set; }

    /// <summary>The bytes the service has persisted, when it is incomplete.</summary>
    public long Persisted { get; private set; }

    /// <summary>Why the chunk failed, for messages and log lines.</summary>
    public string? Cause { get; private set; }

    /// <summary>How long the service asks to wait before the next try.</summary>
    public TimeSpan? RetryDelay { get; private set; }

    /// <summary>The error, when the session is gone or the upload was refused.</summary>
    public GeminiTuningException? Error { get; private set; }

    public static ChunkAnswer Done(StorageObjectInfo stored) => new(ChunkAnswerKind.Complete) { Object = stored };

    public static ChunkAnswer Incomplete(long persisted) => new(ChunkAnswerKind.Incomplete) { Persisted = persisted };

    public static ChunkAnswer Retry(string cause, TimeSpan? delay) => new(ChunkAnswerKind.Retryable) { Cause = cause, RetryDelay = delay };

    public static ChunkAnswer Gone(GeminiTuningException error) => new(ChunkAnswerKind.SessionGone) { Error = error, Cause = error.Message };

    public static ChunkAnswer Fatal(GeminiTuningException error) => new(ChunkAnswerKind.Fatal) { Error = error, Cause = error.Message };

    public string Describe() => Cause ?? Kind.ToString();
}

/// <summary>The kinds of <see cref="ChunkAnswer"/>.</summary>
internal enum ChunkAnswerKind
{
    /// <summary>The object is stored.</summary>
    Complete,

    /// <summary><c>308 Resume Incomplete</c>: carry on from the persisted offset.</summary>
    Incomplete,

    /// <summary>A dropped connection, timeout, 408, 429 or 5xx: ask where the upload stands, then carry on.</summary>
    Retryable,

    /// <summary>404 or 410: the session expired or was cancelled.</summary>
    SessionGone,

    /// <summary>Any other error: the upload was refused.</summary>
    Fatal,
}
