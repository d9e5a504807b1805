<#
.SYNOPSIS
    The whole GeminiTuning story against the local emulator: no cloud project, no cost.
.DESCRIPTION
    Run by './build.ps1 -Task Demo' in a fresh PowerShell. Imports the built module, starts the emulator in this
    process, creates a tuning job, waits for it with a progress bar, asks the tuned model a question, lists the
    jobs, and cancels a second job.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [double] $JobDurationSeconds = 12
)

$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path -LiteralPath $ModulePath).ProviderPath

function Show-Step([string] $Text) { Write-Host "`n>>> $Text" -ForegroundColor Cyan }

Show-Step 'Start-GeminiTuningEmulator | Connect-GeminiTuning'
$emulator = Start-GeminiTuningEmulator -JobDuration $JobDurationSeconds -StreamChunkDelay 0.2
try {
    $emulator | Connect-GeminiTuning | Format-List | Out-Host

    Show-Step 'New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/train.jsonl -EpochCount 3 -AdapterSize Four'
    $job = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/train.jsonl -EpochCount 3 -AdapterSize Four -TunedModelDisplayName support-bot
    $job | Format-Table | Out-Host

    Show-Step '$job | Wait-GeminiTuningJob   (progress bar while it trains)'
    $done = $job | Wait-GeminiTuningJob -PollingInterval 1
    $done | Format-List Id, State, TunedModelEndpoint, Duration, TuningDataStats | Out-Host

    Show-Step "`$done | Invoke-GeminiTunedModel 'Why is the sky blue?'"
    $done | Invoke-GeminiTunedModel 'Why is the sky blue?' | Format-List Prompt, Text, FinishReason, UsageMetadata | Out-Host

    Show-Step "Invoke-GeminiTunedModel -Stream   (chunks as they arrive)"
    $done | Invoke-GeminiTunedModel 'Tell me about supervised fine-tuning' -Stream | ForEach-Object { Write-Host -NoNewline $_.Text }
    Write-Host

    Show-Step 'A second job, then Get-GeminiTuningJob'
    $second = New-GeminiTuningJob -BaseModel gemini-2.5-flash-lite -TrainingDatasetUri gs://my-bucket/train-v2.jsonl -TunedModelDisplayName support-bot-v2
    Get-GeminiTuningJob | Format-Table | Out-Host

    Show-Step '$second | Stop-GeminiTuningJob -Wait -PassThru'
    $second | Stop-GeminiTuningJob -Wait -PassThru -Confirm:$false | Format-Table Id, State, Error | Out-Host
}
finally {
    $emulator | Stop-GeminiTuningEmulator
}

Write-Host "`nDone: every step ran against the emulator on $($emulator.Uri)." -ForegroundColor Green
