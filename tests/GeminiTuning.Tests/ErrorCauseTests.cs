using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Config;
using GeminiTuning.Emulator;
using GeminiTuning.Http;
using GeminiTuning.Workflows;

namespace GeminiTuning.Tests;

/// <summary>A wrapped error keeps its cause (type, stack trace, inner exceptions) for a defect report, and no secret.</summary>
public sealed class ErrorCauseTests : IDisposable
{
    private const string Secret = "ya29.secret-token-in-an-exception-message";

    private readonly EmulatorHost _host = new();

    public void Dispose() => _host.Dispose();

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    [Fact]
    public async Task A_connection_that_keeps_failing_is_an_error_carrying_the_network_exception()
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.GetTuningJob, Fault.DropConnection(), 50);

        var error = await Assert.ThrowsAsync<GeminiTuningException>(() =>
            _host.Vertex().GetAsync(TuningJobName.Parse("42", () => (EmulatorHost.Project, EmulatorHost.Region)), CancellationToken.None));

        Assert.Equal("ConnectionFailed", error.Condition);
        var cause = Assert.IsType<RedactedException>(error.InnerException);
        Assert.Equal(typeof(HttpRequestException).FullName, cause.OriginalType);
        Assert.Contains("SendAsync", cause.StackTrace);
        Assert.Contains(typeof(HttpRequestException).FullName!, error.ToString());
    }

    [Fact]
    public async Task A_create_whose_outcome_is_unknown_carries_the_lost_request_and_its_network_exception()
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.CreateTuningJob, Fault.DropConnection());

        var error = await Assert.ThrowsAsync<GeminiTuningException>(() =>
            _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, TestRequests.EveryParameter(null), CancellationToken.None));

        Assert.Equal("CreateOutcomeUnknown", error.Condition);
        var lost = Assert.IsType<RequestOutcomeUnknownException>(error.InnerException);
        Assert.IsType<RedactedException>(lost.InnerException);
    }

    [Fact]
    public void An_unexpected_exception_is_kept_with_its_type_and_stack_trace_and_without_its_secrets()
    {
        Redactor.RegisterSecret(Secret);
        Exception thrown;
        try
        {
            ThrowWithSecrets();
            throw new InvalidOperationException("not reached");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        var report = ErrorReport.From(thrown, "target");

        Assert.Equal("Unexpected", report.Condition);
        var cause = Assert.IsType<RedactedException>(report.Exception.InnerException);
        Assert.Equal(typeof(InvalidOperationException).FullName, cause.OriginalType);
        Assert.Contains(nameof(ThrowWithSecrets), cause.StackTrace);
        var innerCause = Assert.IsType<RedactedException>(cause.InnerException);
        Assert.Equal(typeof(IOException).FullName, innerCause.OriginalType);
        Assert.Contains("https://example.invalid/v1?key=***", innerCause.Message);
        var texts = Chain(report.Exception).Select(e => e.Message).Append(report.Message).Append(report.Exception.ToString()).ToList();
        Assert.Contains(texts, t => t.Contains(nameof(ThrowWithSecrets)));
        Assert.All(texts, t => Assert.DoesNotContain("secret-token", t));
        Assert.All(texts, t => Assert.DoesNotContain("AIzaSecretKeyInAnUrl", t));
    }

    [Fact]
    public void A_cause_from_this_library_is_kept_as_it_is()
    {
        var own = new GeminiTuningException("inner", "Inner", ErrorCategoryHint.NotSpecified);

        var outer = new GeminiTuningException("outer", "Outer", ErrorCategoryHint.NotSpecified, innerException: own);

        Assert.Same(own, outer.InnerException);
    }

    [Fact]
    public void Messages_and_recommended_actions_are_redacted_when_the_error_is_made()
    {
        Redactor.RegisterSecret(Secret);

        var error = new GeminiTuningException("Failed with " + Secret, "Failed", ErrorCategoryHint.NotSpecified, "Retry with " + Secret);

        Assert.Equal("Failed with ***", error.Message);
        Assert.Equal("Retry with ***", error.RecommendedAction);
    }

    private static void ThrowWithSecrets() =>
        throw new InvalidOperationException("The call failed with " + Secret,
            new IOException("GET https://example.invalid/v1?key=AIzaSecretKeyInAnUrl broke"));
}
