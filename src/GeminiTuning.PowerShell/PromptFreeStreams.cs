using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Writes verbose, debug and warning lines, and asks ShouldProcess, so that <c>-Debug</c> never prompts.
/// </summary>
/// <remarks>
/// <para>
/// For a compiled cmdlet, PowerShell turns <c>-Debug</c> into <c>Inquire</c> for the verbose and warning streams
/// (7.x, when the host has a user interface) and for the debug stream too (Windows PowerShell 5.1), and into
/// <c>$ConfirmPreference = 'Low'</c> for ShouldProcess (5.1): every line would stop on "Continue with this
/// operation?", and a non-interactive session (a scheduled task, CI) fails with "PowerShell is in NonInteractive mode".
/// Users of -Debug want the request bodies, not a prompt per line; Az and Microsoft Graph users had to set
/// <c>$DebugPreference = 'Continue'</c> themselves. The same goes for <c>$DebugPreference = 'Inquire'</c>, which is
/// what a <c>-Debug</c> on a Windows PowerShell script function hands down to the commands it calls.
/// </para>
/// <para>
/// No public API changes a command's own preferences, so those lines are written by the built-in Write-Debug,
/// Write-Verbose and Write-Warning run in a child scope of the caller that says <c>Continue</c>: they land in the
/// same streams (redirections, <c>$ps.Streams</c>) without a prompt, and leave the caller's variables alone. Every
/// other case writes through the cmdlet as usual, so -Verbose, -WarningAction and the preference variables keep
/// their meaning. Everything here runs on the pipeline thread.
/// </para>
/// </remarks>
internal sealed class PromptFreeStreams
{
    private const string WriterScript =
        "param($stream, $text) " +
        "if ($stream -eq 'Debug') { $DebugPreference = 'Continue'; Microsoft.PowerShell.Utility\\Write-Debug -Message $text } " +
        "elseif ($stream -eq 'Verbose') { $VerbosePreference = 'Continue'; Microsoft.PowerShell.Utility\\Write-Verbose -Message $text } " +
        "else { $WarningPreference = 'Continue'; Microsoft.PowerShell.Utility\\Write-Warning -Message $text }";

    // Windows PowerShell's engine is System.Management.Automation 3.0; PowerShell 7's is 7.x. Only 5.1 inquires for -Debug's own stream.
    private static readonly bool DebugFlagInquires = typeof(PSCmdlet).Assembly.GetName().Version.Major < 6;

    private readonly PSCmdlet _cmdlet;
    private readonly string? _warningVariable;
    private ScriptBlock? _writer;

    private PromptFreeStreams(PSCmdlet cmdlet, string? warningVariable)
    {
        _cmdlet = cmdlet;
        _warningVariable = warningVariable;
    }

    /// <summary>Whether debug lines are wanted at all (the client formats bodies only then).</summary>
    public bool DebugWanted { get; private set; }

    /// <summary>Whether verbose lines are shown or kept (-Verbose, or $VerbosePreference): when not, the client's many
    /// request lines are not even formatted and posted (two a prompt, thousands for a pipeline of prompts).</summary>
    public bool VerboseWanted { get; private set; }

    private bool DebugThroughWriter { get; set; }

    private bool VerboseThroughWriter { get; set; }

    private bool WarningThroughWriter { get; set; }

    private bool ConfirmAskedOnlyForDebug { get; set; }

    /// <summary>Decides, from the command's common parameters and the caller's preferences, which lines need the writer.</summary>
    public static PromptFreeStreams For(PSCmdlet cmdlet)
    {
        var bound = cmdlet.MyInvocation.BoundParameters;
        var debugFlag = bound.TryGetValue("Debug", out var d) ? ((SwitchParameter)d).IsPresent : (bool?)null;
        var debugPreference = Preference<ActionPreference>(cmdlet, "DebugPreference");
        var warningVariable = bound.TryGetValue("WarningVariable", out var w) ? (w as string)?.TrimStart('+') : null;
        var streams = new PromptFreeStreams(cmdlet, string.IsNullOrEmpty(warningVariable) ? null : warningVariable)
        {
            DebugWanted = debugFlag ?? debugPreference is { } p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore,
            DebugThroughWriter = debugFlag is { } flag ? flag && DebugFlagInquires : debugPreference == ActionPreference.Inquire,
            VerboseThroughWriter = debugFlag == true && !bound.ContainsKey("Verbose"),
            WarningThroughWriter = debugFlag == true && !bound.ContainsKey("WarningAction"),
        };
        var verboseFlag = bound.TryGetValue("Verbose", out var v) ? ((SwitchParameter)v).IsPresent : (bool?)null;
        streams.VerboseWanted = streams.VerboseThroughWriter ||
            (verboseFlag ?? Preference<ActionPreference>(cmdlet, "VerbosePreference") is { } vp && vp != ActionPreference.SilentlyContinue && vp != ActionPreference.Ignore);
        streams.ConfirmAskedOnlyForDebug = debugFlag == true && !bound.ContainsKey("Confirm") && !WhatIfWanted(cmdlet, bound) && !ConfirmWanted(cmdlet);
        return streams;
    }

    /// <summary>A verbose line.</summary>
    public void Verbose(string text)
    {
        if (!VerboseThroughWriter || !TryWrite("Verbose", text))
        {
            _cmdlet.WriteVerbose(text);
        }
    }

    /// <summary>A debug line, when debug lines are wanted.</summary>
    public void Debug(string text)
    {
        if (DebugWanted && (!DebugThroughWriter || !TryWrite("Debug", text)))
        {
            _cmdlet.WriteDebug(text);
        }
    }

    /// <summary>A warning; it also goes to -WarningVariable.</summary>
    public void Warning(string text)
    {
        if (!WarningThroughWriter || !TryWrite("Warning", text))
        {
            _cmdlet.WriteWarning(text);
            return;
        }

        // The writer's Write-Warning is a command of its own, which does not fill this command's -WarningVariable.
        if (_warningVariable is not null && _cmdlet.SessionState.PSVariable.GetValue(_warningVariable) is IList list)
        {
            list.Add(new WarningRecord(text));
        }
    }

    /// <summary>ShouldProcess, without the confirmation that only -Debug would ask for on Windows PowerShell.</summary>
    public bool ShouldProcess(string target, string action)
    {
        if (!ConfirmAskedOnlyForDebug)
        {
            return _cmdlet.ShouldProcess(target, action);
        }

        Verbose($"Performing the operation \"{action}\" on target \"{target}\".");
        return true;
    }

    /// <summary>ShouldProcess with the texts of -WhatIf, -Verbose and the confirmation prompt given separately.</summary>
    public bool ShouldProcess(string verboseDescription, string verboseWarning, string caption)
    {
        if (!ConfirmAskedOnlyForDebug)
        {
            return _cmdlet.ShouldProcess(verboseDescription, verboseWarning, caption);
        }

        Verbose(verboseDescription);
        return true;
    }

    /// <summary>
    /// ShouldProcess for a command with -Force, as Az's Stop- and Remove- cmdlets do it: -Force goes ahead without
    /// asking, unless -Confirm is given too; -WhatIf still only describes.
    /// </summary>
    public bool ShouldProcess(string verboseDescription, string verboseWarning, string caption, bool force)
    {
        var bound = _cmdlet.MyInvocation.BoundParameters;
        if (force && !bound.ContainsKey("Confirm") && !WhatIfWanted(_cmdlet, bound))
        {
            Verbose(verboseDescription);
            return true;
        }

        return ShouldProcess(verboseDescription, verboseWarning, caption);
    }

    private bool TryWrite(string stream, string text)
    {
        try
        {
            _writer ??= ScriptBlock.Create(WriterScript);
            _cmdlet.InvokeCommand.InvokeScript(true, _writer, null, stream, text);
            return true;
        }
        catch (Exception ex) when (ex is RuntimeException and not PipelineStoppedException and not ActionPreferenceStopException)
        {
            // A session that runs no script (a restricted endpoint): write as any cmdlet does.
            return false;
        }
    }

    // -WhatIf, or $WhatIfPreference: ShouldProcess only describes and never asks, so it is called as usual.
    private static bool WhatIfWanted(PSCmdlet cmdlet, System.Collections.Generic.IDictionary<string, object> bound) =>
        bound.TryGetValue("WhatIf", out var w)
            ? ((SwitchParameter)w).IsPresent
            : LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference"));

    // Whether PowerShell would ask without -Debug: the command's ConfirmImpact reaches $ConfirmPreference.
    private static bool ConfirmWanted(PSCmdlet cmdlet)
    {
        var attribute = cmdlet.GetType().GetCustomAttributes(typeof(CmdletAttribute), true).OfType<CmdletAttribute>().FirstOrDefault();
        if (attribute is null || !attribute.SupportsShouldProcess)
        {
            return false;
        }

        var preference = Preference<ConfirmImpact>(cmdlet, "ConfirmPreference") ?? ConfirmImpact.High;
        return preference != ConfirmImpact.None && attribute.ConfirmImpact >= preference;
    }

    // A preference set in a child scope ($DebugPreference = 'Continue') is a plain string there, not the enum.
    private static T? Preference<T>(PSCmdlet cmdlet, string name)
        where T : struct
    {
        var value = cmdlet.GetVariableValue(name);
        value = value is PSObject pso ? pso.BaseObject : value;
        return value is not null && Enum.TryParse<T>(value.ToString(), ignoreCase: true, out var parsed) ? parsed : null;
    }
}
