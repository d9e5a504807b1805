using System;
using System.Collections.Generic;
using System.Linq;

namespace GeminiTuning.Workflows;

/// <summary>Everything a cmdlet needs for an ErrorRecord, decided here so that it is tested without PowerShell.</summary>
public sealed class ErrorReport
{
    /// <summary>Creates a report.</summary>
    public ErrorReport(Exception exception, string condition, ErrorCategoryHint category, string message, string? recommendedAction, object? target)
    {
        Exception = exception;
        Condition = condition;
        Category = category;
        Message = message;
        RecommendedAction = recommendedAction;
        Target = target;
    }

    /// <summary>The exception to carry (never one whose message holds secrets).</summary>
    public Exception Exception { get; }

    /// <summary>PascalCase condition; the ErrorRecord id is the cmdlet name without its dash plus this, e.g. <c>GetGeminiTuningJobNotFound</c>.</summary>
    public string Condition { get; }

    /// <summary>The PowerShell error category.</summary>
    public ErrorCategoryHint Category { get; }

    /// <summary>The message shown.</summary>
    public string Message { get; }

    /// <summary>How to fix it.</summary>
    public string? RecommendedAction { get; }

    /// <summary>The object the error is about (a job, a name).</summary>
    public object? Target { get; }

    /// <summary>The ErrorRecord id for a cmdlet, e.g. ("Get-GeminiTuningJob") → <c>GetGeminiTuningJobNotFound</c>.</summary>
    public string ErrorIdFor(string cmdletName) => cmdletName.Replace("-", string.Empty) + Condition;

    /// <summary>Classifies any exception the client can throw.</summary>
    public static ErrorReport From(Exception exception, object? target)
    {
        var ex = exception is AggregateException { InnerExceptions.Count: 1 } agg ? agg.InnerExceptions[0] : exception;
        return ex switch
        {
            GeminiTuningException g => new ErrorReport(g, g.Condition, g.Category, g.Message, g.RecommendedAction, target),
            OperationCanceledException => new ErrorReport(ex, "Stopped", ErrorCategoryHint.OperationStopped, "The operation was stopped.", null, target),
            // An unexpected exception is wrapped so that its message passes through the redactor; it stays the inner
            // exception (redacted, with its type and stack trace) for the defect report.
            _ => Unexpected(new GeminiTuningException(ex.GetType().Name + ": " + ex.Message, "Unexpected", ErrorCategoryHint.NotSpecified,
                "This is probably a defect in GeminiTuning; please report it with the command you ran and what " +
                "'$Error[0].Exception.InnerException | Format-List * -Force' shows (its stack trace).", ex), target),
        };
    }

    private static ErrorReport Unexpected(GeminiTuningException wrapped, object? target) =>
        new(wrapped, wrapped.Condition, wrapped.Category, wrapped.Message, wrapped.RecommendedAction, target);

    /// <summary>The error for a job that ended badly (Failed or Expired), carrying the job's own message.</summary>
    public static ErrorReport? ForEndedJob(GeminiTuningJob job)
    {
        if (job.State is not (GeminiTuningJobState.Failed or GeminiTuningJobState.Expired))
        {
            return null;
        }

        var status = job.Error?.Status;
        var what = job.State == GeminiTuningJobState.Failed ? "failed" : "expired";
        var detail = job.Error is { } e && !string.IsNullOrWhiteSpace(e.Message) ? ": " + e.Message.Trim() + " (" + e.Status + ")" : ".";
        var message = $"Tuning job {job.Id} {what}{detail}";
        var category = status is null ? ErrorCategoryHint.InvalidResult : GoogleApiException.CategoryOf(status, 0);
        if (category == ErrorCategoryHint.NotSpecified)
        {
            category = ErrorCategoryHint.InvalidResult;
        }

        var condition = job.State == GeminiTuningJobState.Failed ? "JobFailed" : "JobExpired";
        return new ErrorReport(new GeminiTuningException(message, condition, category), condition, category, message,
            job.State == GeminiTuningJobState.Failed ? "Read the job's Error and TuningDataStats; Test-GeminiTuningDataset checks a dataset locally." : null,
            job);
    }

    /// <summary>The error for a wait that timed out, naming the jobs still running.</summary>
    public static ErrorReport ForTimeout(TimeSpan timeout, IReadOnlyList<Waiting.WaitTarget> stillWaiting)
    {
        var names = string.Join(", ", stillWaiting.Select(t => t.Last is { } j ? $"{j.Id} ({j.State})" : t.Name));
        var message = $"Stopped waiting after {timeout}; still running: {names}. The jobs were not cancelled.";
        var jobs = stillWaiting.Select(t => (object?)t.Last ?? t.Name).ToArray();
        return new ErrorReport(new GeminiTuningException(message, "Timeout", ErrorCategoryHint.OperationTimeout), "Timeout",
            ErrorCategoryHint.OperationTimeout, message, "Wait again later with Wait-GeminiTuningJob, or stop them with Stop-GeminiTuningJob.", jobs);
    }
}
