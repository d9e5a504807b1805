BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
    $script:emulator = Start-ConnectedEmulator -JobDurationSeconds 3
}

AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

Describe 'New-GeminiTuningJob' {
    It 'creates a pending job with every parameter it was given' {
        $job = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/train.jsonl -ValidationDatasetUri gs://bucket/val.jsonl `
            -EpochCount 3 -AdapterSize Four -LearningRateMultiplier 0.5 -TunedModelDisplayName 'support bot' -Description 'pester' -Label @{ team = 'search' }
        $job.State | Should -Be 'Pending'
        $job.EpochCount | Should -Be 3
        $job.AdapterSize | Should -Be 'Four'
        $job.LearningRateMultiplier | Should -Be 0.5
        $job.TunedModelDisplayName | Should -Be 'support bot'
        $job.Labels['team'] | Should -Be 'search'
        $job.ValidationDatasetUri | Should -Be 'gs://bucket/val.jsonl'
        $job.PSObject.TypeNames[0] | Should -Be 'GeminiTuning.GeminiTuningJob'
    }

    It 'creates nothing with -WhatIf' {
        $before = @(Get-GeminiTuningJob).Count
        New-TestJob -DisplayName whatif | Out-Null
        New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/t.jsonl -WhatIf
        @(Get-GeminiTuningJob).Count | Should -Be ($before + 1)
    }

    It 'refuses a dataset that is not in Cloud Storage with a clear error and creates nothing' {
        $before = @(Get-GeminiTuningJob).Count
        New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri ./train.jsonl -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NewGeminiTuningJobInvalidTrainingDatasetUri*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'gs://'
        @(Get-GeminiTuningJob).Count | Should -Be $before
    }

    It 'returns the existing job instead of a second one when run again with the same -RequestId' {
        $first = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/t.jsonl -RequestId 'pester-rerun-1'
        $again = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/t.jsonl -RequestId 'pester-rerun-1' -WarningVariable warn 3>$null
        $again.Name | Should -Be $first.Name
        $warn | Should -Not -BeNullOrEmpty
        @(Get-GeminiTuningJob -Filter 'labels.gemini-tuning-request-id="pester-rerun-1"').Count | Should -Be 1
    }

    It 'waits with -Wait and outputs the ended job' {
        $job = New-TestJob -DisplayName waited | Out-Null
        $done = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/t.jsonl -Wait -PollingInterval 1
        $done.State | Should -Be 'Succeeded'
        $done.TunedModelEndpoint | Should -Not -BeNullOrEmpty
    }

    It 'creates one job per row piped by property name' {
        $rows = @(
            [pscustomobject]@{ BaseModel = 'gemini-2.5-flash'; TrainingDatasetUri = 'gs://bucket/a.jsonl'; TunedModelDisplayName = 'row-a' }
            [pscustomobject]@{ BaseModel = 'gemini-2.5-pro'; TrainingDatasetUri = 'gs://bucket/b.jsonl'; TunedModelDisplayName = 'row-b' }
        )
        $jobs = $rows | New-GeminiTuningJob
        $jobs.TunedModelDisplayName | Should -Be @('row-a', 'row-b')
        $jobs[1].BaseModel | Should -Be 'gemini-2.5-pro'
    }
}

Describe 'Get-GeminiTuningJob' {
    BeforeAll { $script:job = New-TestJob -DisplayName getme }

    It 'gets a job from an id piped as a string' {
        ($script:job.Id | Get-GeminiTuningJob).Name | Should -Be $script:job.Name
    }

    It 'gets a job from a piped job object' {
        ($script:job | Get-GeminiTuningJob).Id | Should -Be $script:job.Id
    }

    It 'lists the project''s jobs, newest first' {
        $all = Get-GeminiTuningJob
        $all.Id | Should -Contain $script:job.Id
        $all[0].CreateTime | Should -BeGreaterOrEqual $all[-1].CreateTime
    }

    It 'filters on the client by -State and pages with -First' {
        @(Get-GeminiTuningJob -State Succeeded, Failed, Cancelled | Where-Object { $_.State -notin 'Succeeded', 'Failed', 'Cancelled' }).Count | Should -Be 0
        @(Get-GeminiTuningJob -First 2).Count | Should -Be 2
    }

    It 'writes a not-found error for a missing job and still gets the others' {
        $found = '999999999', $script:job.Id | Get-GeminiTuningJob -ErrorVariable err -ErrorAction SilentlyContinue
        @($found).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'GetGeminiTuningJobNotFound*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be '999999999'
    }

    It 'refuses a malformed name naming what a name looks like' {
        { Get-GeminiTuningJob 'projects/x/locations/us-central1/tuningJobs/../../1' -ErrorAction Stop } | Should -Throw -ErrorId 'GetGeminiTuningJobInvalidName*'
    }
}

Describe 'Wait-GeminiTuningJob' {
    It 'waits for several piped jobs at once and writes each as it ends' {
        $jobs = 1..3 | ForEach-Object { New-TestJob -DisplayName "many-$_" }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $ended = $jobs | Wait-GeminiTuningJob -PollingInterval 1
        @($ended).Count | Should -Be 3
        $ended.State | Should -Be @('Succeeded', 'Succeeded', 'Succeeded')
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 8 -Because 'the jobs are polled together, not one after the other'
    }

    It 'reads several jobs of one region with one list request a round after the first, not a request per job' {
        $jobs = 1..5 | ForEach-Object { New-TestJob -DisplayName "listed-$_" }
        $gets = Get-EmulatorRequestCount $script:emulator GetTuningJob
        $lists = Get-EmulatorRequestCount $script:emulator ListTuningJobs
        $ended = $jobs | Wait-GeminiTuningJob -PollingInterval 1
        @($ended).Count | Should -Be 5
        $ended.TunedModelEndpoint | Should -Not -BeNullOrEmpty
        (Get-EmulatorRequestCount $script:emulator GetTuningJob) - $gets | Should -Be 5 -Because 'only the first round reads each job by itself'
        (Get-EmulatorRequestCount $script:emulator ListTuningJobs) - $lists | Should -BeGreaterThan 0
    }

    It 'returns when the first job ends with -Any' {
        $slow = New-TestJob -Label @{ 'emulator-duration-seconds' = '600' }
        $quick = New-TestJob
        $ended = $slow, $quick | Wait-GeminiTuningJob -Any -PollingInterval 1
        @($ended).Count | Should -Be 1
        $ended.Id | Should -Be $quick.Id
        ($slow | Get-GeminiTuningJob).HasEnded | Should -BeFalse
    }

    It 'writes a failed job and a non-terminating error carrying its message' {
        $failing = New-TestJob -Label @{ 'emulator-scenario' = 'fail' }
        $result = $failing | Wait-GeminiTuningJob -PollingInterval 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $result.State | Should -Be 'Failed'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WaitGeminiTuningJobJobFailed*'
        $err[0].Exception.Message | Should -Match $failing.Id
        $err[0].Exception.Message | Should -Match $result.Error.Message
        $err[0].TargetObject.Id | Should -Be $failing.Id
    }

    It 'makes -ErrorAction Stop fail a script when a job fails' {
        $failing = New-TestJob -Label @{ 'emulator-scenario' = 'fail' }
        { $failing | Wait-GeminiTuningJob -PollingInterval 1 -ErrorAction Stop } | Should -Throw -ErrorId 'WaitGeminiTuningJobJobFailed*'
    }

    It 'stops waiting after -Timeout without cancelling and names the running jobs' {
        $long = Start-GeminiTuningEmulator -JobDuration 600
        try {
            $null = $long | Connect-GeminiTuning
            $job = New-TestJob
            $out = $job | Wait-GeminiTuningJob -Timeout 2 -PollingInterval 1 -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WaitGeminiTuningJobTimeout*'
            $err[0].Exception.Message | Should -Match $job.Id
            ($job | Get-GeminiTuningJob).State | Should -BeIn 'Pending', 'Running'
        }
        finally { $long | Stop-GeminiTuningEmulator; $null = $script:emulator | Connect-GeminiTuning }
    }
}

Describe 'Stop-GeminiTuningJob' {
    BeforeAll {
        $script:long = Start-GeminiTuningEmulator -JobDuration 600 -CancelDuration 1
        $null = $script:long | Connect-GeminiTuning
    }
    AfterAll { $script:long | Stop-GeminiTuningEmulator; $null = $script:emulator | Connect-GeminiTuning }

    It 'cancels nothing with -WhatIf' {
        $job = New-TestJob
        Get-GeminiTuningJob -State Pending, Running | Stop-GeminiTuningJob -WhatIf
        ($job | Get-GeminiTuningJob).State | Should -BeIn 'Pending', 'Running'
    }

    It 'cancels piped jobs and with -Wait -PassThru writes them once cancelled' {
        $jobs = @((New-TestJob), (New-TestJob))
        $stopped = $jobs | Stop-GeminiTuningJob -Wait -PassThru -Confirm:$false
        $stopped.State | Should -Be @('Cancelled', 'Cancelled')
        $stopped[0].Error.Status | Should -Be 'CANCELLED'
    }

    It 'reports a job that already ended as a failed precondition' {
        $job = New-TestJob
        $job | Stop-GeminiTuningJob -Wait -Confirm:$false
        $job | Stop-GeminiTuningJob -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StopGeminiTuningJobFailedPrecondition*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
    }
}
