using System;
using System.Text;
using GeminiTuning.Http;
using GeminiTuning.Workflows;

namespace GeminiTuning.Tests;

public class ErrorEnvelopeTests
{
    private static GoogleApiError Parse(int status, string body, string? retryAfter = null) =>
        GoogleErrorParser.Parse(status, "Reason", Encoding.UTF8.GetBytes(body), retryAfter, DateTimeOffset.Parse("2026-11-21T10:00:00Z"));

    [Fact]
    public void A_quota_error_with_retry_info_and_quota_failure_is_read_into_typed_fields()
    {
        var error = Parse(429, """
            {"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED","details":[
              {"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"quotas","url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]},
              {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"m","quotaId":"GenerateContentPaidTierInputTokensPerModelPerMinute","quotaValue":"15"}]},
              {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"53.016342224s"},
              {"@type":"type.googleapis.com/some.future.Detail","whatever":[1,2,3]}]}}
            """);

        Assert.Equal(429, error.HttpStatusCode);
        Assert.Equal("RESOURCE_EXHAUSTED", error.Status);
        Assert.Equal("You exceeded your current quota.", error.Message);
        Assert.Equal(53.016, error.RetryDelay!.Value.TotalSeconds, 3);
        Assert.Equal(new[] { "GenerateContentPaidTierInputTokensPerModelPerMinute" }, error.QuotaIds);
        Assert.Equal(new[] { "https://ai.google.dev/gemini-api/docs/rate-limits" }, error.HelpLinks);
        Assert.True(error.FromEnvelope);
    }

    [Fact]
    public void A_service_disabled_error_names_the_activation_url_as_the_fix()
    {
        var error = Parse(403, """
            {"error":{"code":403,"message":"Vertex AI API has not been used in project 720070608347 before or it is disabled.","status":"PERMISSION_DENIED","details":[
              {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_DISABLED","domain":"googleapis.com",
               "metadata":{"consumer":"projects/720070608347","service":"aiplatform.googleapis.com","activationUrl":"https://console.developers.google.com/apis/api/aiplatform.googleapis.com/overview?project=720070608347"}}]}}
            """);
        var ex = new GoogleApiException(error, "POST projects/p/locations/l/tuningJobs");

        Assert.Equal("SERVICE_DISABLED", error.Reason);
        Assert.Equal("PermissionDenied", ex.Condition);
        Assert.Equal(ErrorCategoryHint.PermissionDenied, ex.Category);
        Assert.Contains("https://console.developers.google.com/apis/api/aiplatform.googleapis.com/overview?project=720070608347", ex.RecommendedAction);
        Assert.Contains("PERMISSION_DENIED (HTTP 403) POST projects/p/locations/l/tuningJobs: Vertex AI API has not been used", ex.Message);
    }

    [Fact]
    public void An_array_wrapped_error_from_a_json_stream_is_unwrapped()
    {
        var error = Parse(429, """[{ "error": { "code": 429, "message": "Resource exhausted. Please try again later.", "status": "RESOURCE_EXHAUSTED" } }]""");

        Assert.Equal("RESOURCE_EXHAUSTED", error.Status);
        Assert.Equal("Resource exhausted. Please try again later.", error.Message);
    }

    [Fact]
    public void An_html_page_from_a_proxy_gives_the_status_for_the_http_code_and_no_markup()
    {
        var error = Parse(502, "<html><body><h1>502 Bad Gateway</h1></body></html>");

        Assert.Equal("UNAVAILABLE", error.Status);
        Assert.Equal("Reason", error.Message);
        Assert.False(error.FromEnvelope);
    }

    [Fact]
    public void A_plain_text_body_becomes_the_message()
    {
        var error = Parse(500, "upstream connect error");

        Assert.Equal("INTERNAL", error.Status);
        Assert.Equal("upstream connect error", error.Message);
    }

    [Theory]
    [InlineData("7", 7.0)]
    [InlineData("Sat, 21 Nov 2026 10:00:30 GMT", 30.0)]
    public void Retry_after_headers_in_seconds_or_as_a_date_are_honoured(string header, double expectedSeconds)
    {
        var error = Parse(503, """{"error":{"code":503,"message":"unavailable","status":"UNAVAILABLE"}}""", header);

        Assert.Equal(expectedSeconds, error.RetryDelay!.Value.TotalSeconds, 3);
    }

    [Theory]
    [InlineData(404, "NOT_FOUND", "NotFound", ErrorCategoryHint.ObjectNotFound)]
    [InlineData(403, "PERMISSION_DENIED", "PermissionDenied", ErrorCategoryHint.PermissionDenied)]
    [InlineData(401, "UNAUTHENTICATED", "Unauthenticated", ErrorCategoryHint.AuthenticationError)]
    [InlineData(400, "INVALID_ARGUMENT", "InvalidArgument", ErrorCategoryHint.InvalidArgument)]
    [InlineData(400, "FAILED_PRECONDITION", "FailedPrecondition", ErrorCategoryHint.InvalidOperation)]
    [InlineData(429, "RESOURCE_EXHAUSTED", "ResourceExhausted", ErrorCategoryHint.QuotaExceeded)]
    [InlineData(503, "UNAVAILABLE", "Unavailable", ErrorCategoryHint.ResourceUnavailable)]
    [InlineData(409, "ALREADY_EXISTS", "AlreadyExists", ErrorCategoryHint.ResourceExists)]
    [InlineData(504, "DEADLINE_EXCEEDED", "DeadlineExceeded", ErrorCategoryHint.OperationTimeout)]
    public void Each_status_maps_to_its_condition_and_category(int http, string status, string condition, ErrorCategoryHint category)
    {
        var ex = new GoogleApiException(Parse(http, "{\"error\":{\"code\":" + http + ",\"message\":\"m\",\"status\":\"" + status + "\"}}"), null);
        var report = ErrorReport.From(ex, "target");

        Assert.Equal(condition, ex.Condition);
        Assert.Equal(category, ex.Category);
        Assert.Equal("GetGeminiTuningJob" + condition, report.ErrorIdFor("Get-GeminiTuningJob"));
        Assert.Equal("target", report.Target);
    }

    [Fact]
    public void An_oauth_token_endpoint_error_is_read_too()
    {
        var error = Parse(400, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""");

        Assert.Equal("INVALID_ARGUMENT", error.Status);
        Assert.Equal("invalid_grant: Invalid JWT Signature.", error.Message);
    }
}
