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
# process itself is 'dotnet', so (Get-Process -Id $PID).Path is no PowerShell.
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
