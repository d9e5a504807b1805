using System;
using System.Linq;
using GeminiTuning.Http;

namespace GeminiTuning.Tests;

public class RetryPolicyTests
{
    [Fact]
    public void Backoff_grows_exponentially_with_jitter_and_stays_under_the_cap()
    {
        var policy = new RetryPolicy(seed: 7) { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(60) };

        for (var retry = 1; retry <= 10; retry++)
        {
            var ceiling = Math.Min(60, Math.Pow(2, retry - 1));
            var delays = Enumerable.Range(0, 50).Select(_ => policy.DelayBeforeRetry(retry, null).TotalSeconds).ToArray();
            Assert.All(delays, d => Assert.InRange(d, ceiling / 2, ceiling));
            Assert.True(delays.Distinct().Count() > 10, "jitter spreads the delays");
        }
    }

    [Fact]
    public void The_servers_retry_delay_is_a_floor()
    {
        var policy = new RetryPolicy(seed: 1);

        Assert.Equal(TimeSpan.FromSeconds(53), policy.DelayBeforeRetry(1, TimeSpan.FromSeconds(53)));
    }

    [Theory]
    [InlineData(RetryClass.Idempotent, 429, true)]
    [InlineData(RetryClass.Idempotent, 503, true)]
    [InlineData(RetryClass.Idempotent, 500, true)]
    [InlineData(RetryClass.Idempotent, 504, true)]
    [InlineData(RetryClass.Idempotent, 404, false)]
    [InlineData(RetryClass.Idempotent, 400, false)]
    [InlineData(RetryClass.Generate, 429, true)]
    [InlineData(RetryClass.Generate, 503, true)]
    [InlineData(RetryClass.Generate, 500, false)]
    [InlineData(RetryClass.Never, 429, false)]
    [InlineData(RetryClass.Never, 503, false)]
    public void Which_answers_are_retried_depends_on_whether_the_request_is_safe_to_repeat(RetryClass retryClass, int status, bool retried)
    {
        var error = new GoogleApiError { HttpStatusCode = status, Status = GoogleApiException.StatusForHttp(status) };

        Assert.Equal(retried, RetryPolicy.IsRetryableAnswer(retryClass, error));
    }

    [Fact]
    public void A_per_day_quota_is_not_retried()
    {
        var error = new GoogleApiError { HttpStatusCode = 429, Status = "RESOURCE_EXHAUSTED", QuotaIds = new[] { "GenerateRequestsPerDayPerProjectPerModel" } };

        Assert.False(RetryPolicy.IsRetryableAnswer(RetryClass.Idempotent, error));
    }
}
