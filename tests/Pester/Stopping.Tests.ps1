# Ctrl+C, proven: each long-running command is started in a runspace, stopped with PowerShell.Stop() (what Ctrl+C
# does) while its work is under way, and must return within a second; whatever it had already done that outlives it
# (a created job, a requested cancellation, a create or upload that was in flight) is told to the user.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
    $script:emulator = Start-GeminiTuningEmulator -JobDuration 600 -CancelDuration 600 -StreamChunkDelay 1
    $null = $script:emulator | Connect-GeminiTuning
    $script:quick = @{ 'emulator-duration-seconds' = '1' }
    $script:tuned = New-TestJob -Label $script:quick | Wait-GeminiTuningJob -PollingInterval 1
    $script:line = '{"contents":[{"role":"user","parts":[{"text":"Why is the sky blue?"}]},{"role":"model","parts":[{"text":"Rayleigh scattering."}]}]}'
    $script:train = Join-Path $TestDrive 'train.jsonl'
    [System.IO.File]::WriteAllLines($script:train, [string[]](@($script:line) * 50))

    function Get-Jobs { @(Get-GeminiTuningJob -First 1000) }
}

AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

Describe 'Stopping a long-running command' {
    BeforeEach { $script:session = New-ModuleRunspace }
    AfterEach {
        Remove-ModuleRunspace $script:session
        (Get-EmulatorInstance $script:emulator).Faults.Clear()
    }

    It 'stops Wait-GeminiTuningJob within a second, with nothing to report' {
        $job = New-TestJob
        $r = Stop-AfterStart $script:session "Wait-GeminiTuningJob -Name $($job.Id) -PollingInterval 1" -Until { param($ps) $ps.Streams.Progress.Count -gt 0 }
        $r.StopTime.TotalSeconds | Should -BeLessThan 1
        $r.State | Should -Be 'Stopped'
        $r.Output | Should -BeNullOrEmpty
        $r.Warnings | Should -BeNullOrEmpty
    }

    It 'stops Invoke-GeminiTunedModel -Stream within a second, between chunks' {
        $r = Stop-AfterStart $script:session "Invoke-GeminiTunedModel 'Tell me a long story about tuning' -Endpoint '$($script:tuned.TunedModelEndpoint)' -Stream" `
            -Until { param($ps, $out) $out.Count -gt 0 }
        $r.StopTime.TotalSeconds | Should -BeLessThan 1
        $r.State | Should -Be 'Stopped'
        $r.Warnings | Should -BeNullOrEmpty
    }

    It 'stops Invoke-GeminiTunedModel -ThrottleLimit within a second while its requests are in flight' {
        Add-EmulatorDelay $script:emulator GenerateContent (@(30) * 8)
        $r = Stop-AfterStart $script:session "'a','b','c','d','e','f','g','h' | Invoke-GeminiTunedModel -Endpoint '$($script:tuned.TunedModelEndpoint)' -ThrottleLimit 4" `
            -Until { (Get-EmulatorRequestCount $script:emulator GenerateContent) -ge 4 }
        $r.StopTime.TotalSeconds | Should -BeLessThan 1
        $r.State | Should -Be 'Stopped'
        $r.Output | Should -BeNullOrEmpty
    }

    It 'stops a long Get-GeminiTuningJob listing within a second, between pages' {
        1..12 | ForEach-Object { $null = New-TestJob }
        Add-EmulatorDelay $script:emulator ListTuningJobs 0, 30
        $r = Stop-AfterStart $script:session 'Get-GeminiTuningJob' -Until { param($ps, $out) $out.Count -ge 10 }
        $r.StopTime.TotalSeconds | Should -BeLessThan 1
        $r.State | Should -Be 'Stopped'
        $r.Output.Count | Should -Be 10
    }

    It 'stops Test-GeminiTuningDataset on a large file within a second' {
        # About 200 MB, several seconds of checking: the stop comes while it reads.
        $big = Join-Path $TestDrive 'big.jsonl'
        $block = [System.Text.Encoding]::UTF8.GetBytes((@($script:line) * 10000 -join "`n") + "`n")
        $stream = [System.IO.File]::Create($big)
        try { for ($i = 0; $i -lt 160; $i++) { $stream.Write($block, 0, $block.Length) } } finally { $stream.Dispose() }
        $r = Stop-AfterStart $script:session "Test-GeminiTuningDataset -LiteralPath '$big'" -Until { param($ps) $ps.Streams.Progress.Count -gt 0 }
        $r.StopTime.TotalSeconds | Should -BeLessThan 1
        $r.State | Should -Be 'Stopped'
        $r.Output | Should -BeNullOrEmpty
        Remove-Item -LiteralPath $big
    }

    It 'stops New-GeminiTuningJob while it uploads a dataset, and says that no job was created' {
        $before = (Get-Jobs).Count
        Add-EmulatorDelay $script:emulator StorageUpload 0, 30
        $uploads = Get-EmulatorRequestCount $script:emulator StorageUpload
        $r = Stop-AfterStart $script:session "New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetPath '$($script:train)' -StagingBucket gs://stop-bucket/t" `
            -Until { (Get-EmulatorRequestCount $script:emulator StorageUpload) -ge $uploads + 2 }
        $r.StopTime.TotalSeconds | Should -BeLessThan 1
        $r.State | Should -Be 'Stopped'
        ($r.Warnings -join "`n") | Should -Match 'train\.jsonl'
        ($r.Warnings -join "`n") | Should -Match 'no tuning job was created'
        (Get-Jobs).Count | Should -Be $before
    }

    It 'stops New-GeminiTuningJob while the create is in flight, and says the job may exist' {
        Add-EmulatorDelay $script:emulator CreateTuningJob 30
        $creates = Get-EmulatorRequestCount $script:emulator CreateTuningJob
        $r = Stop-AfterStart $script:session 'New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/in-flight.jsonl' `
            -Until { (Get-EmulatorRequestCount $script:emulator CreateTuningJob) -gt $creates }
        $r.StopTime.TotalSeconds | Should -BeLessThan 1
        $r.State | Should -Be 'Stopped'
        ($r.Warnings -join "`n") | Should -Match 'may have been created'
        ($r.Warnings -join "`n") | Should -Match 'gs://bucket/in-flight\.jsonl'
    }

    It 'stops New-GeminiTuningJob -Wait within a second and names the job it created' {
        $before = @((Get-Jobs).Id)
        $r = Stop-AfterStart $script:session 'New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/waited.jsonl -Wait -PollingInterval 1' `
            -Until { param($ps) $ps.Streams.Progress.Count -gt 0 }
        $r.StopTime.TotalSeconds | Should -BeLessThan 1
        $r.State | Should -Be 'Stopped'
        $created = @(Get-Jobs | Where-Object { $_.Id -notin $before })
        $created.Count | Should -Be 1
        ($r.Warnings -join "`n") | Should -Match $created[0].Id
        ($r.Warnings -join "`n") | Should -Match 'Stop-GeminiTuningJob'
    }

    It 'stops Stop-GeminiTuningJob -Wait within a second and says the cancellation was requested' {
        $job = New-TestJob
        $r = Stop-AfterStart $script:session "Stop-GeminiTuningJob -Name $($job.Id) -Wait -Confirm:`$false" -Until { param($ps) $ps.Streams.Progress.Count -gt 0 }
        $r.StopTime.TotalSeconds | Should -BeLessThan 1
        $r.State | Should -Be 'Stopped'
        ($r.Warnings -join "`n") | Should -Match $job.Id
        ($r.Warnings -join "`n") | Should -Match 'cancel'
        ($job | Get-GeminiTuningJob).State | Should -Be 'Cancelling'
    }

    It 'tells nothing through the host when the commands run to their end' {
        $ps = $script:session.PowerShell
        $null = $ps.AddScript(@"
`$job = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/done.jsonl -Label @{ 'emulator-duration-seconds' = '1' } -Wait -PollingInterval 1
`$other = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetPath '$($script:train)' -StagingBucket gs://done-bucket/t
`$other | Stop-GeminiTuningJob -Confirm:`$false -PassThru
`$job
"@)
        $out = $ps.Invoke()
        @($ps.Streams.Error) | Should -BeNullOrEmpty
        $out.Count | Should -Be 2
        $script:session.Host.Snapshot($script:session.Host.Warnings) | Should -BeNullOrEmpty
    }
}
