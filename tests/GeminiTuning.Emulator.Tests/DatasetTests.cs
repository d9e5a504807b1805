using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

public sealed class DatasetTests
{
    private const string Line1 = "{\"systemInstruction\":{\"role\":\"system\",\"parts\":[{\"text\":\"You are a pirate.\"}]},\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi there\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"Argh! What brings ye?\"}]}]}";
    private const string Line2 = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"One\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"Two\"}]},{\"role\":\"user\",\"parts\":[{\"text\":\"Three\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"Four!\"}]}]}";

    private static async Task UploadAsync(Harness h, string name, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "upload/storage/v1/b/data/o?uploadType=media&name=" + Uri.EscapeDataString(name))
        {
            Content = new StringContent(text, Encoding.UTF8, "application/jsonl"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Harness.Token);
        using var response = await h.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
    }

    private static string Job(string training, string? validation = null) =>
        "{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"" + training + "\"" +
        (validation is null ? string.Empty : ",\"validationDatasetUri\":\"" + validation + "\"") + ",\"hyperParameters\":{\"epochCount\":2}}}";

    [Fact]
    public async Task A_job_on_an_uploaded_dataset_reports_statistics_measured_from_it()
    {
        using var h = new Harness();
        await UploadAsync(h, "train.jsonl", Line1 + "\n" + Line2 + "\n");
        var name = (await h.CreateJobAsync(Job("gs://data/train.jsonl"))).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(2));
        var stats = (await h.GetJobAsync(name)).GetProperty("tuningDataStats").GetProperty("supervisedTuningDataStats");

        Assert.Equal("2", stats.GetProperty("tuningDatasetExampleCount").GetString());
        var characters = "You are a pirate.".Length + "Hi there".Length + "Argh! What brings ye?".Length + "OneTwoThreeFour!".Length;
        Assert.Equal(characters.ToString(), stats.GetProperty("totalTuningCharacterCount").GetString());
        // Tokens ≈ characters / 4 per text part, rounded up: example 1 = 5 + 2 (input) + 6 (output), example 2 = 1 + 2 (input) + 1 + 2 (output).
        Assert.Equal(((13 + 6) * 2).ToString(), stats.GetProperty("totalBillableTokenCount").GetString());
        Assert.Equal("2", stats.GetProperty("tuningStepCount").GetString());
        var input = stats.GetProperty("userInputTokenDistribution");
        Assert.Equal("10", input.GetProperty("sum").GetString());
        Assert.Equal(3, input.GetProperty("min").GetDouble());
        Assert.Equal(7, input.GetProperty("max").GetDouble());
        var messages = stats.GetProperty("userMessagePerExampleDistribution");
        Assert.Equal("6", messages.GetProperty("sum").GetString());
        Assert.Equal("Hi there", stats.GetProperty("userDatasetExamples")[0].GetProperty("parts")[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("{not json}", "line 2 is not valid JSON")]
    [InlineData("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Q\"}]}]}", "line 2 does not end with a \"model\" turn")]
    [InlineData("{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"Q\"}]}]}", "line 2 has a turn with role \"assistant\"")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"Q\"}]}", "line 2 uses the legacy \"messages\" format")]
    [InlineData("\n" + Line2, "line 2 is empty")]
    public async Task A_job_on_an_invalid_dataset_fails_validation_naming_the_line(string secondLine, string expected)
    {
        using var h = new Harness();
        await UploadAsync(h, "bad.jsonl", Line1 + "\n" + secondLine + "\n");
        var name = (await h.CreateJobAsync(Job("gs://data/bad.jsonl"))).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        var job = await h.GetJobAsync(name);
        Assert.Equal("JOB_STATE_FAILED", job.GetProperty("state").GetString());
        Assert.Equal(3, job.GetProperty("error").GetProperty("code").GetInt32());
        var message = job.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("gs://data/bad.jsonl is invalid", message);
        Assert.Contains(expected, message);
    }

    [Fact]
    public async Task A_dataset_that_is_not_UTF8_fails_as_such_even_after_an_invalid_line()
    {
        using var h = new Harness();
        using (var request = new HttpRequestMessage(HttpMethod.Post, "upload/storage/v1/b/data/o?uploadType=media&name=latin1.jsonl")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Line1 + "\n{not json}\n").Concat(new byte[] { 0x7B, 0xE9, 0x7D, 0x0A }).ToArray()),
        })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Harness.Token);
            using var response = await h.Http.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
        }

        var name = (await h.CreateJobAsync(Job("gs://data/latin1.jsonl"))).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(2));
        var job = await h.GetJobAsync(name);
        Assert.Equal("JOB_STATE_FAILED", job.GetProperty("state").GetString());
        Assert.Equal("The dataset gs://data/latin1.jsonl is invalid: it is not UTF-8 text.", job.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_byte_order_mark_before_the_first_example_is_ignored()
    {
        using var h = new Harness();
        await UploadAsync(h, "bom.jsonl", "\uFEFF" + Line1 + "\n" + Line2 + "\n");
        var name = (await h.CreateJobAsync(Job("gs://data/bom.jsonl"))).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(2));
        var stats = (await h.GetJobAsync(name)).GetProperty("tuningDataStats").GetProperty("supervisedTuningDataStats");
        Assert.Equal("2", stats.GetProperty("tuningDatasetExampleCount").GetString());
    }

    [Fact]
    public async Task An_invalid_validation_dataset_fails_the_job_too()
    {
        using var h = new Harness();
        await UploadAsync(h, "train.jsonl", Line1 + "\n");
        await UploadAsync(h, "validation.jsonl", "oops\n");
        var name = (await h.CreateJobAsync(Job("gs://data/train.jsonl", "gs://data/validation.jsonl"))).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains("gs://data/validation.jsonl is invalid: line 1", (await h.GetJobAsync(name)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_dataset_is_read_from_the_storage_directory_when_nothing_was_uploaded()
    {
        var root = Directory.CreateTempSubdirectory("emulator-storage-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "local-bucket", "sets"));
            File.WriteAllText(Path.Combine(root.FullName, "local-bucket", "sets", "train.jsonl"), Line1 + "\n" + Line1 + "\n" + Line2 + "\n");
            using var h = new Harness(o => o.StorageDirectory = root.FullName);
            var name = (await h.CreateJobAsync(Job("gs://local-bucket/sets/train.jsonl"))).GetProperty("name").GetString()!;
            h.Clock.Advance(TimeSpan.FromMinutes(2));
            var stats = (await h.GetJobAsync(name)).GetProperty("tuningDataStats").GetProperty("supervisedTuningDataStats");
            Assert.Equal("3", stats.GetProperty("tuningDatasetExampleCount").GetString());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_unreadable_dataset_gets_plausible_numbers_that_depend_only_on_its_uri()
    {
        using var h = new Harness();
        var first = (await h.CreateJobAsync(Job("gs://elsewhere/a.jsonl"))).GetProperty("name").GetString()!;
        var second = (await h.CreateJobAsync(Job("gs://elsewhere/a.jsonl"))).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(2));
        var a = (await h.GetJobAsync(first)).GetProperty("tuningDataStats").GetRawText();
        var b = (await h.GetJobAsync(second)).GetProperty("tuningDataStats").GetRawText();
        Assert.Equal(a, b);
        var count = long.Parse(JsonDocument.Parse(a).RootElement.GetProperty("supervisedTuningDataStats").GetProperty("tuningDatasetExampleCount").GetString()!);
        Assert.InRange(count, 100, 500);
    }
}
