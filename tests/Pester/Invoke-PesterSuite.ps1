<#
.SYNOPSIS
    Runs the Pester suite in tests/Pester against one GeminiTuning module, and reports the counts.
.DESCRIPTION
    Used by build.ps1 -Task Test and by .ci/run, each in a fresh PowerShell so the module is never loaded in the shell
    that builds it. The last line printed is 'Pester: N passed, N failed, N skipped', which .ci/run adds to its totals;
    the exit code is the number of failed tests (1 when the run itself failed).
.PARAMETER Module
    What the tests import: the path of a module manifest (the built folder out/GeminiTuning/<version>/GeminiTuning.psd1),
    or the name GeminiTuning to import the module installed on PSModulePath (from the .nupkg, by Install-PSResource).
.PARAMETER PesterPath
    The Pester module to run (a Pester.psd1). Defaults to the newest installed Pester 5.
.PARAMETER ResultPath
    Where to write the NUnit XML results.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $Module,

    [string] $PesterPath,

    [string] $ResultPath,

    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Verbosity = 'Normal',

    # Only the test files whose names match (e.g. 'Jobs', 'Help'): for a quick run while working on one part.
    [string[]] $Include
)

$ErrorActionPreference = 'Stop'

if ($PesterPath) {
    Import-Module $PesterPath -ErrorAction Stop
}
else {
    $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version.Major -eq 5 } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) { throw 'Pester 5 is not installed; pass -PesterPath (build.ps1 restores Pester from NuGet).' }
    Import-Module $pester.Path -ErrorAction Stop
}

# A path is made absolute (Import-Module reads a relative path without a leading ./ as a module name).
if (Test-Path -LiteralPath $Module -PathType Leaf) { $Module = (Resolve-Path -LiteralPath $Module).ProviderPath }
$env:GEMINITUNING_MODULE_PATH = $Module
$config = New-PesterConfiguration
$config.Run.Path = if ($Include) { @($Include | ForEach-Object { Join-Path $PSScriptRoot "$_.Tests.ps1" }) } else { $PSScriptRoot }
$config.Run.PassThru = $true
$config.Output.Verbosity = $Verbosity
if ($ResultPath) {
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = $ResultPath
}

$result = Invoke-Pester -Configuration $config
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
"Pester: $($result.PassedCount) passed, $failed failed, $($result.SkippedCount) skipped"
if ($result.Result -ne 'Passed' -and $failed -eq 0) { $failed = 1 }
exit $failed
