using System;
using System.Linq;

namespace GeminiTuning.Http;

/// <summary>How a request may be repeated after a failure (errors-and-retries.md §1.3).</summary>
public enum RetryClass
{
    /// <summary>Safe to repeat (GET, cancel): 408, 429, 500, 502, 503, 504 and network errors are retried.</summary>
    Idempotent,

    /// <summary>
    /// generateContent: creates nothing but costs tokens when processed, so it is retried on 429 and 503 answers and on
    /// network errors (a lost answer is asked again), not on 500s; a stream only until its first byte.
    /// </summary>
    Generate,

    /// <summary>Never repeated by the transport (creating a billable job); the caller decides, see the create paths.</summary>
    Never,
}

/// <summary>Capped exponential backoff with jitter that honours the server's RetryInfo and Retry-After.</summary>
public sealed class RetryPolicy
{
    private readonly object _gate = new();
    private readonly Random _random;

    /// <summary>Creates a policy; <paramref name="seed"/> makes the jitter reproducible in tests.</summary>
    public RetryPolicy(int? seed = null)
    {
        _random = seed is { } s ? new Random(s) : new Random();
    }

    /// <summary>The default policy: 5 attempts, 1 s initial delay doubling to at most 60 s.</summary>
    public static RetryPolicy Default => new();

    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry (before jitter).</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest backoff delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A server that asks for a longer wait than this is not retried: the error is reported instead.</summary>
    public TimeSpan MaxServerDelay { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The delay before retry number <paramref name="retry"/> (1 for the first retry): half the capped exponential
    /// value plus a random part of the other half ("equal jitter", so delays still grow), and never shorter than
    /// what the server asked for.
    /// </summary>
    public TimeSpan DelayBeforeRetry(int retry, TimeSpan? serverDelay)
    {
        var exponent = Math.Min(Math.Max(retry - 1, 0), 30);
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, InitialDelay.TotalMilliseconds * Math.Pow(2, exponent));
        double jitter;
        lock (_gate)
        {
            jitter = _random.NextDouble();
        }

        var backoff = TimeSpan.FromMilliseconds(ceiling / 2 + jitter * ceiling / 2);
        return serverDelay is { } s && s > backoff ? s : backoff;
    }

    /// <summary>True when an error answer may be retried for a request of class <paramref name="retryClass"/>.</summary>
    public static bool IsRetryableAnswer(RetryClass retryClass, GoogleApiError error)
    {
        if (IsDailyQuota(error))
        {
            // A per-day quota does not come back within any retry budget.
            return false;
        }

        return retryClass switch
        {
            RetryClass.Idempotent => error.HttpStatusCode is 408 or 429 or 500 or 502 or 503 or 504,
            RetryClass.Generate => error.HttpStatusCode is 429 or 503,
            _ => false,
        };
    }

    /// <summary>
    /// True when a refused create (which is never resent blindly) may be sent again: the service answered 429 or 503, so
    /// it made nothing; the quota is not a daily one; and it does not ask for a longer wait than <see cref="MaxServerDelay"/>.
    /// </summary>
    public bool IsRetryableRejection(GoogleApiError error) =>
        error.HttpStatusCode is 429 or 503 && !IsDailyQuota(error) && !(error.RetryDelay is { } asked && asked > MaxServerDelay);

    /// <summary>True for a quota that resets daily (a QuotaFailure quotaId naming PerDay).</summary>
    public static bool IsDailyQuota(GoogleApiError error) =>
        error.QuotaIds.Any(q => q.IndexOf("PerDay", StringComparison.OrdinalIgnoreCase) >= 0);
}
