<#
.SYNOPSIS
    Measures how long importing the GeminiTuning module takes, in fresh PowerShell processes.
.DESCRIPTION
    Starts -Count fresh processes of the given PowerShell (pwsh or powershell.exe) with -NoProfile for each of:

      Empty       the process alone ('$null'): the baseline every import pays anyway
      Import      Import-Module of the module
      FirstCall   Import-Module, then the first cmdlet call that touches every dependency layer
                  (Start-GeminiTuningEmulator | Connect-GeminiTuning, one Get-GeminiTuningJob, Stop-GeminiTuningEmulator)

    The runs are interleaved (Empty, Import, FirstCall, Empty, ...) so that a busy machine slows all three alike, and the
    first round is a discarded warm-up (disk cache). It reports the median and the spread of the wall-clock time of each,
    the medians minus Empty (what the module costs a user), and the median of the time Import-Module itself took, as
    measured inside the child process with a Stopwatch.
.PARAMETER ModulePath
    The module manifest to import. Defaults to the built module, out/GeminiTuning/<version>/GeminiTuning.psd1. Give several
    (e.g. a copy of an older build and the current one) to compare them in the same interleaved rounds.
.PARAMETER Count
    Runs of each kind (after the warm-up round).
.PARAMETER PowerShellPath
    The PowerShell to start. Defaults to the one running this script, from $PSHOME (pwsh, or powershell.exe on Windows
    PowerShell 5.1); under PowerShell as a .NET tool the process path is dotnet, not PowerShell.
.EXAMPLE
    ./bench/Measure-Import.ps1 -Count 15 | Format-Table
.EXAMPLE
    ./bench/Measure-Import.ps1 -ModulePath ../before/GeminiTuning.psd1, ./out/GeminiTuning/0.1.0/GeminiTuning.psd1 | Format-Table
.EXAMPLE
    ./bench/Measure-Import.ps1 -PowerShellPath (Get-Command powershell.exe).Source   # Windows PowerShell 5.1
#>
[CmdletBinding()]
param(
    [string[]] $ModulePath,

    [ValidateRange(3, 200)]
    [int] $Count = 15,

    [string] $PowerShellPath = $(if ($PSVersionTable.PSEdition -eq 'Desktop') { Join-Path $PSHOME 'powershell.exe' }
        elseif ($IsWindows) { Join-Path $PSHOME 'pwsh.exe' } else { Join-Path $PSHOME 'pwsh' })
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

if (-not $ModulePath) {
    $root = Split-Path -Parent $PSScriptRoot
    $version = (Import-PowerShellDataFile (Join-Path $root 'GeminiTuning.psd1')).ModuleVersion
    $ModulePath = @(Join-Path $root "out/GeminiTuning/$version/GeminiTuning.psd1")
}
$ModulePath = @($ModulePath | ForEach-Object { (Resolve-Path -LiteralPath $_).ProviderPath })

# Each child prints the milliseconds Import-Module took on its last line.
$scripts = [ordered]@{ Empty = [pscustomobject]@{ Run = 'Empty'; Module = ''; Script = '$null' } }
foreach ($path in $ModulePath) {
    $quoted = $path -replace "'", "''"
    $import = "`$sw = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$quoted' -ErrorAction Stop; `$ms = `$sw.Elapsed.TotalMilliseconds"
    $scripts["Import $path"] = [pscustomobject]@{ Run = 'Import'; Module = $path; Script = "$import; `$ms" }
    $scripts["FirstCall $path"] = [pscustomobject]@{
        Run    = 'FirstCall'
        Module = $path
        Script = "$import; `$e = Start-GeminiTuningEmulator; `$null = `$e | Connect-GeminiTuning; `$null = Get-GeminiTuningJob; `$e | Stop-GeminiTuningEmulator; `$ms"
    }
}

function Invoke-Child([string] $Script) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $output = & $PowerShellPath -NoProfile -NonInteractive -Command $Script 2>&1
    $elapsed = $sw.Elapsed.TotalMilliseconds
    if ($LASTEXITCODE -ne 0) { throw "The child PowerShell failed ($LASTEXITCODE): $($output -join [Environment]::NewLine)" }
    $inner = $output | Select-Object -Last 1
    [pscustomobject]@{ Wall = $elapsed; Inner = if ($Script -eq '$null') { $null } else { [double]"$inner" } }
}

function Get-Median([double[]] $Values) {
    $sorted = [double[]]($Values | Sort-Object)
    $n = $sorted.Count
    if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

$samples = @{}
foreach ($name in $scripts.Keys) { $samples[$name] = [System.Collections.Generic.List[object]]::new() }
for ($round = 0; $round -le $Count; $round++) {
    foreach ($name in $scripts.Keys) {
        $run = Invoke-Child $scripts[$name].Script
        if ($round -gt 0) { $samples[$name].Add($run) }
    }
    Write-Progress -Activity 'Measuring module import' -Status "round $round of $Count" -PercentComplete (100 * $round / $Count)
}
Write-Progress -Activity 'Measuring module import' -Completed

$empty = Get-Median ($samples.Empty | ForEach-Object Wall)
foreach ($name in $scripts.Keys) {
    $wall = [double[]]($samples[$name] | ForEach-Object Wall)
    $median = Get-Median $wall
    [pscustomobject]@{
        Run               = $scripts[$name].Run
        Runs              = $wall.Count
        'Median (ms)'     = [math]::Round($median)
        'Min (ms)'        = [math]::Round(($wall | Measure-Object -Minimum).Minimum)
        'Max (ms)'        = [math]::Round(($wall | Measure-Object -Maximum).Maximum)
        'Over empty (ms)' = [math]::Round($median - $empty)
        'Import-Module in process (ms)' = if ($name -eq 'Empty') { $null } else { [math]::Round((Get-Median ([double[]]($samples[$name] | ForEach-Object Inner)))) }
        Module            = $scripts[$name].Module
    }
}
