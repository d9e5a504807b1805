using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Emulator;
using GeminiTuning.Generation;
using GeminiTuning.Workflows;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests;

public sealed class SecretsTests : IDisposable
{
    private readonly EmulatorHost _host = new(strict: true);
    private readonly string _folder = Directory.CreateTempSubdirectory("gt-secrets-").FullName;

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task No_token_assertion_or_key_material_appears_in_any_log_line_error_or_output()
    {
        var keyJson = _host.Emulator.CreateServiceAccountKey();
        var keyPath = Path.Combine(_folder, "key.json");
        File.WriteAllText(keyPath, keyJson);
        var credential = GoogleCredentials.FromFile(keyPath);
        var context = new GeminiTuningContext(EmulatorHost.Project, EmulatorHost.Region, _host.Emulator.BaseUri, credential);
        var services = new GeminiTuningServices(new Config.SettingsResolver(context, _ => null), _host.Log, Http.HttpClients.Create(null), EmulatorHost.FastRetries());
        var operations = new TuningJobOperations(services);
        var outputs = new List<string>();

        // Every kind of call, with -Debug on: create, get, list, a failure, a retried failure, generation, a stream, a cancel.
        var job = (await operations.CreateAsync(null, null, new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/t.jsonl" }, CancellationToken.None)).Job;
        _host.Emulator.Faults.Enqueue(EmulatorOperation.GetTuningJob, Fault.Error(503, "UNAVAILABLE", "busy"));
        _host.Clock.Advance(TimeSpan.FromHours(2));
        var done = await operations.GetAsync(job.Name, null, null, CancellationToken.None);
        await operations.ListAsync(new ListJobsRequest(), j => outputs.Add(JsonSerializer.Serialize(j)), CancellationToken.None);
        var notFound = await Assert.ThrowsAsync<GoogleApiException>(() => operations.GetAsync("42", null, null, CancellationToken.None));
        var target = operations.ResolveTarget(done.TunedModelEndpoint!, null, null);
        outputs.Add(JsonSerializer.Serialize(await services.Generation.GenerateAsync(target, "hello", new GenerationOptions(), CancellationToken.None)));
        await services.Generation.StreamAsync(target, "hello", new GenerationOptions(), c => outputs.Add(JsonSerializer.Serialize(c)), CancellationToken.None);
        var cancelRefused = await Assert.ThrowsAsync<GoogleApiException>(() => operations.CancelAsync(job.Name, null, null, CancellationToken.None));
        outputs.Add(JsonSerializer.Serialize(context));
        outputs.Add(notFound.ToString());
        outputs.Add(cancelRefused.ToString());

        var tokens = _host.Emulator.Requests.Where(r => r.Headers.ContainsKey("Authorization"))
            .Select(r => r.Headers["Authorization"].Substring("Bearer ".Length)).Distinct().ToList();
        var assertion = _host.RequestsFor(EmulatorOperation.Token).Single().Body.Split('&').Single(p => p.StartsWith("assertion=", StringComparison.Ordinal)).Substring(10);
        var keyLines = JsonDocument.Parse(keyJson).RootElement.GetProperty("private_key").GetString()!
            .Split('\n').Where(l => l.Length > 20 && !l.StartsWith("-----", StringComparison.Ordinal)).ToList();
        var everything = _host.Log.All + "\n" + string.Join("\n", outputs);

        Assert.NotEmpty(tokens);
        Assert.Contains("DEBUG: Request body", _host.Log.All);
        Assert.Contains("VERBOSE: GET", _host.Log.All);
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(token, everything);
        }

        Assert.DoesNotContain(assertion, everything);
        Assert.DoesNotContain(assertion.Split('.')[2], everything);
        Assert.All(keyLines, line => Assert.DoesNotContain(line, everything));
        Assert.DoesNotContain("PRIVATE KEY", everything);
    }
}
