using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Emulator;
using GeminiTuning.GeminiApi;
using GeminiTuning.Generation;
using GeminiTuning.Http;
using GeminiTuning.Storage;
using GeminiTuning.Tests.Datasets;
using GeminiTuning.Tests.Storage;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests;

/// <summary>Every request names the module and its host the same way, whatever it carries (a token, an API key, nothing).</summary>
public sealed class UserAgentTests : IDisposable
{
    // The only value any test sets: tests run in parallel and the host is process-wide.
    private const string Host = "PowerShell/7.6.10 (Core)";

    private readonly EmulatorHost _host = new();
    private readonly TempFolder _folder = new();

    public UserAgentTests() => ClientIdentity.SetHost("PowerShell", "7.6.10", "Core");

    public void Dispose()
    {
        _host.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Vertex_Gemini_API_storage_and_token_requests_all_carry_one_User_Agent_naming_the_host()
    {
        var keyPath = _folder.WriteBytes("key.json", System.Text.Encoding.UTF8.GetBytes(_host.Emulator.CreateServiceAccountKey()));
        var transport = _host.Transport(GoogleCredentials.FromFile(keyPath));

        // Vertex AI with a bearer token from the JWT-bearer exchange, and generation on the tuned endpoint.
        var vertex = new VertexTuningClient(transport);
        var job = (await vertex.CreateAsync(EmulatorHost.Project, EmulatorHost.Region, TestRequests.EveryParameter("ua-request"), CancellationToken.None)).Job;
        _host.Clock.Advance(TimeSpan.FromHours(2));
        var done = await vertex.GetAsync(TuningJobName.Parse(job.Name, () => default), CancellationToken.None);
        var target = GenerationTarget.Parse(done.TunedModelEndpoint, () => default);
        await new GenerationClient(transport).GenerateAsync(target, "hello", new GenerationOptions(), CancellationToken.None);

        // The Gemini API with an API key: no token at all.
        await new GeminiApiClient(_host.Transport(), "AIzaUserAgentTestKey0001").ListPageAsync(null, null, null, CancellationToken.None);

        // Cloud Storage: metadata, the session start (with the token) and its chunks and status query (without), a
        // dropped chunk forcing the status query.
        var storage = new StorageClient(transport) { ChunkSize = StorageClient.ChunkGranularity };
        var target2 = new GcsObject("my-bucket", "ua/data.bin");
        _host.Emulator.Faults.Enqueue(EmulatorOperation.StorageUpload, Fault.Delay(TimeSpan.Zero), 2);
        _host.Emulator.Faults.Enqueue(EmulatorOperation.StorageUpload, Fault.DropConnection());
        var path = _folder.WriteBytes("data.bin", StorageTestSupport.Bytes(StorageClient.ChunkGranularity + 1000));
        await storage.UploadFileAsync(path, target2, "application/octet-stream", null, null, CancellationToken.None);
        await storage.GetObjectAsync(target2, CancellationToken.None);

        var requests = _host.Emulator.Requests.ToList();
        Assert.Contains(requests, r => r.Operation == EmulatorOperation.Token);
        Assert.Contains(requests, r => r.Operation == EmulatorOperation.CreateTuningJob);
        Assert.Contains(requests, r => r.Operation == EmulatorOperation.GenerateContent);
        Assert.Contains(requests, r => r.Operation == EmulatorOperation.ListTunedModels && r.Headers.ContainsKey("x-goog-api-key"));
        Assert.Contains(requests, r => r.Operation == EmulatorOperation.StorageUpload && r.Method == "PUT" && r.Headers["Content-Range"].StartsWith("bytes */"));
        var userAgent = "GeminiTuning/" + ClientIdentity.ModuleVersion + " " + Host;
        Assert.Equal(userAgent, ClientIdentity.UserAgent);
        Assert.All(requests.Where(r => r.Operation != EmulatorOperation.Token), r => Assert.Equal(userAgent, r.Headers["User-Agent"]));
        Assert.All(requests.Where(r => r.Operation != EmulatorOperation.Token),
            r => Assert.EndsWith(" geminituning/" + ClientIdentity.ModuleVersion + " powershell/7.6.10", r.Headers["x-goog-api-client"]));

        // Google.Apis.Auth sends the token request and appends its own product token.
        Assert.All(requests.Where(r => r.Operation == EmulatorOperation.Token), r => Assert.StartsWith(userAgent + " google-api-dotnet-client/", r.Headers["User-Agent"]));
    }

    [Theory]
    [InlineData("Power Shell", "7.6", null)]
    [InlineData("PowerShell", "7/6", null)]
    [InlineData("PowerShell", "7.6", "Core)")]
    public void A_host_name_that_cannot_be_written_in_a_User_Agent_is_refused(string product, string version, string? comment)
    {
        var error = Assert.Throws<ArgumentException>(() => ClientIdentity.SetHost(product, version, comment));

        Assert.Contains("User-Agent", error.Message);
        Assert.Equal(Host, ClientIdentity.Host);
    }
}
