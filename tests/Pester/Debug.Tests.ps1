# -Debug as the README advertises it: request and response bodies on the debug stream, and never a prompt, whether
# the session can prompt (a host with a user interface) or not (a scheduled task, CI: -NonInteractive).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
    $script:emulator = Start-ConnectedEmulator -JobDurationSeconds 2
}

AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

Describe '-Debug in a non-interactive PowerShell' {
    It 'shows the request and response bodies of every cmdlet and stops on no prompt' {
        $module = Join-Path (Get-Module GeminiTuning).ModuleBase 'GeminiTuning.psd1'
        $child = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$module'
`$null = Connect-GeminiTuning -Endpoint '$($script:emulator.Uri)' -CredentialPath '$($script:emulator.ServiceAccountKeyPath)' -Project emulator-project -Region us-central1
`$job = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/debug.jsonl -Debug
`$null = Get-GeminiTuningJob -Name `$job.Id -Debug
`$null = Wait-GeminiTuningJob -Name `$job.Id -PollingInterval 1 -Debug
'finished'
"@
        $all = & (Get-ChildPowerShellPath) -NoProfile -NonInteractive -Command $child *>&1 | Out-String
        $all | Should -Not -Match 'NonInteractive'
        $all | Should -Match 'finished'
        $all | Should -Match 'DEBUG: Request body: \{.*"baseModel"'
        $all | Should -Match '(?s)DEBUG: Response body: \{\s*"name": ?"projects/'
    }
}

Describe '-Debug in a session that can prompt' {
    BeforeEach { $script:session = New-ModuleRunspace }
    AfterEach { Remove-ModuleRunspace $script:session }

    It 'writes the bodies to the debug stream and asks nothing' {
        $ps = $script:session.PowerShell
        $null = $ps.AddScript(@'
$job = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/debug.jsonl -Debug
$job | Get-GeminiTuningJob -Debug
'@)
        $out = $ps.Invoke()
        $script:session.Host.Snapshot($script:session.Host.Prompts) | Should -BeNullOrEmpty
        @($ps.Streams.Error) | Should -BeNullOrEmpty
        @($out).Count | Should -Be 1
        $out[0].TrainingDatasetUri | Should -Be 'gs://bucket/debug.jsonl'
        ($ps.Streams.Debug.Message -join "`n") | Should -Match 'Request body: \{.*"trainingDatasetUri": ?"gs://bucket/debug.jsonl"'
        ($ps.Streams.Debug.Message -join "`n") | Should -Match 'Response body: '
        ($ps.Streams.Verbose.Message -join "`n") | Should -Match 'POST http://127\.0\.0\.1'
    }

    It 'still fills -WarningVariable with -Debug, without asking' {
        $ps = $script:session.PowerShell
        $null = $ps.AddScript(@'
$null = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/t.jsonl -RequestId pester-debug-warning
$null = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/t.jsonl -RequestId pester-debug-warning -Debug -WarningVariable warned 3>$null
$warned
'@)
        $out = $ps.Invoke()
        $script:session.Host.Snapshot($script:session.Host.Prompts) | Should -BeNullOrEmpty
        ($out -join "`n") | Should -Match 'exists already'
    }

    It 'asks nothing when $DebugPreference is Inquire, as -Debug makes it in a Windows PowerShell script' {
        $ps = $script:session.PowerShell
        $null = $ps.AddScript(@'
$DebugPreference = 'Inquire'
Get-GeminiTuningJob -First 1
'@)
        $null = $ps.Invoke()
        $script:session.Host.Snapshot($script:session.Host.Prompts) | Should -BeNullOrEmpty
        ($ps.Streams.Debug.Message -join "`n") | Should -Match 'Response body: '
    }

    It 'leaves the caller''s preference variables as they were' {
        $ps = $script:session.PowerShell
        $null = $ps.AddScript(@'
Get-GeminiTuningJob -First 1 -Debug | Out-Null
"$DebugPreference,$VerbosePreference,$WarningPreference"
'@)
        $ps.Invoke() | Should -Be 'SilentlyContinue,SilentlyContinue,Continue'
    }
}
