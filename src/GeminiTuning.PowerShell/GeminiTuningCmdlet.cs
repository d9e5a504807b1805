using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Config;
using GeminiTuning.Workflows;

namespace GeminiTuning.PowerShell;

/// <summary>
/// The base of every GeminiTuning cmdlet: async work run through <see cref="PipelineDispatcher"/> with Ctrl+C
/// cancelling it, output streams that never prompt for -Debug, ErrorRecords built from the client's error reports,
/// and notices for what a stopped command leaves behind. Cmdlets that address a project and region derive from
/// <see cref="GeminiTuningCloudCmdlet"/>.
/// </summary>
/// <remarks>
/// Only the pipeline thread calls Write* and ShouldProcess: background work posts what it wants written
/// (<see cref="Post"/>), and <see cref="RunSync{T}"/> runs those posts while it waits.
/// </remarks>
public abstract class GeminiTuningCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private PipelineDispatcher? _dispatcher;
    private PromptFreeStreams? _streams;
    private GeminiTuningServices? _services;
    private TuningJobOperations? _operations;

    static GeminiTuningCmdlet() => PowerShellHost.TellClient();

    /// <summary>Cancelled when the user presses Ctrl+C.</summary>
    protected CancellationToken CancellationToken => _stop.Token;

    /// <summary>The clients for this command, created on first use.</summary>
    protected GeminiTuningServices Services => _services ??= new GeminiTuningServices(
        new SettingsResolver(GeminiTuningSession.Current), new CmdletLog(this), apiKey: ApiKeyForServices());

    /// <summary>The job operations for this command.</summary>
    protected TuningJobOperations Operations => _operations ??= new TuningJobOperations(Services);

    /// <summary>What the command has done that the user must hear about if it ends early (Ctrl+C, a terminating error).</summary>
    internal PendingNotices Notices { get; } = new();

    internal PipelineDispatcher Dispatcher => _dispatcher ??= new PipelineDispatcher(_stop);

    internal PromptFreeStreams Streams => _streams ??= PromptFreeStreams.For(this);

    /// <summary>An API key given to this command (-ApiKey); without one the resolver looks further (Connect, environment).</summary>
    protected virtual string? ApiKeyForServices() => null;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        // On the pipeline thread, with the common parameters bound: both decide how the rest of the command writes.
        _dispatcher = new PipelineDispatcher(_stop);
        _streams = PromptFreeStreams.For(this);
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>Tells what is left in <see cref="Notices"/>, and releases the cancellation source. PowerShell calls this even after Ctrl+C.</summary>
    public void Dispose()
    {
        Notices.Tell(Host);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs async work to completion, writing what it posts meanwhile. Ctrl+C returns at once and stops the pipeline.</summary>
    protected internal T RunSync<T>(Func<CancellationToken, Task<T>> work)
    {
        try
        {
            return Dispatcher.Run(work);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Runs async work that returns nothing.</summary>
    protected internal void RunSync(Func<CancellationToken, Task> work) => RunSync<bool>(async ct =>
    {
        await work(ct).ConfigureAwait(false);
        return true;
    });

    /// <summary>Runs <paramref name="action"/> on the pipeline thread (see <see cref="PipelineDispatcher.Post"/>).</summary>
    protected internal void Post(Action action) => Dispatcher.Post(action);

    /// <summary>Writes, on the pipeline thread, what background work posted while nothing was being waited for.</summary>
    protected void WritePosted() => Dispatcher.RunLater();

    /// <summary>Writes a verbose line; with -Debug it never prompts.</summary>
    public new void WriteVerbose(string text) => Streams.Verbose(text);

    /// <summary>Writes a debug line when debug lines are wanted; it never prompts.</summary>
    public new void WriteDebug(string text) => Streams.Debug(text);

    /// <summary>Writes a warning; with -Debug it never prompts.</summary>
    public new void WriteWarning(string text) => Streams.Warning(text);

    /// <summary>ShouldProcess, without the confirmation -Debug alone would ask for on Windows PowerShell.</summary>
    public new bool ShouldProcess(string target, string action) => Streams.ShouldProcess(target, action);

    /// <summary>ShouldProcess with separate -WhatIf/-Verbose, warning and caption texts; see <see cref="ShouldProcess(string, string)"/>.</summary>
    public new bool ShouldProcess(string verboseDescription, string verboseWarning, string caption) =>
        Streams.ShouldProcess(verboseDescription, verboseWarning, caption);

    /// <summary>ShouldProcess that <paramref name="force"/> (-Force) answers yes to, unless -Confirm is given; -WhatIf still describes.</summary>
    public bool ShouldProcess(string verboseDescription, string verboseWarning, string caption, bool force) =>
        Streams.ShouldProcess(verboseDescription, verboseWarning, caption, force);

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
    protected internal void WriteErrorFor(Exception exception, object? target)
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
    protected internal ErrorRecord ToErrorRecord(ErrorReport report)
    {
        var category = Enum.TryParse<ErrorCategory>(report.Category.ToString(), out var c) ? c : ErrorCategory.NotSpecified;
        var record = new ErrorRecord(report.Exception, report.ErrorIdFor(MyInvocation.MyCommand.Name), category, report.Target);
        if (report.RecommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(report.Message) { RecommendedAction = report.RecommendedAction };
        }

        return record;
    }
}
