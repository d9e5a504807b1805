BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest

    function New-TestTunedModel {
        param([string] $DisplayName = 'next number')
        @{ TextInput = '1'; Output = '2' }, @{ TextInput = '3'; Output = '4' } |
            New-GeminiTuningJob -BaseModel models/gemini-1.5-flash-001-tuning -TunedModelDisplayName $DisplayName
    }

    # What Tab offers for the end of $Line, and how long it took.
    function Get-Completion {
        param([Parameter(Mandatory)] [string] $Line)
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $result = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length
        [pscustomobject]@{ Texts = @($result.CompletionMatches.CompletionText); Elapsed = $watch.Elapsed }
    }
}

Describe 'Stop-GeminiTuningJob and Remove-GeminiTunedModel confirm by default; -Force skips it' {
    BeforeAll {
        $script:emulator = Start-ConnectedEmulator -JobDurationSeconds 60
        $script:session = New-ModuleRunspace
    }
    AfterAll {
        Remove-ModuleRunspace $script:session
        $script:emulator | Stop-GeminiTuningEmulator
    }
    BeforeEach { $script:session.Host.Prompts.Clear() }

    It 'asks before cancelling, saying what is lost, since a cancelled job cannot be resumed' {
        $job = New-TestJob
        $ps = $script:session.PowerShell
        $ps.Commands.Clear()

        $null = $ps.AddCommand('Stop-GeminiTuningJob').AddParameter('Name', $job.Id).Invoke()

        $prompts = @($script:session.Host.Snapshot($script:session.Host.Prompts))
        $prompts.Count | Should -Be 1
        $prompts[0] | Should -Match 'cannot be resumed'
        (Get-Command Stop-GeminiTuningJob).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact |
            Should -Be 'High'
    }

    It 'cancels without asking with -Force, and asks again when -Confirm is given too' {
        $first = New-TestJob
        $second = New-TestJob
        $ps = $script:session.PowerShell

        $ps.Commands.Clear()
        $null = $ps.AddCommand('Stop-GeminiTuningJob').AddParameter('Name', $first.Id).AddParameter('Force').Invoke()
        $afterForce = @($script:session.Host.Snapshot($script:session.Host.Prompts)).Count
        $ps.Commands.Clear()
        $null = $ps.AddCommand('Stop-GeminiTuningJob').AddParameter('Name', $second.Id).AddParameter('Force').AddParameter('Confirm').Invoke()

        $afterForce | Should -Be 0
        @($script:session.Host.Snapshot($script:session.Host.Prompts)).Count | Should -Be 1
        (Get-GeminiTuningJob $first.Id).State | Should -BeIn 'Cancelling', 'Cancelled'
    }

    It 'describes only, with -Force -WhatIf' {
        $job = New-TestJob

        $job | Stop-GeminiTuningJob -Force -WhatIf

        (Get-GeminiTuningJob $job.Id).State | Should -BeIn 'Pending', 'Running'
    }

    It 'deletes a tuned model without asking with -Force, and -PassThru says it is Deleted, not Running' {
        $model = New-TestTunedModel
        $model.State | Should -Be 'Running'
        $ps = $script:session.PowerShell
        $ps.Commands.Clear()

        $deleted = @($ps.AddCommand('Remove-GeminiTunedModel').AddParameter('Name', $model.Name).AddParameter('Force').AddParameter('PassThru').Invoke())

        @($script:session.Host.Snapshot($script:session.Host.Prompts)).Count | Should -Be 0
        $deleted.Count | Should -Be 1
        "$($deleted[0].State)" | Should -Be 'Deleted'
        $deleted[0].Name | Should -Be $model.Name
        { Get-GeminiTuningJob $model.Name -ErrorAction Stop } | Should -Throw -ErrorId 'GetGeminiTuningJobNotFound*'
    }

    It 'refuses a Vertex AI name already at -WhatIf, as the real run does' {
        $job = New-TestJob
        $ps = $script:session.PowerShell
        $ps.Commands.Clear()
        $lines = $script:session.Host.Snapshot($script:session.Host.Lines).Count

        $null = $ps.AddCommand('Remove-GeminiTunedModel').AddParameter('Name', $job.Name).AddParameter('WhatIf').Invoke()

        $ps.Streams.Error[0].FullyQualifiedErrorId | Should -BeLike 'RemoveGeminiTunedModelInvalidName*'
        ($script:session.Host.Snapshot($script:session.Host.Lines) | Select-Object -Skip $lines) -join "`n" | Should -Not -Match 'What if'
        $ps.Streams.Error.Clear()
    }
}

Describe 'Tab completion of names and endpoints' {
    BeforeAll {
        $script:emulator = Start-ConnectedEmulator -JobDurationSeconds 3
        $script:model = New-TestTunedModel -DisplayName 'tab model'
        $script:done = New-TestJob -DisplayName 'done job'
        $null = $script:done | Wait-GeminiTuningJob -PollingInterval 1
        $script:running = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/train.jsonl -Label @{ 'emulator-duration-seconds' = '600' }
        $script:done = Get-GeminiTuningJob $script:done.Id
    }
    AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

    It 'offers Gemini API names for -Name when -Backend GeminiApi is given' {
        (Get-Completion 'Get-GeminiTuningJob -Backend GeminiApi -Name ').Texts | Should -Contain $script:model.Name
        (Get-Completion 'Get-GeminiTuningJob -Name ').Texts | Should -Not -Contain $script:model.Name
    }

    It 'reads a bare id as a tuned model''s with -Backend GeminiApi' {
        (Get-GeminiTuningJob -Backend GeminiApi -Name $script:model.Id).Name | Should -Be $script:model.Name
    }

    It 'offers only Gemini API names to Remove-GeminiTunedModel' {
        $texts = (Get-Completion 'Remove-GeminiTunedModel -Name ').Texts

        $texts | Should -Contain $script:model.Name
        $texts | Should -Not -Contain $script:done.Id
        $texts | Should -Not -Contain $script:running.Id
    }

    It 'offers the endpoints of succeeded jobs to Invoke-GeminiTunedModel -Endpoint' {
        $texts = (Get-Completion 'Invoke-GeminiTunedModel -Prompt hi -Endpoint ').Texts

        $script:done.TunedModelEndpoint | Should -Not -BeNullOrEmpty
        $texts | Should -Contain $script:done.TunedModelEndpoint
        $texts.Count | Should -Be 1
    }

    It 'does not wait a second time for a lookup that failed' {
        $slow = Start-GeminiTuningEmulator
        try {
            $null = $slow | Connect-GeminiTuning
            (Get-EmulatorInstance $slow).Stop()

            $first = Get-Completion 'Get-GeminiTuningJob -Name 12'
            $second = Get-Completion 'Get-GeminiTuningJob -Name 12'

            $first.Texts | Should -BeNullOrEmpty
            $second.Texts | Should -BeNullOrEmpty
            Get-EmulatorRequestCount $slow ListTuningJobs | Should -Be 0
            $second.Elapsed.TotalMilliseconds | Should -BeLessThan 1000
        }
        finally {
            $slow | Stop-GeminiTuningEmulator
            $null = $script:emulator | Connect-GeminiTuning
        }
    }

    It 'answers the next Tab at once while a slow lookup is still running' {
        $null = $script:emulator | Connect-GeminiTuning -Region asia-northeast1
        Add-EmulatorDelay $script:emulator ListTuningJobs 3
        try {
            $first = Get-Completion 'Get-GeminiTuningJob -Name 9'
            $second = Get-Completion 'Get-GeminiTuningJob -Name 9'

            $first.Elapsed.TotalMilliseconds | Should -BeGreaterThan 150
            $second.Elapsed.TotalMilliseconds | Should -BeLessThan ($first.Elapsed.TotalMilliseconds - 100)
            Get-EmulatorRequestCount $script:emulator ListTuningJobs | Should -BeGreaterThan 0
        }
        finally { $null = $script:emulator | Connect-GeminiTuning }
    }
}

Describe 'Errors that say the right thing' {
    BeforeAll { $script:emulator = Start-ConnectedEmulator }
    AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

    It 'says wildcards are not accepted by -TrainingDatasetPath, and how many files match' {
        $example = '{"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello!"}]}]}'
        foreach ($name in 'a.jsonl', 'b.jsonl') { Set-Content -LiteralPath (Join-Path $TestDrive $name) -Value (@($example) * 20) }

        New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetPath (Join-Path $TestDrive '*.jsonl') -StagingBucket gs://bucket/tuning `
            -ErrorVariable err -ErrorAction SilentlyContinue

        $err[0].FullyQualifiedErrorId | Should -BeLike 'NewGeminiTuningJobInvalidTrainingDatasetPath*'
        "$($err[0])" | Should -Match 'wildcards are not accepted'
        "$($err[0])" | Should -Match 'it matches 2 files'
        "$($err[0])" | Should -Not -Match 'Cannot find'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'Test-GeminiTuningDataset'
    }

    It 'names -JobDuration when it is negative, as an invalid argument' {
        $err = { Start-GeminiTuningEmulator -JobDuration '-00:00:01' -ErrorAction Stop } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'StartGeminiTuningEmulatorInvalidJobDuration*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$err" | Should -Match '^-JobDuration -00:00:01 is negative'
        "$err" | Should -Not -Match "Parameter 'options'"
    }

    It 'says what a duration looks like when -Timeout is none, in the user''s terms' {
        $err = { New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/train.jsonl -Wait -Timeout abc -ErrorAction Stop } |
            Should -Throw -PassThru

        "$err" | Should -Match "'abc' is not a duration: give a number of seconds"
        "$err" | Should -Not -Match 'System\.TimeSpan|was not recognized'
        @(Get-GeminiTuningJob).Count | Should -Be 0
    }

    It 'says a redirect from a captive portal was refused, and why' {
        $instance = Get-EmulatorInstance $script:emulator
        $assembly = $instance.GetType().Assembly
        $operation = [Enum]::Parse($assembly.GetType('GeminiTuning.Emulator.EmulatorOperation', $true), 'ListTuningJobs')
        $instance.Faults.Enqueue($operation, $assembly.GetType('GeminiTuning.Emulator.Fault', $true)::Redirect('http://portal.example/login', 302), 1)

        $err = { Get-GeminiTuningJob -ErrorAction Stop } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'GetGeminiTuningJobRedirectRefused*'
        "$err" | Should -Match 'redirect \(HTTP 302 Found\) to http://portal\.example/login'
        "$err" | Should -Match 'captive portal'
        "$err" | Should -Not -Match 'UNKNOWN'
    }
}

Describe 'Job views and export' {
    BeforeAll { $script:emulator = Start-ConnectedEmulator }
    AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

    # An 80-column console lays a table out in 79 columns (PowerShell keeps the last one free); Out-String -Width 79 is
    # what such a console shows (checked against pwsh in an 80-column terminal).
    It 'fits the job table, headers on one line, in an 80-column console' {
        $job = New-TestJob -DisplayName 'a tuned model with a rather long display name'

        $lines = ($job | Format-Table | Out-String -Width 79) -split "`r?`n" | Where-Object { $_.Trim() }

        $lines[0] | Should -Match '^Id\s+State\s+BaseModel\s+CreateTime\s+TunedModel$'
        $lines[1] | Should -Match '^--\s+-----\s+---------\s+----------\s+----------$'
        $lines[2] | Should -Match ([regex]::Escape($job.Id) + '\s+\w+\s+gemini-2\.5-flash\s+' + [regex]::Escape($job.CreateTime.ToLocalTime().ToString('yyyy-MM-dd HH:mm')) + '\s+a tuned.*…$')
        $lines.Count | Should -Be 3
    }

    It 'lists a curated set of properties by default, and all of them with Format-List *' {
        $job = New-TestJob -Label @{ team = 'support' }

        $default = @(($job | Format-List | Out-String -Width 200) -split "`n" | Where-Object { $_ -match '^\S+\s*:' })
        $all = @(($job | Format-List * | Out-String -Width 200) -split "`n" | Where-Object { $_ -match '^\S+\s*:' })

        $default.Count | Should -BeLessOrEqual 15
        $all.Count | Should -BeGreaterThan 30
        ($default -join "`n") | Should -Match 'Labels\s+: .*team=support'
    }

    It 'exports labels and checkpoints as readable text, and durations in whole seconds' {
        $job = New-TestJob -Label @{ team = 'support' } | Wait-GeminiTuningJob -PollingInterval 1

        $row = $job | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv

        $row.Labels | Should -Match '(^|; )team=support(;|$)'
        $row.Labels | Should -Not -Match 'System\.Collections'
        $row.Checkpoints | Should -Not -Match 'GeminiTuning\.'
        $row.Duration | Should -Match '^\d\d:\d\d:\d\d$'
    }
}
