using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Emulator;
using GeminiTuning.Generation;
using GeminiTuning.Http;
using GeminiTuning.Workflows;
using GeminiTuning.Vertex;

// Many prompts through the path Invoke-GeminiTunedModel takes: GenerationClient over the shared HttpClient, one prompt
// after another (-ThrottleLimit 1) and through OrderedWork at several limits. The emulator stands in for the service;
// its random-fault injection, set to delay every request, stands in for the service's latency.
var prompts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var latencyMs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;

Console.WriteLine($"GeminiTuning prompt throughput: {prompts} prompts, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine();
await Measure("no added latency (client and loopback overhead)", TimeSpan.Zero, Math.Max(prompts, 1000), new[] { 1, 4 });
await Measure($"{latencyMs} ms per request (a service's latency)", TimeSpan.FromMilliseconds(latencyMs), prompts, new[] { 1, 4, 8, 16 });

async Task Measure(string title, TimeSpan latency, int count, int[] limits)
{
    using var emulator = GeminiTuningEmulator.Start(new EmulatorOptions
    {
        JobDuration = TimeSpan.Zero,
        RecordRequests = false,
        RandomFaults = latency > TimeSpan.Zero
            ? new FaultInjectionOptions
            {
                Rate = 1.0, Seed = 1, SlowDelay = latency, TooManyRequestsWeight = 0, ServiceUnavailableWeight = 0, DropConnectionWeight = 0,
                SlowResponseWeight = 1, Operations = new[] { EmulatorOperation.GenerateContent },
            }
            : null,
    });
    var transport = new ApiTransport(HttpClients.Create(null), GoogleCredentials.FromAccessToken("ya29.bench-token"), new ServiceEndpoints(emulator.BaseUri),
        RetryPolicy.Default, NullLog.Instance);
    var job = (await new VertexTuningClient(transport).CreateAsync("bench-project", "us-central1",
        new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bench/t.jsonl" }, CancellationToken.None)).Job;
    var endpoint = (await new VertexTuningClient(transport).GetAsync(TuningJobName.Parse(job.Name, () => default), CancellationToken.None)).TunedModelEndpoint!;
    var target = GenerationTarget.Parse(endpoint, () => default);
    var generation = new GenerationClient(transport);
    var options = new GenerationOptions();
    await generation.GenerateAsync(target, "warm-up", options, CancellationToken.None);

    Console.WriteLine(title);
    Console.WriteLine("  throttle   seconds   prompts/s   vs 1");
    double? baseline = null;
    foreach (var limit in limits)
    {
        var watch = Stopwatch.StartNew();
        var work = new OrderedWork<int, GeminiTunedModelResponse>(limit, (i, ct) => generation.GenerateAsync(target, "prompt " + i, options, ct), CancellationToken.None);
        var answered = 0;
        for (var i = 0; i < count; i++)
        {
            work.Add(i);
            answered += work.TakeCompleted().Count();
            while (work.Pending >= 2 * limit)
            {
                await work.WaitForHeadAsync(CancellationToken.None);
                answered += work.TakeCompleted().Count();
            }
        }

        while (work.Pending > 0)
        {
            await work.WaitForHeadAsync(CancellationToken.None);
            answered += work.TakeCompleted().Count();
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var rate = answered / seconds;
        baseline ??= rate;
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,8}   {1,7:0.00}   {2,9:0}   {3,4:0.0}x", limit, seconds, rate, rate / baseline));
    }

    Console.WriteLine();
}
