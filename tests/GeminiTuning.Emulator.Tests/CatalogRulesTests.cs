using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

/// <summary>The emulated tuning service accepts what the model catalog says Google accepts, and refuses the rest.</summary>
public sealed class CatalogRulesTests
{
    private static string Job(string baseModel, string hyper = "", string extra = "", string spec = "supervisedTuningSpec") =>
        "{\"baseModel\":\"" + baseModel + "\",\"" + spec + "\":{\"trainingDatasetUri\":\"gs://b/t.jsonl\"" +
        (hyper.Length > 0 ? ",\"hyperParameters\":{" + hyper + "}" : string.Empty) + "}" + extra + "}";

    [Theory]
    [InlineData("gemini-2.5-flsh")]
    [InlineData("gemini-9-nope")]
    public async Task A_base_model_the_catalog_does_not_know_is_refused_naming_the_supported_ones(string model)
    {
        using var h = new Harness();
        using var response = await h.PostAsync(Harness.Parent + "/tuningJobs", Job(model));

        var message = await Harness.AssertErrorAsync(response, 400, "INVALID_ARGUMENT");
        Assert.StartsWith("Base model " + model + " is not supported for tuning.", message);
        Assert.Contains("gemini-2.5-flash", message);
        Assert.Contains("gemini-3.5-flash-lite", message);
    }

    [Theory]
    [InlineData("gemini-1.5-flash-002")]
    [InlineData("gemini-1.5-pro-002")]
    [InlineData("gemini-1.0-pro-002")]
    public async Task A_retired_model_is_refused_unless_the_options_allow_it(string model)
    {
        using (var h = new Harness())
        {
            using var response = await h.PostAsync(Harness.Parent + "/tuningJobs", Job(model));
            Assert.Contains("has been retired", await Harness.AssertErrorAsync(response, 400, "INVALID_ARGUMENT"));
        }

        using var allowing = new Harness(o => o.AdditionalVertexBaseModels.Add(model));
        var job = await allowing.CreateJobAsync(Job(model));
        Assert.Equal(model, job.GetProperty("baseModel").GetString());
    }

    [Theory]
    [InlineData("gemini-2.5-flash", "ADAPTER_SIZE_THIRTY_TWO", "ADAPTER_SIZE_ONE, ADAPTER_SIZE_TWO, ADAPTER_SIZE_FOUR, ADAPTER_SIZE_EIGHT, ADAPTER_SIZE_SIXTEEN")]
    [InlineData("gemini-2.5-pro", "ADAPTER_SIZE_SIXTEEN", "ADAPTER_SIZE_ONE, ADAPTER_SIZE_TWO, ADAPTER_SIZE_FOUR, ADAPTER_SIZE_EIGHT")]
    [InlineData("gemini-3.5-flash", "ADAPTER_SIZE_THIRTY_TWO", "ADAPTER_SIZE_ONE, ADAPTER_SIZE_TWO, ADAPTER_SIZE_FOUR, ADAPTER_SIZE_EIGHT, ADAPTER_SIZE_SIXTEEN")]
    public async Task Adapter_sizes_follow_the_catalog(string model, string size, string allowed)
    {
        using var h = new Harness();
        using var response = await h.PostAsync(Harness.Parent + "/tuningJobs", Job(model, "\"adapterSize\":\"" + size + "\""));

        Assert.Equal("Adapter size " + size + " is not supported for " + model + ". Supported adapter sizes: " + allowed + ".",
            await Harness.AssertErrorAsync(response, 400, "INVALID_ARGUMENT"));
    }

    [Fact]
    public async Task A_gemini_3_model_is_tuned_only_in_its_regions_and_without_cmek()
    {
        using var h = new Harness();
        using var elsewhere = await h.PostAsync("v1/projects/my-project/locations/asia-northeast1/tuningJobs", Job("gemini-3.5-flash"));
        Assert.Contains("not available for tuning in location asia-northeast1. Supported locations: us-central1, europe-west4.",
            await Harness.AssertErrorAsync(elsewhere, 400, "FAILED_PRECONDITION"));

        using var cmek = await h.PostAsync(Harness.Parent + "/tuningJobs",
            Job("gemini-3.5-flash", extra: ",\"encryptionSpec\":{\"kmsKeyName\":\"projects/p/locations/us-central1/keyRings/r/cryptoKeys/k\"}"));
        Assert.Contains("(CMEK) are not supported for tuning gemini-3.5-flash", await Harness.AssertErrorAsync(cmek, 400, "INVALID_ARGUMENT"));

        var europe = await h.CreateJobAsync(Job("gemini-3.5-flash"), "v1/projects/my-project/locations/europe-west4");
        Assert.Equal("JOB_STATE_PENDING", europe.GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_samples_base_models_are_still_accepted()
    {
        using var h = new Harness();
        foreach (var model in new[] { "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.5-pro", "gemini-2.0-flash-001", "gemini-3.1-flash-lite" })
        {
            Assert.Equal(model, (await h.CreateJobAsync(Job(model))).GetProperty("baseModel").GetString());
        }
    }

    [Fact]
    public async Task Labels_with_international_lowercase_letters_are_accepted_and_uppercase_is_refused_in_the_services_words()
    {
        using var h = new Harness();
        var job = await h.CreateJobAsync(Harness.MinimalJob("\"clé\":\"été\",\"名前\":\"値\""));
        Assert.Equal("été", job.GetProperty("labels").GetProperty("clé").GetString());

        using var refused = await h.PostAsync(Harness.Parent + "/tuningJobs", Harness.MinimalJob("\"Équipe\":\"x\""));
        var message = await Harness.AssertErrorAsync(refused, 400, "INVALID_ARGUMENT");
        Assert.Contains("Invalid label key \"Équipe\"", message);
        Assert.Contains("There can be no more than 64 labels attached to a single resource.", message);
    }

    [Fact]
    public async Task A_missing_dataset_is_refused_when_a_storage_folder_stands_for_cloud_storage()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "gt-catalog-" + Guid.NewGuid().ToString("N")));
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "b"));
            File.WriteAllText(Path.Combine(folder.FullName, "b", "here.jsonl"),
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"hello\"}]}]}\n");
            using var h = new Harness(o => o.StorageDirectory = folder.FullName);

            using var missing = await h.PostAsync(Harness.Parent + "/tuningJobs", Job("gemini-2.5-flash"));
            var message = await Harness.AssertErrorAsync(missing, 400, "INVALID_ARGUMENT");
            Assert.StartsWith("List of found errors:", message);
            Assert.Contains("training_dataset_uri should be a GCS object of type JSONL.", message);
            Assert.Contains("gs://b/t.jsonl does not exist", message);

            var found = await h.CreateJobAsync(Job("gemini-2.5-flash").Replace("gs://b/t.jsonl", "gs://b/here.jsonl"));
            Assert.Equal("JOB_STATE_PENDING", found.GetProperty("state").GetString());
            var metadata = await h.ExpectAsync(200, HttpMethod.Get, "storage/v1/b/b/o/here.jsonl");
            Assert.Equal("application/jsonl", metadata.GetProperty("contentType").GetString());
            using var notThere = await h.GetAsync("storage/v1/b/b/o/t.jsonl");
            Assert.Equal(404, (int)notThere.StatusCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_storage_folder_a_dataset_never_uploaded_is_a_synthetic_object_that_storage_serves_too()
    {
        using var h = new Harness();
        var first = await h.ExpectAsync(200, HttpMethod.Get, "storage/v1/b/any-bucket/o/dir%2Ftrain.jsonl");
        var again = await h.ExpectAsync(200, HttpMethod.Get, "storage/v1/b/any-bucket/o/dir%2Ftrain.jsonl");
        Assert.Equal(first.GetProperty("crc32c").GetString(), again.GetProperty("crc32c").GetString());
        Assert.True(long.Parse(first.GetProperty("size").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 1000);
        using var media = await h.GetAsync("storage/v1/b/any-bucket/o/dir%2Ftrain.jsonl?alt=media");
        var firstLine = (await media.Content.ReadAsStringAsync()).Split('\n')[0];
        Assert.StartsWith("{\"contents\":[{\"role\":\"user\"", firstLine);

        using var notADataset = await h.GetAsync("storage/v1/b/any-bucket/o/notes.txt");
        Assert.Equal(404, (int)notADataset.StatusCode);
        using (var deleted = await h.SendAsync(HttpMethod.Delete, "storage/v1/b/any-bucket/o/dir%2Ftrain.jsonl"))
        {
            Assert.Equal(204, (int)deleted.StatusCode);
        }

        using var gone = await h.GetAsync("storage/v1/b/any-bucket/o/dir%2Ftrain.jsonl");
        Assert.Equal(404, (int)gone.StatusCode);

        using var strict = new Harness(o => o.SyntheticDatasets = false);
        using var absent = await strict.GetAsync("storage/v1/b/any-bucket/o/train.jsonl");
        Assert.Equal(404, (int)absent.StatusCode);
        using var refused = await strict.PostAsync(Harness.Parent + "/tuningJobs", Harness.MinimalJob());
        await Harness.AssertErrorAsync(refused, 400, "INVALID_ARGUMENT");
    }

    [Fact]
    public async Task Enum_encoding_int_answers_enums_as_their_numbers_as_googles_generated_clients_ask()
    {
        using var h = new Harness();
        var created = await h.CreateJobAsync(Harness.MinimalJob(extraSpec: ",\"hyperParameters\":{\"adapterSize\":\"ADAPTER_SIZE_FOUR\"}", labels: "\"state\":\"running\""));
        var name = created.GetProperty("name").GetString()!;

        var numeric = await h.ExpectAsync(200, HttpMethod.Get, "v1/" + name + "?%24alt=json%3Benum-encoding%3Dint");
        Assert.Equal(2, numeric.GetProperty("state").GetInt32());
        Assert.Equal(2, numeric.GetProperty("supervisedTuningSpec").GetProperty("hyperParameters").GetProperty("adapterSize").GetInt32());
        Assert.Equal("running", numeric.GetProperty("labels").GetProperty("state").GetString());

        h.Clock.Advance(TimeSpan.FromHours(1));
        var list = await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs?alt=json;enum-encoding=int");
        Assert.Equal(4, list.GetProperty("tuningJobs")[0].GetProperty("state").GetInt32());
        var named = await h.GetJobAsync(name);
        Assert.Equal("JOB_STATE_SUCCEEDED", named.GetProperty("state").GetString());

        // Requests may carry enums as numbers too (GAPIC clients send them so).
        var byNumber = await h.CreateJobAsync(Harness.MinimalJob(extraSpec: ",\"hyperParameters\":{\"adapterSize\":6}"));
        Assert.Equal("ADAPTER_SIZE_TWO", byNumber.GetProperty("supervisedTuningSpec").GetProperty("hyperParameters").GetProperty("adapterSize").GetString());
    }

    [Fact]
    public async Task Enum_encoding_int_applies_to_the_gemini_api_tuned_model_state_too()
    {
        using var h = new Harness();
        var operation = await h.ExpectAsync(200, HttpMethod.Post, "v1beta/tunedModels",
            "{\"baseModel\":\"models/gemini-1.5-flash-001-tuning\",\"tuningTask\":{\"trainingData\":{\"examples\":{\"examples\":[{\"textInput\":\"1\",\"output\":\"2\"}]}}}}");
        var model = operation.GetProperty("metadata").GetProperty("tunedModel").GetString()!;

        var numeric = await h.ExpectAsync(200, HttpMethod.Get, "v1beta/" + model + "?$alt=json;enum-encoding=int");

        Assert.Equal(1, numeric.GetProperty("state").GetInt32());
        Assert.Equal(JsonValueKind.String, (await h.ExpectAsync(200, HttpMethod.Get, "v1beta/" + model)).GetProperty("state").ValueKind);
    }
}
