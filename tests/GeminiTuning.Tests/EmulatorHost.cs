using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Emulator;
using GeminiTuning.Generation;
using GeminiTuning.Http;
using GeminiTuning.Workflows;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests;

/// <summary>A log that keeps every line, with -Debug on.</summary>
public sealed class TestLog : IGeminiTuningLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public bool IsDebugEnabled => true;

    public void Verbose(string message) => Lines.Enqueue("VERBOSE: " + message);

    public void Debug(string message) => Lines.Enqueue("DEBUG: " + message);

    public void Warning(string message) => Lines.Enqueue("WARNING: " + message);

    public string All => string.Join("\n", Lines);
}

/// <summary>An in-process emulator on 127.0.0.1 with a manual clock, and clients pointed at it.</summary>
public sealed class EmulatorHost : IDisposable
{
    public const string Project = "my-project";
    public const string Region = "us-central1";

    public EmulatorHost(bool strict = false, TimeSpan? jobDuration = null, TimeSpan? streamChunkDelay = null, FaultInjectionOptions? faults = null,
        Action<EmulatorOptions>? configure = null)
    {
        Clock = new ManualClock(DateTimeOffset.UtcNow);
        var options = new EmulatorOptions
        {
            Clock = Clock,
            StrictAuthentication = strict,
            JobDuration = jobDuration ?? TimeSpan.FromMinutes(60),
            CancelDuration = TimeSpan.FromSeconds(30),
            StreamChunkDelay = streamChunkDelay ?? TimeSpan.Zero,
            RandomFaults = faults,
        };
        configure?.Invoke(options);
        Emulator = GeminiTuningEmulator.Start(options);
    }

    public GeminiTuningEmulator Emulator { get; }

    public ManualClock Clock { get; }

    public TestLog Log { get; } = new();

    public string ProjectNumber => Emulator.ProjectNumberFor(Project);

    /// <summary>Fast retries so that retry tests take milliseconds.</summary>
    public static RetryPolicy FastRetries() => new(seed: 42) { InitialDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(40) };

    public ApiTransport Transport(IAccessTokenSource? credential = null, RetryPolicy? retry = null) =>
        new(HttpClients.Create(null), credential ?? GoogleCredentials.FromAccessToken("ya29.test-token-for-emulator"),
            new ServiceEndpoints(Emulator.BaseUri), retry ?? FastRetries(), Log);

    public VertexTuningClient Vertex(IAccessTokenSource? credential = null) =>
        new(Transport(credential)) { LostAnswerLookupDelay = TimeSpan.FromMilliseconds(20) };

    public GenerationClient Generation(IAccessTokenSource? credential = null) => new(Transport(credential));

    /// <summary>Services as a cmdlet gets them, with this emulator connected.</summary>
    public GeminiTuningServices Services(string? project = Project, string? region = Region, IAccessTokenSource? credential = null)
    {
        var context = new GeminiTuningContext(project, region, Emulator.BaseUri, credential ?? GoogleCredentials.FromAccessToken("ya29.test-token-for-emulator"));
        return new GeminiTuningServices(new SettingsResolver(context, _ => null), Log, HttpClients.Create(null), FastRetries());
    }

    public TuningJobOperations Operations(string? project = Project, string? region = Region) => new(Services(project, region));

    public IReadOnlyList<RecordedRequest> RequestsFor(EmulatorOperation operation) => Emulator.Requests.Where(r => r.Operation == operation).ToList();

    public void Dispose() => Emulator.Dispose();
}
