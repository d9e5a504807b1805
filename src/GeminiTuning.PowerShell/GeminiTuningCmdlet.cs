using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Config;
using GeminiTuning.Http;
using GeminiTuning.Workflows;
using GeminiTuning.Waiting;

namespace GeminiTuning.PowerShell;

/// <summary>
/// The base of every GeminiTuning cmdlet: -Project and -Region, the one way of blocking on async work
/// (<see cref="RunSync{T}"/>), Ctrl+C cancelling the HTTP call, and ErrorRecords built from the client's error reports.
/// </summary>
/// <remarks>
/// Async work runs on the thread pool; everything it wants written (objects, progress, verbose and debug lines) is
/// queued and written by the pipeline thread, which is the only thread allowed to call Write*. Blocking is done by
/// pumping that queue, never by waiting on a task from the pipeline thread with a synchronization context in play,
/// so nothing deadlocks on Windows PowerShell 5.1.
/// </remarks>
public abstract class GeminiTuningCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Action> _posted = new();
    private BlockingCollection<Action>? _queue;
    private int _pipelineThread;
    private bool _debug;
    private GeminiTuningServices? _services;
    private TuningJobOperations? _operations;

    /// <summary>The Google Cloud project (id or number). Defaults: Connect-GeminiTuning, GOOGLE_CLOUD_PROJECT, gcloud's core/project.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Project { get; set; }

    /// <summary>The region, e.g. us-central1. Defaults: Connect-GeminiTuning, GOOGLE_CLOUD_LOCATION, gcloud's ai/region.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Location")]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    /// <summary>Cancelled when the user presses Ctrl+C.</summary>
    protected CancellationToken CancellationToken => _stop.Token;

    /// <summary>The clients for this command, created on first use.</summary>
    protected GeminiTuningServices Services => _services ??= new GeminiTuningServices(
        new SettingsResolver(GeminiTuningSession.Current), new CmdletLog(this), apiKey: ApiKeyForServices());

    /// <summary>The job operations for this command.</summary>
    protected TuningJobOperations Operations => _operations ??= new TuningJobOperations(Services);

    /// <summary>An API key given to this command (-ApiKey); without one the resolver looks further (Connect, environment).</summary>
    protected virtual string? ApiKeyForServices() => null;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _pipelineThread = Thread.CurrentThread.ManagedThreadId;
        _debug = MyInvocation.BoundParameters.TryGetValue("Debug", out var d)
            ? ((SwitchParameter)d).IsPresent
            : IsWanted(GetVariableValue("DebugPreference"));
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    // A preference set in a child scope ($DebugPreference = 'Continue') is a plain string there, not the enum.
    private static bool IsWanted(object? preference)
    {
        var value = preference is PSObject pso ? pso.BaseObject : preference;
        return value is not null && Enum.TryParse<ActionPreference>(value.ToString(), ignoreCase: true, out var pref) &&
               pref != ActionPreference.SilentlyContinue && pref != ActionPreference.Ignore;
    }

    /// <summary>Releases the cancellation source; PowerShell calls this even when Ctrl+C skipped EndProcessing.</summary>
    public void Dispose()
    {
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Runs async work to completion while writing, on this (the pipeline) thread, whatever it posts. Ctrl+C cancels
    /// the work's token and stops the pipeline.
    /// </summary>
    protected T RunSync<T>(Func<CancellationToken, Task<T>> work)
    {
        var queue = new BlockingCollection<Action>();
        var outer = _queue;
        _queue = queue;
        try
        {
            WritePosted();
            var task = Task.Run(() => work(_stop.Token));
            task.ContinueWith(_ => queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                foreach (var action in queue.GetConsumingEnumerable())
                {
                    action();
                }
            }
            catch
            {
                // A downstream stop (Select-Object -First) or a failed write: stop the work too.
                _stop.Cancel();
                throw;
            }

            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }
        finally
        {
            _queue = outer;
        }
    }

    /// <summary>Runs async work that returns nothing.</summary>
    protected void RunSync(Func<CancellationToken, Task> work) => RunSync<bool>(async ct =>
    {
        await work(ct).ConfigureAwait(false);
        return true;
    });

    /// <summary>
    /// Runs <paramref name="action"/> on the pipeline thread: now if this is it, else queued for the pump of the running
    /// RunSync, or, when none runs (background work between records), kept until the next RunSync or WritePosted.
    /// </summary>
    protected void Post(Action action)
    {
        if (Thread.CurrentThread.ManagedThreadId == _pipelineThread)
        {
            action();
            return;
        }

        var queue = _queue;
        if (queue is not null)
        {
            try
            {
                queue.Add(action);
                return;
            }
            catch (InvalidOperationException)
            {
                // That pump has finished: keep the action for the next one.
            }
        }

        _posted.Enqueue(action);
    }

    /// <summary>Writes, on the pipeline thread, what background work posted while no RunSync was pumping.</summary>
    protected void WritePosted()
    {
        while (_posted.TryDequeue(out var action))
        {
            action();
        }
    }

    /// <summary>The file-system path for a PowerShell path (relative to the current location; PSPath form accepted).</summary>
    protected string ProviderPath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>The text of a SecureString, for handing a secret to the client (which registers it for redaction).</summary>
    protected static string PlainText(System.Security.SecureString secure)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = System.Runtime.InteropServices.Marshal.SecureStringToGlobalAllocUnicode(secure);
            return System.Runtime.InteropServices.Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                System.Runtime.InteropServices.Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    /// <summary>Writes a non-terminating error for <paramref name="exception"/> about <paramref name="target"/>.</summary>
    protected void WriteErrorFor(Exception exception, object? target)
    {
        if (exception is PipelineStoppedException)
        {
            throw exception;
        }

        WriteError(ToErrorRecord(ErrorReport.From(exception, target)));
    }

    /// <summary>Ends the command with a terminating error.</summary>
    protected void ThrowTerminatingFor(Exception exception, object? target)
    {
        if (exception is PipelineStoppedException)
        {
            throw exception;
        }

        ThrowTerminatingError(ToErrorRecord(ErrorReport.From(exception, target)));
    }

    /// <summary>Builds the ErrorRecord: id <c>VerbNoun</c> + condition, the category, the target, the fix.</summary>
    protected ErrorRecord ToErrorRecord(ErrorReport report)
    {
        var category = Enum.TryParse<ErrorCategory>(report.Category.ToString(), out var c) ? c : ErrorCategory.NotSpecified;
        var record = new ErrorRecord(report.Exception, report.ErrorIdFor(MyInvocation.MyCommand.Name), category, report.Target);
        if (report.RecommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(report.Message) { RecommendedAction = report.RecommendedAction };
        }

        return record;
    }

    /// <summary>
    /// Waits for jobs with a progress bar per job, writing each job as it ends. A job that ends Failed or Expired
    /// also gets a non-terminating error carrying its own message (unless <paramref name="reportFailedJobs"/> is
    /// false); a timeout gets one error naming the jobs still running.
    /// </summary>
    protected void WaitForJobs(IReadOnlyList<WaitTarget> targets, WaitOptions options, bool writeEndedJobs, bool reportFailedJobs)
    {
        if (targets.Count == 0)
        {
            return;
        }

        var observer = new ProgressObserver(this, targets, writeEndedJobs, reportFailedJobs);
        try
        {
            var result = RunSync(ct => Operations.WaitAsync(targets, options, observer, ct));
            if (result.TimedOut && options.Timeout is { } timeout)
            {
                WriteError(ToErrorRecord(ErrorReport.ForTimeout(timeout, result.StillWaiting)));
            }
        }
        finally
        {
            observer.CompleteAll();
        }
    }

    /// <summary>Resolves the polling options of Wait, New -Wait and Stop -Wait, warning when an interval was clamped.</summary>
    protected WaitOptions WaitOptionsFrom(TimeSpan? timeout, TimeSpan? pollingInterval, bool any)
    {
        var options = new WaitOptions { Timeout = timeout, Any = any };
        if (pollingInterval is { } requested)
        {
            var (interval, clamped) = TuningJobWaiter.ClampPollingInterval(requested);
            if (clamped)
            {
                WriteWarning($"The polling interval {requested} is outside {TuningJobWaiter.MinimumPollingInterval} to {TuningJobWaiter.MaximumPollingInterval}; using {interval}.");
            }

            options.PollingInterval = interval;
        }

        if (timeout is { } t && t < TimeSpan.Zero)
        {
            throw new PSArgumentException("The timeout must not be negative.", "Timeout");
        }

        return options;
    }

    private sealed class ProgressObserver : IWaitObserver
    {
        private readonly GeminiTuningCmdlet _cmdlet;
        private readonly Dictionary<WaitTarget, int> _activityIds = new();
        private readonly bool _writeEnded;
        private readonly bool _reportFailed;

        public ProgressObserver(GeminiTuningCmdlet cmdlet, IReadOnlyList<WaitTarget> targets, bool writeEnded, bool reportFailed)
        {
            _cmdlet = cmdlet;
            _writeEnded = writeEnded;
            _reportFailed = reportFailed;
            for (var i = 0; i < targets.Count; i++)
            {
                _activityIds[targets[i]] = i + 1;
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

                if (_reportFailed && ErrorReport.ForEndedJob(job) is { } report)
                {
                    _cmdlet.WriteError(_cmdlet.ToErrorRecord(report));
                }
            });
        }

        public void OnError(WaitTarget target, GeminiTuningException error) =>
            _cmdlet.Post(() => _cmdlet.WriteError(_cmdlet.ToErrorRecord(ErrorReport.From(error, target.Name))));

        public void CompleteAll()
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

    private sealed class CmdletLog : IGeminiTuningLog
    {
        private readonly GeminiTuningCmdlet _cmdlet;

        public CmdletLog(GeminiTuningCmdlet cmdlet) => _cmdlet = cmdlet;

        public bool IsDebugEnabled => _cmdlet._debug;

        public void Verbose(string message) => _cmdlet.Post(() => _cmdlet.WriteVerbose(Redactor.Redact(message)));

        public void Debug(string message)
        {
            if (_cmdlet._debug)
            {
                _cmdlet.Post(() => _cmdlet.WriteDebug(Redactor.Redact(message)));
            }
        }

        public void Warning(string message) => _cmdlet.Post(() => _cmdlet.WriteWarning(Redactor.Redact(message)));
    }
}
