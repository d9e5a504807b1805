using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Emulator;
using GeminiTuning.Http;
using GeminiTuning.Vertex;

namespace GeminiTuning.Bench;

/// <summary>
/// The service the prompt and import benchmarks talk to: the emulator in a process of its own (this program, started
/// again with <c>host</c>), so that the PowerShell being measured shares nothing with it but the machine. Every
/// generateContent answer waits <see cref="EmulatorOptions.GenerationLatency"/>, standing in for a model's latency.
/// </summary>
internal sealed class EmulatorHost : IDisposable
{
    public const string Project = "bench-project";
    public const string Region = "us-central1";
    public const string Token = "ya29.bench-token";

    private readonly Process _process;

    private EmulatorHost(Process process, Uri baseUri, string endpoint)
    {
        _process = process;
        BaseUri = baseUri;
        Endpoint = endpoint;
    }

    public Uri BaseUri { get; }

    /// <summary>A tuned model's endpoint (projects/…/endpoints/…) that answers prompts.</summary>
    public string Endpoint { get; }

    /// <summary>The URL a plain REST client posts a prompt to.</summary>
    public Uri GenerateUri => new(BaseUri, "v1/" + Endpoint + ":generateContent");

    /// <summary>Starts a host process and waits until it serves.</summary>
    public static EmulatorHost Start(TimeSpan latency)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(EmulatorHost).Assembly.Location);
        }

        start.ArgumentList.Add("host");
        start.ArgumentList.Add(latency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emulator host.");
        var url = process.StandardOutput.ReadLine();
        var endpoint = process.StandardOutput.ReadLine();
        if (url is null || endpoint is null)
        {
            process.Kill();
            throw new InvalidOperationException("The emulator host did not start.");
        }

        return new EmulatorHost(process, new Uri(url), endpoint);
    }

    /// <summary>Closing the host's standard input stops it.</summary>
    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(10_000))
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    /// <summary>The host's side: serve until standard input closes.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var latency = TimeSpan.FromMilliseconds(double.Parse(args[0], CultureInfo.InvariantCulture));
        using var emulator = GeminiTuningEmulator.Start(new EmulatorOptions
        {
            JobDuration = TimeSpan.Zero,
            RecordRequests = false,
            GenerationLatency = latency,
        });
        var transport = new ApiTransport(HttpClients.Create(null), GoogleCredentials.FromAccessToken(Token), new ServiceEndpoints(emulator.BaseUri),
            RetryPolicy.Default, NullLog.Instance);
        var vertex = new VertexTuningClient(transport);
        var created = await vertex.CreateAsync(Project, Region,
            new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bench/train.jsonl" }, CancellationToken.None);
        var job = await vertex.GetAsync(TuningJobName.Parse(created.Job.Name, () => default), CancellationToken.None);
        Console.Out.WriteLine(emulator.BaseUri.ToString());
        Console.Out.WriteLine(job.TunedModelEndpoint);
        Console.Out.Flush();
        await Console.In.ReadToEndAsync();
        return 0;
    }
}
