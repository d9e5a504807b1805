using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

/// <summary>Preference tuning, continuous tuning from a checkpoint, rebaseTunedModel, and the Gemini API's operation routes.</summary>
public sealed class TuningSurfaceTests
{
    private const string PreferenceLine =
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"What is my favorite fruit?\"}]}],\"completions\":[" +
        "{\"score\":1,\"completion\":{\"role\":\"model\",\"parts\":[{\"text\":\"Apple! Apple! Apple!\"}]}}," +
        "{\"score\":0,\"completion\":{\"role\":\"model\",\"parts\":[{\"text\":\"Your favorite fruit is apple.\"}]}}]}";

    private static async Task UploadAsync(Harness h, string name, string content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "upload/storage/v1/b/bkt/o?uploadType=media&name=" + name)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(content)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Harness.Token);
        using var response = await h.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
    }

    private static string Preference(string uri, string model = "gemini-2.5-flash", string hyper = "") =>
        "{\"baseModel\":\"" + model + "\",\"preferenceOptimizationSpec\":{\"trainingDatasetUri\":\"" + uri + "\"" +
        (hyper.Length > 0 ? ",\"hyperParameters\":{" + hyper + "}" : string.Empty) + "},\"tunedModelDisplayName\":\"dpo\"}";

    [Fact]
    public async Task A_preference_job_echoes_its_spec_and_reports_preference_statistics()
    {
        using var h = new Harness();
        await UploadAsync(h, "dpo.jsonl", string.Join("\n", Enumerable.Repeat(PreferenceLine, 20)) + "\n");

        var created = await h.CreateJobAsync(Preference("gs://bkt/dpo.jsonl", hyper: "\"epochCount\":2,\"beta\":0.1,\"adapterSize\":\"ADAPTER_SIZE_ONE\""));
        var hyper = created.GetProperty("preferenceOptimizationSpec").GetProperty("hyperParameters");
        Assert.Equal("2", hyper.GetProperty("epochCount").GetString());
        Assert.Equal(0.1, hyper.GetProperty("beta").GetDouble());
        Assert.False(created.TryGetProperty("supervisedTuningSpec", out _));

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var running = await h.GetJobAsync(created.GetProperty("name").GetString()!);
        var stats = running.GetProperty("tuningDataStats").GetProperty("preferenceOptimizationDataStats");
        Assert.Equal("20", stats.GetProperty("tuningDatasetExampleCount").GetString());
        var scores = stats.GetProperty("scoresDistribution");
        Assert.Equal(JsonValueKind.Number, scores.GetProperty("sum").ValueKind);
        Assert.Equal(20, scores.GetProperty("sum").GetDouble());
        Assert.Equal(JsonValueKind.String, scores.GetProperty("buckets")[0].GetProperty("count").ValueKind);
        // Billable: each prompt (7 tokens) twice plus both completions (5 + 8 tokens), 20 examples, 2 epochs.
        Assert.Equal(((2 * 7) + 5 + 8) * 20 * 2, long.Parse(stats.GetProperty("totalBillableTokenCount").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, stats.GetProperty("userDatasetExamples")[0].GetProperty("completions").GetArrayLength());
    }

    [Fact]
    public async Task A_preference_job_fails_on_a_supervised_dataset_and_is_refused_for_a_model_without_preference_tuning()
    {
        using var h = new Harness();
        await UploadAsync(h, "sft.jsonl",
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"hello\"}]}]}\n");
        var job = await h.CreateJobAsync(Preference("gs://bkt/sft.jsonl"));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var failed = await h.GetJobAsync(job.GetProperty("name").GetString()!);
        Assert.Equal("JOB_STATE_FAILED", failed.GetProperty("state").GetString());
        Assert.Contains("line 1 has a prompt that does not end with a \"user\" turn", failed.GetProperty("error").GetProperty("message").GetString());

        using var refused = await h.PostAsync(Harness.Parent + "/tuningJobs", Preference("gs://bkt/dpo.jsonl", "gemini-2.5-pro"));
        Assert.Equal("Preference tuning is not supported for base model gemini-2.5-pro.", await Harness.AssertErrorAsync(refused, 400, "INVALID_ARGUMENT"));

        using var both = await h.PostAsync(Harness.Parent + "/tuningJobs",
            "{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/a.jsonl\"},\"preferenceOptimizationSpec\":{\"trainingDatasetUri\":\"gs://b/a.jsonl\"}}");
        Assert.Contains("Only one of supervised_tuning_spec and preference_optimization_spec", await Harness.AssertErrorAsync(both, 400, "INVALID_ARGUMENT"));
    }

    [Fact]
    public async Task Continuing_from_a_checkpoint_adds_a_version_to_the_tuned_model_and_refuses_a_checkpoint_it_does_not_have()
    {
        using var h = new Harness();
        var first = await h.CreateJobAsync(Harness.MinimalJob(extraSpec: ",\"hyperParameters\":{\"epochCount\":3}"));
        h.Clock.Advance(TimeSpan.FromHours(1));
        var done = await h.GetJobAsync(first.GetProperty("name").GetString()!);
        var model = done.GetProperty("tunedModel").GetProperty("model").GetString()!;
        Assert.EndsWith("@1", model);

        string Continue(string checkpoint) =>
            "{\"preTunedModel\":{\"tunedModelName\":\"" + model + "\",\"checkpointId\":\"" + checkpoint + "\"},\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/more.jsonl\"}}";

        using var missing = await h.PostAsync(Harness.Parent + "/tuningJobs", Continue("9"));
        Assert.Contains("Checkpoint \"9\" does not exist", await Harness.AssertErrorAsync(missing, 400, "INVALID_ARGUMENT"));

        var second = await h.CreateJobAsync(Continue("2"));
        Assert.Equal("2", second.GetProperty("preTunedModel").GetProperty("checkpointId").GetString());
        Assert.Equal("gemini-2.5-flash", second.GetProperty("preTunedModel").GetProperty("baseModel").GetString());
        h.Clock.Advance(TimeSpan.FromHours(2));
        var continued = await h.GetJobAsync(second.GetProperty("name").GetString()!);
        Assert.Equal(model.Substring(0, model.Length - 2) + "@2", continued.GetProperty("tunedModel").GetProperty("model").GetString());
    }

    [Fact]
    public async Task The_python_genai_continuous_tuning_sample_is_still_accepted()
    {
        using var h = new Harness();
        var job = await h.CreateJobAsync("{\"preTunedModel\":{\"tunedModelName\":\"projects/801452371447/locations/us-central1/models/9030969596621881344\",\"checkpointId\":\"3\"}," +
            "\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://cloud-samples-data/ai-platform/generative_ai/gemini-2_0/text/sft_train_data.jsonl\"}}");
        Assert.Equal("JOB_STATE_PENDING", job.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_rebase_answers_an_operation_whose_response_is_a_new_job_on_the_newer_base_model()
    {
        using var h = new Harness();
        var source = await h.CreateJobAsync(Harness.MinimalJob().Replace("gemini-2.5-flash", "gemini-2.0-flash-001"));
        var sourceName = source.GetProperty("name").GetString()!;

        using (var early = await h.PostAsync(Harness.Parent + "/tuningJobs:rebaseTunedModel", "{\"tunedModelRef\":{\"tuningJob\":\"" + sourceName + "\"}}"))
        {
            Assert.Contains("whose tuning job succeeded", await Harness.AssertErrorAsync(early, 400, "FAILED_PRECONDITION"));
        }

        h.Clock.Advance(TimeSpan.FromHours(1));
        var operation = await h.ExpectAsync(200, HttpMethod.Post, Harness.Parent + "/tuningJobs:rebaseTunedModel",
            "{\"tunedModelRef\":{\"tuningJob\":\"" + sourceName + "\"},\"tuningJob\":{\"labels\":{\"rebase-id\":\"r1\"}}}");

        Assert.True(operation.GetProperty("done").GetBoolean());
        Assert.Equal("type.googleapis.com/google.cloud.aiplatform.v1.RebaseTunedModelOperationMetadata", operation.GetProperty("metadata").GetProperty("@type").GetString());
        var job = operation.GetProperty("response");
        Assert.Equal("type.googleapis.com/google.cloud.aiplatform.v1.TuningJob", job.GetProperty("@type").GetString());
        Assert.Equal("gemini-3.5-flash", job.GetProperty("baseModel").GetString()); // the newest Flash the catalog offers
        Assert.Equal("r1", job.GetProperty("labels").GetProperty("rebase-id").GetString());
        Assert.StartsWith(job.GetProperty("name").GetString() + "/operations/", operation.GetProperty("name").GetString());
        Assert.Equal(operation.GetProperty("name").GetString(),
            (await h.ExpectAsync(200, HttpMethod.Get, "v1/" + operation.GetProperty("name").GetString())).GetProperty("name").GetString());

        var chosen = await h.ExpectAsync(200, HttpMethod.Post, Harness.Parent + "/tuningJobs:rebaseTunedModel",
            "{\"tunedModelRef\":{\"tuningJob\":\"" + sourceName + "\"},\"tuningJob\":{\"baseModel\":\"gemini-2.5-flash\"}}");
        Assert.Equal("gemini-2.5-flash", chosen.GetProperty("response").GetProperty("baseModel").GetString());

        using var unknown = await h.PostAsync(Harness.Parent + "/tuningJobs:rebaseTunedModel", "{\"tunedModelRef\":{\"tunedModel\":\"projects/my-project/locations/us-central1/models/42\"}}");
        await Harness.AssertErrorAsync(unknown, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task A_rebase_operation_can_run_before_it_is_done_and_can_replace_the_model_on_its_endpoint()
    {
        using var h = new Harness(o => o.RebaseOperationDuration = TimeSpan.FromMinutes(1));
        var source = await h.CreateJobAsync(Harness.MinimalJob());
        h.Clock.Advance(TimeSpan.FromHours(1));
        var done = await h.GetJobAsync(source.GetProperty("name").GetString()!);
        var endpoint = done.GetProperty("tunedModel").GetProperty("endpoint").GetString()!;

        var operation = await h.ExpectAsync(200, HttpMethod.Post, Harness.Parent + "/tuningJobs:rebaseTunedModel",
            "{\"tunedModelRef\":{\"tunedModel\":\"" + done.GetProperty("tunedModel").GetProperty("model").GetString() + "\"},\"deployToSameEndpoint\":true}");
        Assert.False(operation.TryGetProperty("done", out _));
        Assert.False(operation.TryGetProperty("response", out _));

        h.Clock.Advance(TimeSpan.FromMinutes(2));
        var finished = await h.ExpectAsync(200, HttpMethod.Get, "v1/" + operation.GetProperty("name").GetString());
        Assert.True(finished.GetProperty("done").GetBoolean());
        Assert.Equal("gemini-3.5-flash", finished.GetProperty("response").GetProperty("baseModel").GetString());

        var prompt = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
        var before = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + endpoint + ":generateContent", prompt);
        Assert.Contains("gemini-2.5-flash", before.GetRawText());
        h.Clock.Advance(TimeSpan.FromHours(1));
        var rebased = await h.GetJobAsync(finished.GetProperty("response").GetProperty("name").GetString()!);
        Assert.Equal(endpoint, rebased.GetProperty("tunedModel").GetProperty("endpoint").GetString());
        var after = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + endpoint + ":generateContent", prompt);
        Assert.Contains("gemini-3.5-flash", after.GetRawText());
    }

    [Fact]
    public async Task The_gemini_api_lists_operations_on_v1_and_cancels_one_there_only()
    {
        using var h = new Harness();
        var created = await h.ExpectAsync(200, HttpMethod.Post, "v1beta/tunedModels",
            "{\"baseModel\":\"models/gemini-1.5-flash-001-tuning\",\"tuningTask\":{\"trainingData\":{\"examples\":{\"examples\":[{\"textInput\":\"1\",\"output\":\"2\"}]}}}}");
        var model = created.GetProperty("metadata").GetProperty("tunedModel").GetString()!;
        var operationName = created.GetProperty("name").GetString()!;

        var listed = await h.ExpectAsync(200, HttpMethod.Get, "v1/" + model + "/operations");
        Assert.Equal(operationName, listed.GetProperty("operations")[0].GetProperty("name").GetString());
        using (var beta = await h.PostAsync("v1beta/" + operationName + ":cancel", "{}"))
        {
            Assert.Equal(404, (int)beta.StatusCode);
        }

        await h.ExpectAsync(200, HttpMethod.Post, "v1/" + operationName + ":cancel", "{}");

        var operation = await h.ExpectAsync(200, HttpMethod.Get, "v1beta/" + operationName);
        Assert.True(operation.GetProperty("done").GetBoolean());
        Assert.Equal(1, operation.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("FAILED", (await h.ExpectAsync(200, HttpMethod.Get, "v1beta/" + model)).GetProperty("state").GetString());
        using var again = await h.PostAsync("v1/" + operationName + ":cancel", "{}");
        await Harness.AssertErrorAsync(again, 400, "FAILED_PRECONDITION");
    }
}
