using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using GeminiTuning.Emulator.Auth;
using GeminiTuning.Emulator.Datasets;
using GeminiTuning.Emulator.Gemini;
using GeminiTuning.Emulator.Http;
using GeminiTuning.Emulator.Metrics;
using GeminiTuning.Emulator.Storage;
using GeminiTuning.Emulator.Vertex;

namespace GeminiTuning.Emulator;

/// <summary>A local HTTP server on 127.0.0.1 that speaks the Google REST APIs GeminiTuning uses — Vertex AI tuning jobs,
/// tuned-endpoint generation and tuning metrics, the Gemini API's tuned models, Cloud Storage uploads and the OAuth token
/// endpoint for service accounts — so that tests and scripts run offline.
/// Requests are served concurrently; every member is thread-safe.</summary>
public sealed class GeminiTuningEmulator : IDisposable
{
    private readonly HttpServer _server;
    private readonly IdentityRegistry _identities = new IdentityRegistry();
    private readonly RequestPipeline _pipeline;
    private readonly object _errorGate = new object();
    private readonly List<Exception> _unexpectedErrors = new List<Exception>();
    private readonly StorageService _storage;
    private readonly EmulatorFiles _files = new EmulatorFiles();
    private readonly ConcurrentBag<string> _keyFiles = new ConcurrentBag<string>();

    private GeminiTuningEmulator(EmulatorOptions options)
    {
        Options = options;
        Faults = new FaultPlan();
        var router = new Router();
        var jobs = new TuningJobStore();
        router.Add(new Route("POST", new[] { "token" }, string.Empty, EmulatorOperation.Token, AuthRequirement.None, new TokenEndpoint(_identities).HandleAsync));
        _storage = new StorageService(new ObjectStore(_files), () => BaseUri, options.HttpLimits.MaxInMemoryBodyBytes, MissingObject);
        _storage.Register(router);
        new TuningJobService(jobs, options, OpenDataset).Register(router);
        new EndpointService(jobs, options).Register(router);
        new MetadataContextService(jobs).Register(router);
        new TensorboardService(jobs).Register(router);
        new TunedModelService(new TunedModelStore(), options).Register(router);
        _pipeline = new RequestPipeline(router, Faults, _identities, options, ReportUnexpected);
        _server = new HttpServer(options.Port, _pipeline, options.HttpLimits, _files, ReportUnexpected);
    }

    /// <summary>The address to send requests to: <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri BaseUri => new Uri("http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture) + "/");

    /// <summary>The TCP port the emulator listens on (the one picked when <see cref="EmulatorOptions.Port"/> was 0).</summary>
    public int Port { get; private set; }

    /// <summary>The options the emulator was started with (a copy; changing it afterwards has no effect except where
    /// <see cref="EmulatorOptions"/> says a value is read at each request).</summary>
    public EmulatorOptions Options { get; }

    /// <summary>Scripted faults for coming requests.</summary>
    public FaultPlan Faults { get; }

    /// <summary>Every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _pipeline.Records;

    /// <summary>Errors the emulator did not expect (bugs), kept so that tests can assert there were none.</summary>
    internal IReadOnlyList<Exception> UnexpectedErrors
    {
        get
        {
            lock (_errorGate)
            {
                return _unexpectedErrors.ToArray();
            }
        }
    }

    internal IdentityRegistry Identities => _identities;

    /// <summary>Where uploads are kept on disk.</summary>
    internal EmulatorFiles Files => _files;

    /// <summary>Starts an emulator listening on the loopback interface.</summary>
    /// <param name="options">Settings; null for the defaults. The emulator keeps its own copy.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    public static GeminiTuningEmulator Start(EmulatorOptions? options = null)
    {
        var copy = (options ?? new EmulatorOptions()).Clone();
        if (copy.Port < 0 || copy.Port > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), copy.Port, "The port must be between 0 and 65535.");
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(EmulatorOptions.JobDuration), copy.JobDuration), (nameof(EmulatorOptions.CancelDuration), copy.CancelDuration),
                     (nameof(EmulatorOptions.StreamChunkDelay), copy.StreamChunkDelay),
                     (nameof(EmulatorOptions.GenerationLatency), copy.GenerationLatency),
                 })
        {
            if (value < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException("options." + name, value, name + " cannot be negative.");
            }
        }

        if (copy.DefaultPageSize < 1 || copy.MaxPageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Page sizes must be positive.");
        }

        copy.Clock ??= SystemClock.Instance;
        copy.RandomFaults?.Validate();
        var emulator = new GeminiTuningEmulator(copy);
        emulator._server.Start();
        emulator.Port = emulator._server.Port;
        return emulator;
    }

    /// <summary>Stops listening and closes every connection (within about a second), then deletes the uploaded objects'
    /// files. Idempotent.</summary>
    public void Stop()
    {
        _server.Stop();
        _files.Dispose();
        foreach (var keyFile in _keyFiles)
        {
            ServiceAccountKeyFiles.Delete(keyFile);
        }
    }

    /// <summary>Stops the emulator.</summary>
    public void Dispose() => Stop();

    /// <summary>Creates a service account the token endpoint knows: generates an RSA-2048 key, registers its public key
    /// under <paramref name="clientEmail"/> and the key's <c>private_key_id</c>, and returns the complete key file (JSON
    /// text) whose <c>token_uri</c> points at this emulator. Load it with Google.Apis.Auth's
    /// <c>CredentialFactory.FromFile&lt;ServiceAccountCredential&gt;</c> (or GOOGLE_APPLICATION_CREDENTIALS).</summary>
    /// <param name="clientEmail">The service account's email (the JWT issuer).</param>
    /// <param name="projectId">The key file's <c>project_id</c>.</param>
    /// <returns>The key file's JSON text.</returns>
    public string CreateServiceAccountKey(string clientEmail = "tuner@emulator-project.iam.gserviceaccount.com", string projectId = "emulator-project")
    {
        if (string.IsNullOrEmpty(clientEmail))
        {
            throw new ArgumentException("A client email is required.", nameof(clientEmail));
        }

        return _identities.CreateServiceAccountKey(clientEmail, projectId ?? string.Empty, BaseUri);
    }

    /// <summary>Creates a service account as <see cref="CreateServiceAccountKey"/> does and writes its key file where only the
    /// current user can read it (mode 0600 on Linux and macOS; on Windows an access list that admits the file's owner
    /// alone). The file is deleted when the emulator stops, or, if it is never stopped, when the process exits.</summary>
    /// <param name="clientEmail">The service account's email (the JWT issuer).</param>
    /// <param name="projectId">The key file's <c>project_id</c>.</param>
    /// <param name="path">Where to write it; null for a new file in the user's temporary folder. The file must not exist.</param>
    /// <returns>The key file's full path.</returns>
    public string WriteServiceAccountKeyFile(string clientEmail = "tuner@emulator-project.iam.gserviceaccount.com", string projectId = "emulator-project",
        string? path = null)
    {
        var json = CreateServiceAccountKey(clientEmail, projectId);
        var target = Path.GetFullPath(path ?? Path.Combine(Path.GetTempPath(),
            "geminituning-emulator-" + Port.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N") + ".json"));
        ServiceAccountKeyFiles.Write(target, json);
        _keyFiles.Add(target);
        return target;
    }

    /// <summary>Registers an API key; with <see cref="EmulatorOptions.StrictAuthentication"/> the Gemini API routes accept only registered keys.</summary>
    /// <param name="apiKey">The key.</param>
    public void RegisterApiKey(string apiKey)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            throw new ArgumentException("An API key cannot be empty.", nameof(apiKey));
        }

        _identities.RegisterApiKey(apiKey);
    }

    /// <summary>Forgets the recorded requests, and starts counting <see cref="PeakConcurrentRequests"/> again from the
    /// requests being handled now.</summary>
    public void ClearRequests() => _pipeline.ClearRecords();

    /// <summary>The most requests the emulator has been handling at the same time (from reading a request's head to
    /// writing its answer), since it started or since <see cref="ClearRequests"/>: how much of a client's concurrency
    /// actually reached the server.</summary>
    public int PeakConcurrentRequests => _pipeline.PeakConcurrent;

    /// <summary>The stable 12-digit project number the emulator uses in resource names for a project id (a number is returned unchanged).</summary>
    /// <param name="projectId">The project id.</param>
    /// <returns>The project number.</returns>
    public string ProjectNumberFor(string projectId)
    {
        if (string.IsNullOrEmpty(projectId))
        {
            throw new ArgumentException("A project id is required.", nameof(projectId));
        }

        return Projects.NumberFor(projectId);
    }

    private void ReportUnexpected(Exception e)
    {
        lock (_errorGate)
        {
            _unexpectedErrors.Add(e);
        }
    }

    /// <summary>
    /// A gs:// dataset: its content opened for reading, or that it is a synthetic one, or null when there is no such
    /// object (then the create is refused, as the service refuses a dataset it cannot find).
    /// </summary>
    private DatasetSource? OpenDataset(string uri)
    {
        if (!uri.StartsWith("gs://", StringComparison.Ordinal))
        {
            return null;
        }

        var path = uri.Substring(5);
        var slash = path.IndexOf('/');
        if (slash <= 0)
        {
            return null;
        }

        var opened = _storage.OpenDataset(path.Substring(0, slash), path.Substring(slash + 1), Options.Clock.UtcNow);
        if (opened is not { } found)
        {
            return null;
        }

        if (found.Synthetic)
        {
            found.Content.Dispose();
            return DatasetSource.SyntheticDataset;
        }

        return new DatasetSource(found.Content);
    }

    /// <summary>
    /// What stands for an object never uploaded: the file of the same path under <see cref="EmulatorOptions.StorageDirectory"/>,
    /// else, in synthetic mode, a generated .jsonl dataset.
    /// </summary>
    private MissingObject? MissingObject(string bucket, string name)
    {
        if (Options.StorageDirectory is string root)
        {
            if (bucket.IndexOf("..", StringComparison.Ordinal) >= 0)
            {
                return null;
            }

            var full = Path.GetFullPath(Path.Combine(root, bucket, name.Replace('/', Path.DirectorySeparatorChar)));
            var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            if (!full.StartsWith(rootFull, StringComparison.Ordinal) || !File.Exists(full))
            {
                return null;
            }

            return new MissingObject(name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? "application/jsonl" : "application/octet-stream", write =>
            {
                using var file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
                {
                    write(buffer, 0, read);
                }
            }, synthetic: false);
        }

        return Options.SyntheticDatasets && name.EndsWith(".jsonl", StringComparison.Ordinal)
            ? new MissingObject("application/jsonl", write => SyntheticDataset.Write("gs://" + bucket + "/" + name, write), synthetic: true)
            : null;
    }
}
