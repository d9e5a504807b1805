using System;
using GeminiTuning.Workflows;
using GeminiTuning.Waiting;

namespace GeminiTuning.PowerShell;

/// <summary>
/// -Timeout and -PollingInterval of Wait-GeminiTuningJob, New-GeminiTuningJob -Wait and Stop-GeminiTuningJob -Wait,
/// checked in BeginProcessing: a bad value must stop the command before it creates or cancels anything, not after.
/// </summary>
internal static class WaitParameters
{
    /// <summary>
    /// The wait options; a negative timeout ends the command with <c>&lt;VerbNoun&gt;InvalidTimeout</c>, a clamped
    /// polling interval is a warning.
    /// </summary>
    public static WaitOptions Resolve(GeminiTuningCmdlet cmdlet, TimeSpan? timeout, TimeSpan? pollingInterval, bool any)
    {
        if (timeout is { } t && t < TimeSpan.Zero)
        {
            var error = new GeminiTuningArgumentException("Timeout", $"-Timeout {t} is negative: it is how long to wait at most.",
                "Give a positive time span such as '04:00:00' or a number of seconds, or leave -Timeout out to wait until the jobs end.");
            cmdlet.ThrowTerminatingError(cmdlet.ToErrorRecord(ErrorReport.From(error, t)));
        }

        var options = new WaitOptions { Timeout = timeout, Any = any };
        if (pollingInterval is { } requested)
        {
            var (interval, clamped) = TuningJobWaiter.ClampPollingInterval(requested);
            if (clamped)
            {
                cmdlet.WriteWarning($"The polling interval {requested} is outside {TuningJobWaiter.MinimumPollingInterval} to {TuningJobWaiter.MaximumPollingInterval}; using {interval}.");
            }

            options.PollingInterval = interval;
        }

        return options;
    }
}
