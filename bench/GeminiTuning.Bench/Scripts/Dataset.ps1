# Test-GeminiTuningDataset as a user meets it, in a fresh pwsh: the session's first call, then two more (warm), and on a
# smaller file what a PowerShell user would write instead (Get-Content | ConvertFrom-Json) against the cmdlet.
# Prints "RESULT <name> <seconds>".
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $File,
    [string] $Small
)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$watch = [Diagnostics.Stopwatch]::StartNew()
foreach ($call in 'first', 'second', 'third') {
    $watch.Restart()
    $report = Test-GeminiTuningDataset -LiteralPath $File -BaseModel gemini-2.5-flash
    'RESULT {0} {1}' -f $call, $watch.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)
    if ($report.ErrorCount -ne 0) { throw "The benchmark dataset has errors: $($report.Problems[0])" }
}

if ($Small) {
    $watch.Restart()
    $count = (Get-Content -LiteralPath $Small | ConvertFrom-Json | Measure-Object).Count
    'RESULT convertfrom-json {0}' -f $watch.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)
    $watch.Restart()
    $report = Test-GeminiTuningDataset -LiteralPath $Small -BaseModel gemini-2.5-flash
    'RESULT validate-small {0}' -f $watch.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)
    if ($report.ExampleCount -ne $count) { throw "ConvertFrom-Json read $count examples, the cmdlet $($report.ExampleCount)." }
}
