using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

public sealed class GeminiApiTests
{
    private const string Key = "AIza-emulator-key";

    /// <summary>The REST tuning quickstart's request, in its snake_case form.</summary>
    private const string QuickstartBody = """
        {
          "display_name": "number generator model",
          "base_model": "models/gemini-1.5-flash-001-tuning",
          "tuning_task": {
            "hyperparameters": { "batch_size": 2, "learning_rate": 0.001, "epoch_count": 5 },
            "training_data": {
              "examples": {
                "examples": [
                  { "text_input": "1", "output": "2" },
                  { "text_input": "3", "output": "4" },
                  { "text_input": "-3", "output": "-2" },
                  { "text_input": "twenty two", "output": "twenty three" }
                ]
              }
            }
          }
        }
        """;

    private static async Task<HttpResponseMessage> SendAsync(Harness h, HttpMethod method, string path, string? body = null, string? apiKey = Key)
    {
        using var request = new HttpRequestMessage(method, path);
        if (apiKey is not null)
        {
            request.Headers.Add("x-goog-api-key", apiKey);
        }

        if (body is not null)
        {
            request.Content = Harness.Json(body);
        }

        return await h.Http.SendAsync(request);
    }

    private static async Task<JsonElement> ExpectAsync(Harness h, int status, HttpMethod method, string path, string? body = null)
    {
        using var response = await SendAsync(h, method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status} but got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> CreateAsync(Harness h, string body = QuickstartBody, string query = "")
    {
        var operation = await ExpectAsync(h, 200, HttpMethod.Post, "v1beta/tunedModels" + query, body);
        return operation.GetProperty("metadata").GetProperty("tunedModel").GetString()!;
    }

    [Fact]
    public async Task Create_answers_a_long_running_operation_for_a_model_named_after_its_display_name()
    {
        using var h = new Harness();
        var operation = await ExpectAsync(h, 200, HttpMethod.Post, "v1beta/tunedModels", QuickstartBody);
        var metadata = operation.GetProperty("metadata");
        var model = metadata.GetProperty("tunedModel").GetString()!;
        Assert.Matches("^tunedModels/number-generator-model-[a-z0-9]{12}$", model);
        Assert.Equal(model + "/operations/", operation.GetProperty("name").GetString()![..(model.Length + 12)]);
        Assert.Equal("type.googleapis.com/google.ai.generativelanguage.v1beta.CreateTunedModelMetadata", metadata.GetProperty("@type").GetString());
        Assert.Equal(10, metadata.GetProperty("totalSteps").GetInt32()); // ceil(4 examples × 5 epochs / batch 2)
        Assert.False(metadata.TryGetProperty("completedSteps", out _));
        Assert.False(operation.TryGetProperty("done", out _));
    }

    [Fact]
    public async Task A_tuned_model_is_creating_then_active_with_snapshots_and_int32_hyperparameters()
    {
        using var h = new Harness();
        var name = await CreateAsync(h);
        var creating = await ExpectAsync(h, 200, HttpMethod.Get, "v1beta/" + name);
        Assert.Equal("CREATING", creating.GetProperty("state").GetString());
        Assert.Equal("models/gemini-1.5-flash-001-tuning", creating.GetProperty("baseModel").GetString());
        Assert.Equal("number generator model", creating.GetProperty("displayName").GetString());
        var hyper = creating.GetProperty("tuningTask").GetProperty("hyperparameters");
        Assert.Equal(JsonValueKind.Number, hyper.GetProperty("epochCount").ValueKind);
        Assert.Equal(5, hyper.GetProperty("epochCount").GetInt32());
        Assert.Equal(2, hyper.GetProperty("batchSize").GetInt32());
        Assert.Equal(0.001, hyper.GetProperty("learningRate").GetDouble());
        Assert.False(creating.GetProperty("tuningTask").TryGetProperty("trainingData", out _));

        h.Clock.Advance(TimeSpan.FromMinutes(5.5)); // half of the 9 minutes of training after 1 minute of preparation
        var operationName = (await ExpectAsync(h, 200, HttpMethod.Get, "v1beta/" + name + "/operations")).GetProperty("operations")[0].GetProperty("name").GetString()!;
        var running = await ExpectAsync(h, 200, HttpMethod.Get, "v1beta/" + operationName);
        var metadata = running.GetProperty("metadata");
        Assert.Equal(5, metadata.GetProperty("completedSteps").GetInt32());
        Assert.Equal(50, metadata.GetProperty("completedPercent").GetDouble());
        var snapshots = metadata.GetProperty("snapshots").EnumerateArray().ToArray();
        Assert.Equal(5, snapshots.Length);
        Assert.False(snapshots[0].TryGetProperty("epoch", out _)); // epoch 0 is omitted
        Assert.Equal(1, snapshots[2].GetProperty("epoch").GetInt32());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$", snapshots[0].GetProperty("computeTime").GetString());
        Assert.True(snapshots[4].GetProperty("meanLoss").GetDouble() < snapshots[0].GetProperty("meanLoss").GetDouble());
        Assert.False(running.TryGetProperty("done", out _));

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var done = await ExpectAsync(h, 200, HttpMethod.Get, "v1/" + operationName);
        Assert.True(done.GetProperty("done").GetBoolean());
        var response = done.GetProperty("response");
        Assert.Equal("type.googleapis.com/google.ai.generativelanguage.v1beta.TunedModel", response.GetProperty("@type").GetString());
        Assert.Equal("ACTIVE", response.GetProperty("state").GetString());
        var active = await ExpectAsync(h, 200, HttpMethod.Get, "v1beta/" + name);
        Assert.Equal("ACTIVE", active.GetProperty("state").GetString());
        Assert.Equal(10, active.GetProperty("tuningTask").GetProperty("snapshots").GetArrayLength());
        Assert.True(active.GetProperty("tuningTask").TryGetProperty("completeTime", out _));
    }

    [Fact]
    public async Task The_fail_marker_in_the_description_ends_the_operation_with_an_error()
    {
        using var h = new Harness();
        var name = await CreateAsync(h, QuickstartBody.Replace("\"display_name\"", "\"description\": \"emulator-scenario:fail\", \"display_name\""));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var model = await ExpectAsync(h, 200, HttpMethod.Get, "v1beta/" + name);
        Assert.Equal("FAILED", model.GetProperty("state").GetString());
        var operation = (await ExpectAsync(h, 200, HttpMethod.Get, "v1beta/" + name + "/operations")).GetProperty("operations")[0];
        Assert.True(operation.GetProperty("done").GetBoolean());
        Assert.Equal(13, operation.GetProperty("error").GetProperty("code").GetInt32());
        Assert.False(operation.TryGetProperty("response", out _));
    }

    [Fact]
    public async Task A_requested_id_is_used_and_a_second_create_with_it_already_exists()
    {
        using var h = new Harness();
        Assert.Equal("tunedModels/my-model", await CreateAsync(h, query: "?tunedModelId=my-model"));
        using var again = await SendAsync(h, HttpMethod.Post, "v1beta/tunedModels?tunedModelId=my-model", QuickstartBody);
        await Harness.AssertErrorAsync(again, 409, "ALREADY_EXISTS");
        using var invalid = await SendAsync(h, HttpMethod.Post, "v1beta/tunedModels?tunedModelId=My_Model", QuickstartBody);
        await Harness.AssertErrorAsync(invalid, 400, "INVALID_ARGUMENT");
    }

    [Fact]
    public async Task A_base_model_that_cannot_be_tuned_is_refused_as_the_service_does_today()
    {
        using var h = new Harness(o => o.GeminiApiTunableBaseModels = Array.Empty<string>());
        using var response = await SendAsync(h, HttpMethod.Post, "v1beta/tunedModels", QuickstartBody);
        Assert.Equal("models/gemini-1.5-flash-001-tuning is not found for API version v1beta, or is not supported for createTunedModel. Call ListModels to see the list of available models and their supported methods.",
            await Harness.AssertErrorAsync(response, 404, "NOT_FOUND"));
    }

    [Theory]
    [InlineData("{\"baseModel\":\"models/gemini-1.5-flash-001-tuning\"}", "tuning_task is required")]
    [InlineData("{\"baseModel\":\"models/gemini-1.5-flash-001-tuning\",\"tuningTask\":{\"trainingData\":{\"examples\":{\"examples\":[]}}}}", "must hold at least one example")]
    [InlineData("{\"baseModel\":\"models/gemini-1.5-flash-001-tuning\",\"tuningTask\":{\"trainingData\":{\"examples\":{\"examples\":[{\"textInput\":\"a\"}]}}}}", "examples[0].output is required")]
    [InlineData("{\"tuningTask\":{\"trainingData\":{\"examples\":{\"examples\":[{\"output\":\"a\"}]}}}}", "base_model is required")]
    [InlineData("{\"baseModel\":\"models/gemini-1.5-flash-001-tuning\",\"displayName\":\"01234567890123456789012345678901234567890\",\"tuningTask\":{\"trainingData\":{\"examples\":{\"examples\":[{\"output\":\"a\"}]}}}}", "at most 40 characters")]
    [InlineData("{\"baseModel\":\"models/gemini-1.5-flash-001-tuning\",\"tuningTask\":{\"hyperparameters\":{\"epochCount\":\"x\"},\"trainingData\":{\"examples\":{\"examples\":[{\"output\":\"a\"}]}}}}", "(TYPE_INT32)")]
    [InlineData("{\"baseModel\":\"models/gemini-1.5-flash-001-tuning\",\"tuningTask\":{\"hyperparameters\":{\"learningRate\":0.1,\"learningRateMultiplier\":1},\"trainingData\":{\"examples\":{\"examples\":[{\"output\":\"a\"}]}}}}", "Only one of learning_rate and learning_rate_multiplier")]
    public async Task An_invalid_tuned_model_is_refused(string body, string expected)
    {
        using var h = new Harness();
        using var response = await SendAsync(h, HttpMethod.Post, "v1beta/tunedModels", body);
        Assert.Contains(expected, await Harness.AssertErrorAsync(response, 400, "INVALID_ARGUMENT"));
    }

    [Fact]
    public async Task List_pages_and_searches_display_names_and_descriptions()
    {
        using var h = new Harness();
        var names = new[] { "alpha one", "beta two", "alpha three" };
        foreach (var display in names)
        {
            await CreateAsync(h, QuickstartBody.Replace("number generator model", display));
            h.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await ExpectAsync(h, 200, HttpMethod.Get, "v1beta/tunedModels?pageSize=2");
        Assert.Equal(new[] { "alpha three", "beta two" }, first.GetProperty("tunedModels").EnumerateArray().Select(m => m.GetProperty("displayName").GetString()));
        var second = await ExpectAsync(h, 200, HttpMethod.Get, "v1beta/tunedModels?pageSize=2&pageToken=" + Uri.EscapeDataString(first.GetProperty("nextPageToken").GetString()!));
        Assert.Equal("alpha one", Assert.Single(second.GetProperty("tunedModels").EnumerateArray()).GetProperty("displayName").GetString());
        Assert.False(second.TryGetProperty("nextPageToken", out _));

        var alpha = await ExpectAsync(h, 200, HttpMethod.Get, "v1beta/tunedModels?filter=" + Uri.EscapeDataString("owner:me ALPHA"));
        Assert.Equal(2, alpha.GetProperty("tunedModels").GetArrayLength());
        var shared = await ExpectAsync(h, 200, HttpMethod.Get, "v1beta/tunedModels?filter=readers:everyone");
        Assert.Empty(shared.EnumerateObject());
    }

    [Fact]
    public async Task Patch_changes_the_fields_in_the_update_mask_and_refuses_immutable_ones()
    {
        using var h = new Harness();
        var name = await CreateAsync(h);
        h.Clock.Advance(TimeSpan.FromSeconds(3));
        var patched = await ExpectAsync(h, 200, HttpMethod.Patch, "v1beta/" + name + "?updateMask=displayName,description",
            "{\"displayName\":\"Sentence Translator\",\"description\":\"My awesome next sequence predictor\",\"temperature\":0.1}");
        Assert.Equal("Sentence Translator", patched.GetProperty("displayName").GetString());
        Assert.Equal("My awesome next sequence predictor", patched.GetProperty("description").GetString());
        Assert.Equal(1.0, patched.GetProperty("temperature").GetDouble()); // not in the mask
        Assert.Equal("2026-08-21T10:15:33.123456Z", patched.GetProperty("updateTime").GetString());

        using var immutable = await SendAsync(h, HttpMethod.Patch, "v1beta/" + name + "?update_mask=base_model", "{\"baseModel\":\"models/x\"}");
        Assert.Contains("cannot be updated", await Harness.AssertErrorAsync(immutable, 400, "INVALID_ARGUMENT"));
    }

    [Fact]
    public async Task Delete_answers_an_empty_object_and_the_model_and_its_operation_are_gone()
    {
        using var h = new Harness();
        var name = await CreateAsync(h);
        var operation = (await ExpectAsync(h, 200, HttpMethod.Get, "v1beta/" + name + "/operations")).GetProperty("operations")[0].GetProperty("name").GetString()!;
        var deleted = await ExpectAsync(h, 200, HttpMethod.Delete, "v1beta/" + name);
        Assert.Empty(deleted.EnumerateObject());
        using var get = await SendAsync(h, HttpMethod.Get, "v1beta/" + name);
        await Harness.AssertErrorAsync(get, 404, "NOT_FOUND");
        using var op = await SendAsync(h, HttpMethod.Get, "v1beta/" + operation);
        await Harness.AssertErrorAsync(op, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task GenerateContent_on_an_active_tuned_model_answers_in_the_Gemini_API_shape()
    {
        using var h = new Harness();
        var name = await CreateAsync(h);
        using (var early = await SendAsync(h, HttpMethod.Post, "v1beta/" + name + ":generateContent", "{\"contents\":[{\"parts\":[{\"text\":\"100\"}]}]}"))
        {
            Assert.Contains("CREATING", await Harness.AssertErrorAsync(early, 400, "FAILED_PRECONDITION"));
        }

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        var response = await ExpectAsync(h, 200, HttpMethod.Post, "v1beta/" + name + ":generateContent", "{\"contents\":[{\"parts\":[{\"text\":\"100\"}]}]}");
        var candidate = response.GetProperty("candidates")[0];
        Assert.Equal("[tuned gemini-1.5-flash-001-tuning] You said: 100", candidate.GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Equal(0, candidate.GetProperty("index").GetInt32());
        Assert.False(response.GetProperty("usageMetadata").TryGetProperty("trafficType", out _));
        Assert.False(response.TryGetProperty("createTime", out _));

        using var stream = await SendAsync(h, HttpMethod.Post, "v1/" + name + ":streamGenerateContent?alt=sse", "{\"contents\":[{\"parts\":[{\"text\":\"100\"}]}]}");
        var events = (await stream.Content.ReadAsStringAsync()).Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(events.Length >= 3);
    }

    [Fact]
    public async Task Generating_with_an_unknown_tuned_model_is_not_found()
    {
        using var h = new Harness();
        using var response = await SendAsync(h, HttpMethod.Post, "v1beta/tunedModels/nope:generateContent", "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}");
        Assert.StartsWith("tunedModels/nope is not found for API version v1beta", await Harness.AssertErrorAsync(response, 404, "NOT_FOUND"));
    }

    [Fact]
    public async Task Cancel_is_not_bound_for_tuned_models()
    {
        using var h = new Harness();
        var name = await CreateAsync(h);
        using var response = await SendAsync(h, HttpMethod.Post, "v1beta/" + name + ":cancel", "{}");
        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Without_a_key_or_token_the_Gemini_API_refuses_unregistered_callers()
    {
        using var h = new Harness();
        using var response = await SendAsync(h, HttpMethod.Get, "v1beta/tunedModels", apiKey: null);
        Assert.StartsWith("Method doesn't allow unregistered callers", await Harness.AssertErrorAsync(response, 403, "PERMISSION_DENIED"));
        using var byQuery = await h.Http.GetAsync("v1beta/tunedModels?key=anything");
        Assert.Equal(200, (int)byQuery.StatusCode);
        await h.ExpectAsync(200, HttpMethod.Get, "v1beta/tunedModels"); // a bearer token works too
    }

    [Fact]
    public async Task Strict_mode_accepts_only_registered_api_keys()
    {
        using var h = new Harness(o => o.StrictAuthentication = true);
        h.Emulator.RegisterApiKey(Key);
        using var unknown = await SendAsync(h, HttpMethod.Get, "v1beta/tunedModels", apiKey: "AIza-unknown");
        Assert.Equal("API key not valid. Please pass a valid API key.", await Harness.AssertErrorAsync(unknown, 400, "INVALID_ARGUMENT"));
        var detail = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("details")[0];
        Assert.Equal("API_KEY_INVALID", detail.GetProperty("reason").GetString());
        await ExpectAsync(h, 200, HttpMethod.Get, "v1beta/tunedModels");
    }
}
