using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using GeminiTuning.Emulator;

namespace GeminiTuning.Emulator.Tests;

/// <summary>An emulator on a manual clock plus an HttpClient that sends requests the way the official curl samples do.</summary>
internal sealed class Harness : IDisposable
{
    public const string Token = "ya29.test-token";
    public const string Project = "my-project";
    public const string Location = "us-central1";
    public const string Parent = "v1/projects/" + Project + "/locations/" + Location;

    public static readonly DateTimeOffset Start = new DateTimeOffset(2026, 8, 21, 10, 15, 30, 123, TimeSpan.Zero).AddTicks(4560);

    public Harness(Action<EmulatorOptions>? configure = null)
    {
        Clock = new ManualClock(Start);
        var options = new EmulatorOptions { Clock = Clock, JobDuration = TimeSpan.FromMinutes(10), CancelDuration = TimeSpan.FromSeconds(2) };
        configure?.Invoke(options);
        Emulator = GeminiTuningEmulator.Start(options);
        Http = new HttpClient { BaseAddress = Emulator.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ManualClock Clock { get; }

    public GeminiTuningEmulator Emulator { get; }

    public HttpClient Http { get; }

    public string ProjectNumber => Emulator.ProjectNumberFor(Project);

    public static StringContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string? token = Token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = Json(body);
        }

        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string body, string? token = Token) => SendAsync(HttpMethod.Post, path, body, token);

    public Task<HttpResponseMessage> GetAsync(string path, string? token = Token) => SendAsync(HttpMethod.Get, path, null, token);

    /// <summary>Sends and expects a status; returns the parsed JSON body.</summary>
    public async Task<JsonElement> ExpectAsync(int status, HttpMethod method, string path, string? body = null, string? token = Token)
    {
        using var response = await SendAsync(method, path, body, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status} but got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> CreateJobAsync(string body, string parent = Parent) => ExpectAsync(200, HttpMethod.Post, parent + "/tuningJobs", body);

    public Task<JsonElement> GetJobAsync(string name) => ExpectAsync(200, HttpMethod.Get, "v1/" + name);

    public static string MinimalJob(string labels = "", string extraSpec = "", string extra = "") =>
        "{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://my-bucket/train.jsonl\"" + extraSpec + "}" +
        (labels.Length > 0 ? ",\"labels\":{" + labels + "}" : string.Empty) + extra + "}";

    /// <summary>Asserts the Google error envelope and returns its message.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, int code, string status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == code, $"Expected {code} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Equal(status, error.GetProperty("status").GetString());
        return error.GetProperty("message").GetString()!;
    }

    public void ClearRequestsAndFaults()
    {
        Emulator.ClearRequests();
        Emulator.Faults.Clear();
    }

    public void Dispose()
    {
        Http.Dispose();
        Emulator.Dispose();
        Assert.Empty(Emulator.UnexpectedErrors);
    }
}
