using System;
using System.Collections.Generic;
using System.Management.Automation;
using GeminiTuning.Workflows;
using GeminiTuning.Waiting;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Waits for jobs for Wait-GeminiTuningJob, New-GeminiTuningJob -Wait and Stop-GeminiTuningJob -Wait: a progress bar
/// per job, each job written as it ends, a non-terminating error for a job that ended Failed or Expired (carrying
/// its own message), and one error naming the jobs still running when -Timeout is reached.
/// </summary>
/// <remarks>
/// A job's notice (see <see cref="PendingNotices"/>) is withdrawn once the user has been told about it here: the
/// ended job written, or named in the timeout error. A wait stopped with Ctrl+C leaves the notices of the jobs it
/// had not told about, and the command tells them as it ends.
/// </remarks>
internal sealed class JobWaitReporter : IWaitObserver
{
    private readonly GeminiTuningCmdlet _cmdlet;
    private readonly Dictionary<WaitTarget, int> _activityIds = new();
    private readonly bool _writeEnded;
    private readonly bool _reportFailed;

    private JobWaitReporter(GeminiTuningCmdlet cmdlet, IReadOnlyList<WaitTarget> targets, bool writeEnded, bool reportFailed)
    {
        _cmdlet = cmdlet;
        _writeEnded = writeEnded;
        _reportFailed = reportFailed;
        for (var i = 0; i < targets.Count; i++)
        {
            _activityIds[targets[i]] = i + 1;
        }
    }

    /// <summary>Waits for <paramref name="targets"/> on the pipeline thread of <paramref name="cmdlet"/>.</summary>
    public static void Wait(GeminiTuningCmdlet cmdlet, TuningJobOperations operations, IReadOnlyList<WaitTarget> targets, WaitOptions options,
        bool writeEndedJobs, bool reportFailedJobs)
    {
        if (targets.Count == 0)
        {
            return;
        }

        var reporter = new JobWaitReporter(cmdlet, targets, writeEndedJobs, reportFailedJobs);
        try
        {
            var result = cmdlet.RunSync(ct => operations.WaitAsync(targets, options, reporter, ct));
            if (result.TimedOut && options.Timeout is { } timeout)
            {
                cmdlet.WriteError(cmdlet.ToErrorRecord(ErrorReport.ForTimeout(timeout, result.StillWaiting)));
            }

            // Every job has now been written, named in the timeout error, or left running on purpose (-Any).
            foreach (var target in targets)
            {
                cmdlet.Notices.Remove(target.Name);
            }
        }
        finally
        {
            reporter.CompleteAll();
        }
    }

    public void OnPolled(WaitTarget target, GeminiTuningJob job, TimeSpan waited)
    {
        var record = new ProgressRecord(_activityIds[target], "Tuning job " + job.Id, TuningJobOperations.ProgressStatus(job, waited));
        if (TuningJobOperations.ProgressPercent(job) is { } percent)
        {
            record.PercentComplete = percent;
        }

        _cmdlet.Post(() => _cmdlet.WriteProgress(record));
    }

    public void OnEnded(WaitTarget target, GeminiTuningJob job)
    {
        var id = _activityIds[target];
        _cmdlet.Post(() =>
        {
            _cmdlet.WriteProgress(new ProgressRecord(id, "Tuning job " + job.Id, job.State.ToString()) { RecordType = ProgressRecordType.Completed });
            if (_writeEnded)
            {
                _cmdlet.WriteObject(job);
            }

            _cmdlet.Notices.Remove(target.Name);
            if (_reportFailed && ErrorReport.ForEndedJob(job) is { } report)
            {
                _cmdlet.WriteError(_cmdlet.ToErrorRecord(report));
            }
        });
    }

    public void OnError(WaitTarget target, GeminiTuningException error) =>
        _cmdlet.Post(() => _cmdlet.WriteError(_cmdlet.ToErrorRecord(ErrorReport.From(error, target.Name))));

    private void CompleteAll()
    {
        try
        {
            foreach (var pair in _activityIds)
            {
                _cmdlet.WriteProgress(new ProgressRecord(pair.Value, "Tuning job", "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
        catch (PipelineStoppedException)
        {
            // Stopping: the host clears progress bars itself.
        }
    }
}
