using GeminiTuning.Http;

namespace GeminiTuning.PowerShell;

/// <summary>The client's log, written by the command: verbose and warning lines always, debug lines (bodies) when wanted.</summary>
/// <remarks>Called from any thread; the lines are posted to the pipeline thread.</remarks>
internal sealed class CmdletLog : IGeminiTuningLog
{
    private readonly GeminiTuningCmdlet _cmdlet;

    public CmdletLog(GeminiTuningCmdlet cmdlet) => _cmdlet = cmdlet;

    public bool IsDebugEnabled => _cmdlet.Streams.DebugWanted;

    public void Verbose(string message) => _cmdlet.Post(() => _cmdlet.WriteVerbose(Redactor.Redact(message)));

    public void Debug(string message)
    {
        if (IsDebugEnabled)
        {
            _cmdlet.Post(() => _cmdlet.WriteDebug(Redactor.Redact(message)));
        }
    }

    public void Warning(string message) => _cmdlet.Post(() => _cmdlet.WriteWarning(Redactor.Redact(message)));
}
