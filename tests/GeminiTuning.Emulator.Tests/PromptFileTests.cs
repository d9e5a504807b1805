using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

public sealed class PromptFileTests
{
    private static readonly string Png = Convert.ToBase64String(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 });

    private static string Body(string parts) => "{\"contents\":[{\"role\":\"user\",\"parts\":[" + parts + "]}]}";

    [Fact]
    public async Task Inline_and_referenced_files_are_taken_and_counted_by_modality()
    {
        using var h = new Harness();
        var endpoint = await ThinkingTests.EndpointOfAsync(h, "gemini-2.5-flash");
        var response = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + endpoint + ":generateContent", Body(
            "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + Png + "\"}}," +
            "{\"fileData\":{\"mimeType\":\"application/pdf\",\"fileUri\":\"gs://my-bucket/report.pdf\"}}," +
            "{\"text\":\"Describe these\"}"));
        Assert.Equal("[tuned gemini-2.5-flash] You said: Describe these (with image/png, application/pdf)",
            response.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString());
        var details = response.GetProperty("usageMetadata").GetProperty("promptTokensDetails").EnumerateArray()
            .ToDictionary(d => d.GetProperty("modality").GetString()!, d => d.GetProperty("tokenCount").GetInt32());
        Assert.Equal(2, details["TEXT"]);
        Assert.Equal(258, details["IMAGE"]);
        Assert.Equal(258, details["DOCUMENT"]);
        Assert.Equal(2 + 258 + 258, response.GetProperty("usageMetadata").GetProperty("promptTokenCount").GetInt32());
    }

    [Theory]
    [InlineData("{\"inlineData\":{\"mimeType\":\"application/zip\",\"data\":\"AAAA\"}}", "mimeType parameter with value application/zip, which is not supported")]
    [InlineData("{\"inlineData\":{\"data\":\"AAAA\"}}", "empty mimeType parameter")]
    [InlineData("{\"inlineData\":{\"mimeType\":\"image/png\"}}", "empty inlineData parameter")]
    [InlineData("{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"not base64!\"}}", "(TYPE_BYTES), Base64 decoding failed")]
    [InlineData("{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"c:/photos/cat.png\"}}", "invalid fileUri")]
    [InlineData("{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"gs://bucket-only\"}}", "invalid fileUri")]
    public async Task A_file_part_the_service_would_refuse_is_an_invalid_argument(string part, string expected)
    {
        using var h = new Harness();
        var endpoint = await ThinkingTests.EndpointOfAsync(h, "gemini-2.5-flash");
        using var response = await h.PostAsync("v1/" + endpoint + ":generateContent", Body(part + ",{\"text\":\"x\"}"));
        Assert.Contains(expected, await Harness.AssertErrorAsync(response, 400, "INVALID_ARGUMENT"));
    }

    [Fact]
    public async Task A_conversation_is_answered_at_its_last_user_turn_and_the_model_turns_signatures_are_checked()
    {
        using var h = new Harness();
        var endpoint = await ThinkingTests.EndpointOfAsync(h, "gemini-2.5-flash");
        var signature = Convert.ToBase64String(Encoding.UTF8.GetBytes("sig"));
        var body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"Hello\",\"thoughtSignature\":\"" + signature + "\"}]}," +
            "{\"role\":\"user\",\"parts\":[{\"text\":\"And then?\"}]}]}";
        var response = await h.ExpectAsync(200, HttpMethod.Post, "v1/" + endpoint + ":generateContent", body);
        Assert.Equal("[tuned gemini-2.5-flash] You said: And then? (turn 2)",
            response.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString());

        using var endsWithModel = await h.PostAsync("v1/" + endpoint + ":generateContent",
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"Hello\"}]}]}");
        Assert.Contains("ends with a user role", await Harness.AssertErrorAsync(endsWithModel, 400, "INVALID_ARGUMENT"));

        using var badSignature = await h.PostAsync("v1/" + endpoint + ":generateContent", body.Replace(signature, "%%%"));
        Assert.Contains("thought_signature' (TYPE_BYTES)", await Harness.AssertErrorAsync(badSignature, 400, "INVALID_ARGUMENT"));
    }
}
