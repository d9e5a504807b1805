# Memory while prompts stream through Invoke-GeminiTunedModel -ThrottleLimit 64 into the pipeline: the process's peak
# working set and the GC heap after 1,000 prompts and again after 10,000 more. Flat means the cmdlet holds a bounded
# number of prompts and answers whatever the count. Prints "RESULT <name> <bytes>".
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $BaseUri,
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Token,
    [int] $First = 1000,
    [int] $Then = 10000
)
$ErrorActionPreference = 'Stop'
Import-Module $Module
Connect-GeminiTuning -Endpoint $BaseUri -AccessToken (ConvertTo-SecureString $Token -AsPlainText -Force) -Project bench-project -Region us-central1 | Out-Null
$process = [Diagnostics.Process]::GetCurrentProcess()

function Send([int] $Count) {
    $answered = 0
    1..$Count | ForEach-Object { "Prompt number $_ of the benchmark: answer briefly." } |
        Invoke-GeminiTunedModel -Endpoint $Endpoint -ThrottleLimit 64 | ForEach-Object { $answered++ }
    if ($answered -ne $Count) { throw "Answered $answered of $Count prompts." }
}

foreach ($step in @(@{ Name = 'first'; Count = $First }, @{ Name = 'then'; Count = $Then })) {
    Send $step.Count
    $process.Refresh()
    'RESULT {0}-peak-working-set {1}' -f $step.Name, $process.PeakWorkingSet64
    'RESULT {0}-heap {1}' -f $step.Name, [GC]::GetTotalMemory($true)
}
