# Shared by every Pester file: imports the module under test, starts an in-process emulator and connects the session to it.

# GEMINITUNING_MODULE_PATH names the module under test: the path of a manifest (the built folder), or the bare name
# GeminiTuning for the copy installed on PSModulePath (CI installs it from the .nupkg with Install-PSResource).
# Unset, it is the built folder out/GeminiTuning/<version>/.
function Import-GeminiTuningUnderTest {
    $path = $env:GEMINITUNING_MODULE_PATH
    if ($path -eq 'GeminiTuning') {
        Import-Module GeminiTuning -Force -ErrorAction Stop
        return
    }

    if (-not $path) {
        $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
        $version = (Import-PowerShellDataFile (Join-Path $root 'GeminiTuning.psd1')).ModuleVersion
        $path = Join-Path $root "out/GeminiTuning/$version/GeminiTuning.psd1"
    }

    if (-not (Test-Path $path)) {
        throw "The built module is not at $path; run ./build.ps1 -Task Build (or dotnet publish src/GeminiTuning.PowerShell -c Release) first."
    }

    Import-Module $path -Force -ErrorAction Stop
}

# The PowerShell to start a child process with: from $PSHOME, of this edition. Under PowerShell as a .NET tool the
# process itself is 'dotnet', so the current process's path is no PowerShell.
function Get-ChildPowerShellPath {
    if ($PSVersionTable.PSEdition -eq 'Desktop') { return Join-Path $PSHOME 'powershell.exe' }
    if ($IsWindows) { return Join-Path $PSHOME 'pwsh.exe' }
    Join-Path $PSHOME 'pwsh'
}

function Start-ConnectedEmulator {
    # Seconds as a number: a [TimeSpan] parameter here would read 3 as three ticks before the cmdlet sees it.
    param([double] $JobDurationSeconds = 3, [switch] $Strict)
    $emulator = Start-GeminiTuningEmulator -JobDuration $JobDurationSeconds -CancelDuration 1 -Strict:$Strict
    $null = $emulator | Connect-GeminiTuning
    $emulator
}

function New-TestJob {
    param([hashtable] $Label = @{}, [string] $DisplayName)
    $params = @{ BaseModel = 'gemini-2.5-flash'; TrainingDatasetUri = 'gs://bucket/train.jsonl'; Label = $Label }
    if ($DisplayName) { $params.TunedModelDisplayName = $DisplayName }
    New-GeminiTuningJob @params
}

# A PowerShell host for runspaces in tests: it has a user interface (so the engine would prompt through it, as in
# an interactive session), records every prompt and every line written to it, and answers prompts with their default
# instead of blocking. C# 5 only, so that Windows PowerShell 5.1's Add-Type compiles it too.
function New-RecordingHost {
    if (-not ('GeminiTuningTests.RecordingHost' -as [type])) {
        Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace GeminiTuningTests
{
    public sealed class RecordingHost : PSHost
    {
        private readonly Guid _id = Guid.NewGuid();
        private readonly RecordingHostUI _ui = new RecordingHostUI();
        public RecordingHostUI Recorded { get { return _ui; } }
        public override CultureInfo CurrentCulture { get { return CultureInfo.InvariantCulture; } }
        public override CultureInfo CurrentUICulture { get { return CultureInfo.InvariantCulture; } }
        public override Guid InstanceId { get { return _id; } }
        public override string Name { get { return "GeminiTuningRecordingHost"; } }
        public override PSHostUserInterface UI { get { return _ui; } }
        public override Version Version { get { return new Version(1, 0); } }
        public override void EnterNestedPrompt() { _ui.Record(_ui.Prompts, "EnterNestedPrompt"); }
        public override void ExitNestedPrompt() { }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }
    }

    public sealed class RecordingHostUI : PSHostUserInterface
    {
        public readonly List<string> Prompts = new List<string>();
        public readonly List<string> Warnings = new List<string>();
        public readonly List<string> Lines = new List<string>();
        public readonly List<string> Progress = new List<string>();

        public void Record(List<string> list, string text) { lock (list) { list.Add(text); } }
        public string[] Snapshot(List<string> list) { lock (list) { return list.ToArray(); } }

        public override PSHostRawUserInterface RawUI { get { return null; } }
        public override string ReadLine() { Record(Prompts, "ReadLine"); return string.Empty; }
        public override SecureString ReadLineAsSecureString() { Record(Prompts, "ReadLineAsSecureString"); return new SecureString(); }
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            Record(Prompts, caption + ": " + message);
            return new Dictionary<string, PSObject>();
        }
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Record(Prompts, caption + ": " + message);
            return defaultChoice;
        }
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName)
        {
            Record(Prompts, caption + ": " + message);
            return null;
        }
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
        {
            Record(Prompts, caption + ": " + message);
            return null;
        }
        public override void Write(string value) { Record(Lines, value); }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { Record(Lines, value); }
        public override void WriteLine(string value) { Record(Lines, value); }
        public override void WriteErrorLine(string value) { Record(Lines, "ERROR: " + value); }
        public override void WriteDebugLine(string message) { Record(Lines, "DEBUG: " + message); }
        public override void WriteVerboseLine(string message) { Record(Lines, "VERBOSE: " + message); }
        public override void WriteWarningLine(string message) { Record(Warnings, message); }
        public override void WriteProgress(long sourceId, ProgressRecord record) { Record(Progress, record.Activity + ": " + record.StatusDescription); }
    }
}
'@
    }

    [GeminiTuningTests.RecordingHost]::new()
}

# A runspace whose host is a recording host, with the module under test imported (the connection made with
# Connect-GeminiTuning is the process's, so it is shared). Returns the PowerShell to add commands to, and the host.
function New-ModuleRunspace {
    $recordingHost = New-RecordingHost
    $runspace = [runspacefactory]::CreateRunspace($recordingHost)
    $runspace.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $runspace
    $manifest = Join-Path (Get-Module GeminiTuning).ModuleBase 'GeminiTuning.psd1'
    $null = $ps.AddCommand('Import-Module').AddParameter('Name', $manifest).AddParameter('ErrorAction', 'Stop').Invoke()
    $ps.Commands.Clear()
    [pscustomobject]@{ PowerShell = $ps; Host = $recordingHost.Recorded; Runspace = $runspace }
}

function Remove-ModuleRunspace {
    param($Session)
    if ($Session) {
        $Session.PowerShell.Dispose()
        $Session.Runspace.Dispose()
    }
}

# Starts a script in the session's runspace, waits until -Until says the work is under way, then stops it the way
# Ctrl+C does (PowerShell.Stop) and returns how long the stop took, what was written before it and the final state.
function Stop-AfterStart {
    param(
        [Parameter(Mandatory)] $Session,
        [Parameter(Mandatory)] [string] $Script,
        [Parameter(Mandatory)] [scriptblock] $Until,
        [double] $TimeoutSeconds = 30
    )
    $ps = $Session.PowerShell
    $ps.Commands.Clear()
    $null = $ps.AddScript($Script)
    $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
    $inputData = [System.Management.Automation.PSDataCollection[psobject]]::new()
    $inputData.Complete()
    $async = $ps.BeginInvoke($inputData, $output)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Until $ps $output)) {
        if ($async.IsCompleted) {
            $errors = @($ps.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) -join "`n"
            throw "The script ended before it could be stopped ($($ps.InvocationStateInfo.State)). $errors"
        }
        if ([DateTime]::UtcNow -gt $deadline) { throw "The script did not get under way within $TimeoutSeconds s." }
        Start-Sleep -Milliseconds 20
    }

    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $ps.Stop()
    $stopped = $watch.Elapsed
    try { $null = $ps.EndInvoke($async) } catch { }
    [pscustomobject]@{
        StopTime = $stopped
        State    = $ps.InvocationStateInfo.State
        Output   = @($output)
        Warnings = @($Session.Host.Snapshot($Session.Host.Warnings))
        Prompts  = @($Session.Host.Snapshot($Session.Host.Prompts))
        Errors   = @($ps.Streams.Error)
    }
}

# The in-process emulator behind a Start-GeminiTuningEmulator result (test code only: the property is internal).
function Get-EmulatorInstance {
    param([Parameter(Mandatory)] $Emulator)
    $Emulator.GetType().GetProperty('Emulator', [System.Reflection.BindingFlags]'Instance, NonPublic').GetValue($Emulator)
}

# Makes the emulator delay the next requests of one operation (e.g. StorageUpload, ListTuningJobs, GenerateContent),
# one delay per request in order, so that a test can stop a command while it waits.
function Add-EmulatorDelay {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Operation, [Parameter(Mandatory)] [double[]] $Seconds)
    $instance = Get-EmulatorInstance $Emulator
    $assembly = $instance.GetType().Assembly
    $operationValue = [Enum]::Parse($assembly.GetType('GeminiTuning.Emulator.EmulatorOperation', $true), $Operation)
    $faultType = $assembly.GetType('GeminiTuning.Emulator.Fault', $true)
    foreach ($s in $Seconds) {
        $instance.Faults.Enqueue($operationValue, $faultType::Delay([TimeSpan]::FromSeconds($s)), 1)
    }
}

# How many requests of one operation the emulator has received (recorded as they arrive).
function Get-EmulatorRequestCount {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Operation)
    @((Get-EmulatorInstance $Emulator).Requests | Where-Object { "$($_.Operation)" -eq $Operation }).Count
}
