using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Emulator;
using GeminiTuning.Generation;
using GeminiTuning.Http;
using GeminiTuning.Vertex;
using GeminiTuning.Workflows;

namespace GeminiTuning.Tests;

/// <summary>Many prompts at once through the client Invoke-GeminiTunedModel uses, against an emulator that takes its time to answer.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly GeminiTuningEmulator _emulator = GeminiTuningEmulator.Start(new EmulatorOptions
    {
        JobDuration = TimeSpan.Zero,
        GenerationLatency = TimeSpan.FromSeconds(2),
        RecordRequests = false,
    });

    public void Dispose() => _emulator.Dispose();

    [Theory]
    [InlineData(64)]
    [InlineData(16)]
    public async Task Every_prompt_the_throttle_limit_allows_is_in_flight_at_once_over_the_module_s_http_client(int limit)
    {
        var transport = new ApiTransport(HttpClients.Create(null), GoogleCredentials.FromAccessToken("ya29.test-token"), new ServiceEndpoints(_emulator.BaseUri),
            RetryPolicy.Default, NullLog.Instance);
        var vertex = new VertexTuningClient(transport);
        var created = await vertex.CreateAsync("my-project", "us-central1", new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://b/t.jsonl" },
            CancellationToken.None);
        var job = await vertex.GetAsync(TuningJobName.Parse(created.Job.Name, () => default), CancellationToken.None);
        var target = GenerationTarget.Parse(job.TunedModelEndpoint!, () => default);
        var generation = new GenerationClient(transport);
        _emulator.ClearRequests();

        var work = new OrderedWork<int, GeminiTunedModelResponse>(limit, (i, ct) => generation.GenerateAsync(target, "prompt " + i, new GenerationOptions(), ct),
            CancellationToken.None);
        for (var i = 0; i < limit * 2; i++)
        {
            work.Add(i);
        }

        var answers = new List<string>();
        while (work.Pending > 0)
        {
            await work.WaitForHeadAsync(CancellationToken.None);
            answers.AddRange(work.TakeCompleted().Select(done => done.Result.Result.Text!));
        }

        Assert.Equal(Enumerable.Range(0, limit * 2).Select(i => "prompt " + i), answers.Select(a => a.Substring(a.IndexOf("prompt ", StringComparison.Ordinal))));
        Assert.Equal(limit, _emulator.PeakConcurrentRequests);
    }
}
