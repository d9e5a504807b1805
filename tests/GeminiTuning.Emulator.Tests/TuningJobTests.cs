using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

public sealed class TuningJobTests
{
    [Fact]
    public async Task Create_returns_the_pending_job_named_with_the_project_number_and_int64_fields_as_strings()
    {
        using var h = new Harness();
        var body = """
            {
              "baseModel": "gemini-2.5-flash",
              "supervisedTuningSpec": {
                "trainingDatasetUri": "gs://my-bucket/train.jsonl",
                "validationDatasetUri": "gs://my-bucket/validation.jsonl",
                "hyperParameters": { "epochCount": 3, "learningRateMultiplier": 1.0, "adapterSize": "ADAPTER_SIZE_FOUR" }
              },
              "tunedModelDisplayName": "tuned_gemini",
              "description": "a test",
              "labels": { "client-request-id": "c0ffee01" },
              "encryptionSpec": { "kmsKeyName": "projects/p/locations/us-central1/keyRings/r/cryptoKeys/k" },
              "serviceAccount": "tuner@my-project.iam.gserviceaccount.com"
            }
            """;
        using var response = await h.PostAsync(Harness.Parent + "/tuningJobs", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        var job = JsonDocument.Parse(text).RootElement;

        Assert.Matches("^projects/" + h.ProjectNumber + "/locations/us-central1/tuningJobs/[1-9][0-9]{18}$", job.GetProperty("name").GetString());
        Assert.Matches("^[0-9]{12}$", h.ProjectNumber);
        Assert.Equal("JOB_STATE_PENDING", job.GetProperty("state").GetString());
        Assert.Equal("2026-08-21T10:15:30.123456Z", job.GetProperty("createTime").GetString());
        Assert.Equal("2026-08-21T10:15:30.123456Z", job.GetProperty("updateTime").GetString());
        var hyper = job.GetProperty("supervisedTuningSpec").GetProperty("hyperParameters");
        Assert.Equal(JsonValueKind.String, hyper.GetProperty("epochCount").ValueKind);
        Assert.Equal("3", hyper.GetProperty("epochCount").GetString());
        Assert.Equal(JsonValueKind.Number, hyper.GetProperty("learningRateMultiplier").ValueKind);
        Assert.Equal("ADAPTER_SIZE_FOUR", hyper.GetProperty("adapterSize").GetString());
        Assert.Equal("gs://my-bucket/validation.jsonl", job.GetProperty("supervisedTuningSpec").GetProperty("validationDatasetUri").GetString());
        Assert.Equal("tuned_gemini", job.GetProperty("tunedModelDisplayName").GetString());
        Assert.Equal("a test", job.GetProperty("description").GetString());
        Assert.Equal("c0ffee01", job.GetProperty("labels").GetProperty("client-request-id").GetString());
        Assert.Equal("projects/p/locations/us-central1/keyRings/r/cryptoKeys/k", job.GetProperty("encryptionSpec").GetProperty("kmsKeyName").GetString());
        Assert.Equal("tuner@my-project.iam.gserviceaccount.com", job.GetProperty("serviceAccount").GetString());
        Assert.False(job.TryGetProperty("startTime", out _));
        Assert.False(job.TryGetProperty("tunedModel", out _));
        Assert.False(job.TryGetProperty("exportLastCheckpointOnly", out _));
    }

    [Fact]
    public async Task Create_accepts_the_snake_case_body_of_the_documentation_sample_and_answers_in_camel_case()
    {
        using var h = new Harness();
        var job = await h.CreateJobAsync("""
            {
              "base_model": "gemini-2.5-flash",
              "supervised_tuning_spec": {
                "training_dataset_uri": "gs://cloud-samples-data/ai-platform/generative_ai/gemini/text/sft_train_data.jsonl",
                "validation_dataset_uri": "gs://cloud-samples-data/ai-platform/generative_ai/gemini/text/sft_validation_data.jsonl",
                "hyper_parameters": { "epoch_count": "2", "learning_rate_multiplier": "0.5", "adapter_size": "ADAPTER_SIZE_ONE" },
                "export_last_checkpoint_only": true
              },
              "tuned_model_display_name": "tuned_gemini"
            }
            """);

        var spec = job.GetProperty("supervisedTuningSpec");
        Assert.Equal("gs://cloud-samples-data/ai-platform/generative_ai/gemini/text/sft_train_data.jsonl", spec.GetProperty("trainingDatasetUri").GetString());
        Assert.Equal("2", spec.GetProperty("hyperParameters").GetProperty("epochCount").GetString());
        Assert.Equal(0.5, spec.GetProperty("hyperParameters").GetProperty("learningRateMultiplier").GetDouble());
        Assert.True(spec.GetProperty("exportLastCheckpointOnly").GetBoolean());
        Assert.Equal("tuned_gemini", job.GetProperty("tunedModelDisplayName").GetString());
        Assert.False(spec.TryGetProperty("training_dataset_uri", out _));
    }

    [Fact]
    public async Task Create_under_v1beta1_and_with_the_project_number_gives_the_same_kind_of_name()
    {
        using var h = new Harness();
        var job = await h.CreateJobAsync(Harness.MinimalJob(), "v1beta1/projects/" + h.ProjectNumber + "/locations/europe-west4");
        Assert.StartsWith("projects/" + h.ProjectNumber + "/locations/europe-west4/tuningJobs/", job.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"https://example.com/train.jsonl\"}}", "training_dataset_uri should be a GCS object of type JSONL")]
    [InlineData("{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/t.jsonl\",\"validationDatasetUri\":\"/tmp/v.jsonl\"}}", "validation_dataset_uri should be a GCS object")]
    [InlineData("{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{}}", "training_dataset_uri is required")]
    [InlineData("{\"baseModel\":\"gemini-2.5-flash\"}", "training_dataset_uri is required")]
    [InlineData("{\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/t.jsonl\"}}", "base_model is required")]
    [InlineData("{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/t.jsonl\",\"hyperParameters\":{\"epochCount\":-1}}}", "epoch_count must be a positive number")]
    [InlineData("{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/t.jsonl\",\"hyperParameters\":{\"learningRateMultiplier\":-0.5}}}", "learning_rate_multiplier must be greater than 0")]
    [InlineData("{\"baseModel\":\"gemini-2.5-pro\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/t.jsonl\",\"hyperParameters\":{\"adapterSize\":\"ADAPTER_SIZE_SIXTEEN\"}}}", "Adapter size ADAPTER_SIZE_SIXTEEN is not supported for gemini-2.5-pro")]
    [InlineData("{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/t.jsonl\",\"hyperParameters\":{\"adapterSize\":\"ADAPTER_SIZE_THREE\"}}}", "Invalid value at 'tuning_job.supervised_tuning_spec.hyper_parameters.adapter_size' (type.googleapis.com/google.cloud.aiplatform.v1.SupervisedHyperParameters.AdapterSize), \"ADAPTER_SIZE_THREE\"")]
    [InlineData("{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/t.jsonl\",\"hyperParameters\":{\"epochCount\":\"three\"}}}", "Invalid value at 'tuning_job.supervised_tuning_spec.hyper_parameters.epoch_count' (TYPE_INT64), \"three\"")]
    [InlineData("{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/t.jsonl\",\"foo\":1}}", "Invalid JSON payload received. Unknown name \"foo\" at 'tuning_job.supervised_tuning_spec': Cannot find field.")]
    [InlineData("{\"baseModel\":\"gemini-2.5-flash\",", "Invalid JSON payload received.")]
    [InlineData("{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/t.jsonl\"},\"labels\":{\"Team\":\"x\"}}", "Invalid label key \"Team\"")]
    [InlineData("{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/t.jsonl\"},\"labels\":{\"team\":\"Has Spaces\"}}", "Invalid label value \"Has Spaces\"")]
    [InlineData("{\"baseModel\":\"gemini-2.5-flash\",\"supervisedTuningSpec\":{\"trainingDatasetUri\":\"gs://b/t.jsonl\"},\"labels\":{\"emulator-scenario\":\"explode\"}}", "Unknown emulator scenario \"explode\"")]
    public async Task Create_refuses_an_invalid_job_with_invalid_argument_naming_the_problem(string body, string expectedMessage)
    {
        using var h = new Harness();
        using var response = await h.PostAsync(Harness.Parent + "/tuningJobs", body);
        var message = await Harness.AssertErrorAsync(response, 400, "INVALID_ARGUMENT");
        Assert.Contains(expectedMessage, message);
        var list = await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs");
        Assert.Equal("{}", list.GetRawText().Replace(" ", string.Empty).Replace("\n", string.Empty));
    }

    [Fact]
    public async Task Create_refuses_a_display_name_longer_than_128_characters()
    {
        using var h = new Harness();
        using var response = await h.PostAsync(Harness.Parent + "/tuningJobs", Harness.MinimalJob(extra: ",\"tunedModelDisplayName\":\"" + new string('x', 129) + "\""));
        Assert.Contains("tuned_model_display_name must be at most 128 characters", await Harness.AssertErrorAsync(response, 400, "INVALID_ARGUMENT"));
    }

    [Fact]
    public async Task An_unknown_field_error_carries_a_bad_request_detail_naming_the_field()
    {
        using var h = new Harness();
        using var response = await h.PostAsync(Harness.Parent + "/tuningJobs", "{\"foo\":1}");
        await Harness.AssertErrorAsync(response, 400, "INVALID_ARGUMENT");
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("details")[0];
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", detail.GetProperty("@type").GetString());
        Assert.Equal("tuning_job", detail.GetProperty("fieldViolations")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Output_only_fields_sent_back_in_a_create_are_ignored()
    {
        using var h = new Harness();
        var job = await h.CreateJobAsync(Harness.MinimalJob(extra: ",\"name\":\"projects/x/locations/y/tuningJobs/1\",\"state\":\"JOB_STATE_SUCCEEDED\",\"createTime\":\"2020-01-01T00:00:00Z\""));
        Assert.Equal("JOB_STATE_PENDING", job.GetProperty("state").GetString());
        Assert.NotEqual("projects/x/locations/y/tuningJobs/1", job.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Get_finds_a_job_by_project_id_or_number_and_404s_elsewhere()
    {
        using var h = new Harness();
        var created = await h.CreateJobAsync(Harness.MinimalJob());
        var id = created.GetProperty("name").GetString()!.Split('/').Last();

        var byId = await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs/" + id);
        var byNumber = await h.GetJobAsync(created.GetProperty("name").GetString()!);
        Assert.Equal(created.GetProperty("name").GetString(), byId.GetProperty("name").GetString());
        Assert.Equal(created.GetProperty("name").GetString(), byNumber.GetProperty("name").GetString());

        using var otherLocation = await h.GetAsync("v1/projects/my-project/locations/europe-west4/tuningJobs/" + id);
        Assert.Contains("does not exist", await Harness.AssertErrorAsync(otherLocation, 404, "NOT_FOUND"));
        using var otherProject = await h.GetAsync("v1/projects/other-project/locations/us-central1/tuningJobs/" + id);
        await Harness.AssertErrorAsync(otherProject, 404, "NOT_FOUND");
        using var unknown = await h.GetAsync(Harness.Parent + "/tuningJobs/1234567890123456789");
        await Harness.AssertErrorAsync(unknown, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task A_job_goes_from_pending_to_running_to_succeeded_as_the_clock_advances()
    {
        using var h = new Harness();
        var created = await h.CreateJobAsync(Harness.MinimalJob(extraSpec: ",\"hyperParameters\":{\"epochCount\":\"2\"}"));
        var name = created.GetProperty("name").GetString()!;

        h.Clock.Advance(TimeSpan.FromSeconds(59));
        var pending = await h.GetJobAsync(name);
        Assert.Equal("JOB_STATE_PENDING", pending.GetProperty("state").GetString());
        Assert.False(pending.TryGetProperty("startTime", out _));

        h.Clock.Advance(TimeSpan.FromSeconds(1));
        var running = await h.GetJobAsync(name);
        Assert.Equal("JOB_STATE_RUNNING", running.GetProperty("state").GetString());
        Assert.Equal("2026-08-21T10:16:30.123456Z", running.GetProperty("startTime").GetString());
        Assert.Equal("2026-08-21T10:16:30.123456Z", running.GetProperty("updateTime").GetString());
        Assert.Matches("^projects/" + h.ProjectNumber + "/locations/us-central1/metadataStores/default/contexts/tuning-experiment-20260821101530123456$",
            running.GetProperty("experiment").GetString());
        var stats = running.GetProperty("tuningDataStats").GetProperty("supervisedTuningDataStats");
        Assert.Equal(JsonValueKind.String, stats.GetProperty("tuningDatasetExampleCount").ValueKind);
        Assert.True(long.Parse(stats.GetProperty("tuningDatasetExampleCount").GetString()!) > 0);
        Assert.Equal(JsonValueKind.String, stats.GetProperty("userInputTokenDistribution").GetProperty("sum").ValueKind);
        Assert.False(running.TryGetProperty("tunedModel", out _));
        Assert.False(running.TryGetProperty("endTime", out _));

        h.Clock.Advance(TimeSpan.FromMinutes(9));
        var succeeded = await h.GetJobAsync(name);
        Assert.Equal("JOB_STATE_SUCCEEDED", succeeded.GetProperty("state").GetString());
        Assert.Equal("2026-08-21T10:25:30.123456Z", succeeded.GetProperty("endTime").GetString());
        Assert.Equal("2026-08-21T10:25:30.123456Z", succeeded.GetProperty("updateTime").GetString());
        Assert.False(succeeded.TryGetProperty("error", out _));
        var tuned = succeeded.GetProperty("tunedModel");
        Assert.Matches("^projects/" + h.ProjectNumber + "/locations/us-central1/models/[0-9]{19}@1$", tuned.GetProperty("model").GetString());
        Assert.Matches("^projects/" + h.ProjectNumber + "/locations/us-central1/endpoints/[0-9]{19}$", tuned.GetProperty("endpoint").GetString());
        var checkpoints = tuned.GetProperty("checkpoints").EnumerateArray().ToArray();
        Assert.Equal(2, checkpoints.Length);
        Assert.Equal("1", checkpoints[0].GetProperty("checkpointId").GetString());
        Assert.Equal("1", checkpoints[0].GetProperty("epoch").GetString());
        Assert.Equal(JsonValueKind.String, checkpoints[0].GetProperty("step").ValueKind);
        Assert.Equal(tuned.GetProperty("endpoint").GetString(), checkpoints[1].GetProperty("endpoint").GetString());
        Assert.NotEqual(checkpoints[0].GetProperty("endpoint").GetString(), checkpoints[1].GetProperty("endpoint").GetString());
        var steps = long.Parse(stats.GetProperty("tuningStepCount").GetString()!);
        Assert.Equal(steps, long.Parse(checkpoints[1].GetProperty("step").GetString()!));
    }

    [Fact]
    public async Task Export_last_checkpoint_only_gives_a_tuned_model_without_checkpoints()
    {
        using var h = new Harness();
        var created = await h.CreateJobAsync(Harness.MinimalJob(extraSpec: ",\"exportLastCheckpointOnly\":true"));
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        var job = await h.GetJobAsync(created.GetProperty("name").GetString()!);
        Assert.False(job.GetProperty("tunedModel").TryGetProperty("checkpoints", out _));
    }

    [Fact]
    public async Task A_job_with_zero_duration_has_succeeded_at_the_first_read_although_the_create_said_pending()
    {
        using var h = new Harness(o => o.JobDuration = TimeSpan.Zero);
        var created = await h.CreateJobAsync(Harness.MinimalJob());
        Assert.Equal("JOB_STATE_PENDING", created.GetProperty("state").GetString());
        var job = await h.GetJobAsync(created.GetProperty("name").GetString()!);
        Assert.Equal("JOB_STATE_SUCCEEDED", job.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Cancel_moves_a_running_job_through_cancelling_to_cancelled()
    {
        using var h = new Harness();
        var name = (await h.CreateJobAsync(Harness.MinimalJob())).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(2));

        var empty = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + name + ":cancel", "{}");
        Assert.Equal(JsonValueKind.Object, empty.ValueKind);
        Assert.Empty(empty.EnumerateObject());

        var cancelling = await h.GetJobAsync(name);
        Assert.Equal("JOB_STATE_CANCELLING", cancelling.GetProperty("state").GetString());
        Assert.Equal("2026-08-21T10:17:30.123456Z", cancelling.GetProperty("updateTime").GetString());
        Assert.False(cancelling.TryGetProperty("endTime", out _));

        h.Clock.Advance(TimeSpan.FromSeconds(2));
        var cancelled = await h.GetJobAsync(name);
        Assert.Equal("JOB_STATE_CANCELLED", cancelled.GetProperty("state").GetString());
        Assert.Equal(1, cancelled.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("CANCELED", cancelled.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("2026-08-21T10:17:32.123456Z", cancelled.GetProperty("endTime").GetString());
        Assert.Equal("2026-08-21T10:16:30.123456Z", cancelled.GetProperty("startTime").GetString());
        Assert.False(cancelled.TryGetProperty("tunedModel", out _));

        h.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("JOB_STATE_CANCELLED", (await h.GetJobAsync(name)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Cancel_accepts_an_empty_body_as_curl_d_empty_sends_it()
    {
        using var h = new Harness();
        var name = (await h.CreateJobAsync(Harness.MinimalJob())).GetProperty("name").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/" + name + ":cancel") { Content = new StringContent(string.Empty) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Harness.Token);
        using var response = await h.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("JOB_STATE_CANCELLING", (await h.GetJobAsync(name)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Cancelling_an_ended_job_is_a_failed_precondition()
    {
        using var h = new Harness();
        var name = (await h.CreateJobAsync(Harness.MinimalJob())).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        using var response = await h.PostAsync("v1/" + name + ":cancel", "{}");
        var message = await Harness.AssertErrorAsync(response, 400, "FAILED_PRECONDITION");
        Assert.Contains("JOB_STATE_SUCCEEDED", message);
    }

    [Fact]
    public async Task Cancelling_an_unknown_job_is_not_found()
    {
        using var h = new Harness();
        using var response = await h.PostAsync(Harness.Parent + "/tuningJobs/42:cancel", "{}");
        await Harness.AssertErrorAsync(response, 404, "NOT_FOUND");
    }
}
