# The whole tuning surface from PowerShell: preference tuning, continuous tuning from a checkpoint, rebase, and the
# checks that stop a mistake before anything is sent or paid for.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
    $script:emulator = Start-ConnectedEmulator -JobDurationSeconds 2
    $prompt = @{ role = 'user'; parts = @(@{ text = 'What is my favorite fruit?' }) }
    $script:preferenceLine = @{
        contents    = @($prompt)
        completions = @(
            @{ score = 1; completion = @{ role = 'model'; parts = @(@{ text = 'Apple! Apple! Apple!' }) } }
            @{ score = 0; completion = @{ role = 'model'; parts = @(@{ text = 'Your favorite fruit is apple.' }) } }
        )
    } | ConvertTo-Json -Depth 6 -Compress
    $script:sftLine = '{"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello!"}]}]}'

    function Get-JobCount { @(Get-GeminiTuningJob).Count }
}

AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

Describe 'Preference tuning' {
    It 'checks a preference dataset line by line, naming line and column, and reports its billable size' {
        $path = Join-Path $TestDrive 'preference.jsonl'
        [System.IO.File]::WriteAllLines($path, [string[]]((@($script:preferenceLine) * 4) + $script:sftLine))

        $report = Test-GeminiTuningDataset -Path $path -TuningMethod Preference -EpochCount 3

        $report.TuningMethod | Should -Be 'Preference'
        $codes = $report.Problems | Where-Object Line -eq 5 | ForEach-Object { "$($_.Code)" }
        $codes | Should -Contain 'LastTurnNotUser'
        $codes | Should -Contain 'MissingCompletions'
        ($report.Problems | Where-Object Code -eq 'MissingCompletions').Column | Should -Be 1
        # Four good examples: prompt 7 tokens twice plus completions of 5 and 8, three epochs.
        $report.BillableSize.TotalTokens | Should -Be (4 * (2 * 7 + 5 + 8) * 3)
        $report.BillableSize.ToString() | Should -Match 'per epoch × 3 epochs'
    }

    It 'creates a preference job from a local dataset, with its beta' {
        $path = Join-Path $TestDrive 'dpo.jsonl'
        [System.IO.File]::WriteAllLines($path, [string[]](@($script:preferenceLine) * 20))

        $job = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TuningMethod Preference -Beta 0.1 -EpochCount 2 -TrainingDatasetPath $path -StagingBucket gs://my-bucket/dpo -Wait

        $job.State | Should -Be 'Succeeded'
        $job.TuningMethod | Should -Be 'Preference'
        $job.Beta | Should -Be 0.1
        $job.TuningDataStats.TuningMethod | Should -Be 'Preference'
        $job.TuningDataStats.ExampleCount | Should -Be 20
    }

    It 'refuses preference tuning of a model without it, naming the models that have it, and sends nothing' {
        $before = Get-EmulatorRequestCount $script:emulator CreateTuningJob
        New-GeminiTuningJob -BaseModel gemini-2.5-pro -TuningMethod Preference -TrainingDatasetUri gs://my-bucket/dpo.jsonl -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NewGeminiTuningJobTuningMethodNotSupported*'
        $err[0].Exception.Message | Should -Match 'gemini-2\.5-flash and gemini-2\.5-flash-lite'
        Get-EmulatorRequestCount $script:emulator CreateTuningJob | Should -Be $before
    }
}

Describe 'Continuous tuning and rebase' {
    BeforeAll { $script:tuned = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/train.jsonl -EpochCount 3 -Wait }

    It 'continues from a checkpoint piped from a job' {
        $next = $script:tuned.Checkpoints[1] | New-GeminiTuningJob -TrainingDatasetUri gs://my-bucket/more.jsonl

        $next.PreTunedModelName | Should -Be $script:tuned.TunedModelName
        $next.PreTunedCheckpointId | Should -Be '2'
        $next.BaseModel | Should -Be 'gemini-2.5-flash'
    }

    It 'still clones a piped job rather than continuing it' {
        $clone = $script:tuned | New-GeminiTuningJob
        $clone.PreTunedModelName | Should -BeNullOrEmpty
        $clone.BaseModel | Should -Be 'gemini-2.5-flash'
    }

    It 'rebases a tuned model, and a re-run with the same -RequestId returns the same job' {
        $first = New-GeminiTuningJob -RebaseTunedModel $script:tuned -BaseModel gemini-3.5-flash -RequestId pester-rebase-1
        $again = New-GeminiTuningJob -RebaseTunedModel $script:tuned.TunedModelName -BaseModel gemini-3.5-flash -RequestId pester-rebase-1 -WarningVariable warn 3>$null

        $first.BaseModel | Should -Be 'gemini-3.5-flash'
        $again.Name | Should -Be $first.Name
        $warn | Should -Not -BeNullOrEmpty
        Get-EmulatorRequestCount $script:emulator RebaseTunedModel | Should -Be 1
    }

    It 'refuses settings a rebase does not take' {
        New-GeminiTuningJob -RebaseTunedModel $script:tuned -BaseModel gemini-3.5-flash -EpochCount 2 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NewGeminiTuningJobInvalidEpochCount*'
    }
}

Describe 'The checks before a create' {
    It 'refuses an adapter size the model does not offer, naming the allowed sizes, and -Force sends it anyway' {
        $before = Get-EmulatorRequestCount $script:emulator CreateTuningJob
        New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/t.jsonl -AdapterSize ThirtyTwo -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NewGeminiTuningJobAdapterSizeNotSupported*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match 'One \(1\), Two \(2\), Four \(4\), Eight \(8\), Sixteen \(16\)'
        Get-EmulatorRequestCount $script:emulator CreateTuningJob | Should -Be $before

        New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/t.jsonl -AdapterSize ThirtyTwo -Force -ErrorVariable sent -ErrorAction SilentlyContinue
        Get-EmulatorRequestCount $script:emulator CreateTuningJob | Should -Be ($before + 1)
        $sent[0].Exception.Message | Should -Match 'Adapter size ADAPTER_SIZE_THIRTY_TWO is not supported'
    }

    It 'takes an adapter size by name in any case, by rank, or from a piped job, and refuses another naming the sizes' {
        (New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/t.jsonl -AdapterSize 4).AdapterSize | Should -Be 'Four'
        $job = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/t.jsonl -AdapterSize eight
        $job.AdapterSize | Should -Be 'Eight'
        ($job | Select-Object AdapterSize | New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/t.jsonl).AdapterSize | Should -Be 'Eight'

        $before = Get-EmulatorRequestCount $script:emulator CreateTuningJob
        { New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/t.jsonl -AdapterSize Three -ErrorAction Stop } |
            Should -Throw "*'Three' is not an adapter size; give one of One, Two, Four, Eight, Sixteen, ThirtyTwo (or its rank: 1, 2, 4, 8, 16, 32)*"
        { New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/t.jsonl -AdapterSize 3 -ErrorAction Stop } |
            Should -Throw "*'3' is not an adapter size*"
        Get-EmulatorRequestCount $script:emulator CreateTuningJob | Should -Be $before
    }

    It 'warns about a base model it does not know, naming the closest known ones' {
        New-GeminiTuningJob -BaseModel gemini-2.5-flsh -TrainingDatasetUri gs://my-bucket/t.jsonl -WarningVariable warn -ErrorAction SilentlyContinue 3>$null
        ($warn -join ' ') | Should -Match "'gemini-2\.5-flsh' is not a base model this module knows.*gemini-2\.5-flash"
    }

    It 'names the closest region at once for a mistyped one' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/t.jsonl -Region us-centrall1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NewGeminiTuningJobRegionNotFound*'
        $err[0].Exception.Message | Should -Match 'the closest are us-central1'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
    }

    It 'refuses input the service would refuse or change, and creates nothing (<Name>)' -ForEach @(
        @{ Name = 'a fractional epoch count'; Extra = @{ EpochCount = 2.5 }; Id = 'ParameterArgumentTransformationError*' }
        @{ Name = 'a blank display name'; Extra = @{ TunedModelDisplayName = '   ' }; Id = 'NewGeminiTuningJobInvalidTunedModelDisplayName*' }
        @{ Name = 'a display name on two lines'; Extra = @{ TunedModelDisplayName = "one`ntwo" }; Id = 'NewGeminiTuningJobInvalidTunedModelDisplayName*' }
        @{ Name = 'a null label value'; Extra = @{ Label = @{ team = $null } }; Id = 'NewGeminiTuningJobInvalidLabel*' }
        @{ Name = 'an empty project'; Extra = @{ Project = '' }; Id = 'NewGeminiTuningJobInvalidProject*' }
        @{ Name = 'an empty region'; Extra = @{ Region = '' }; Id = 'NewGeminiTuningJobInvalidRegion*' }
        @{ Name = 'a wildcard URI'; Extra = @{ TrainingDatasetUri = 'gs://my-bucket/part-*.jsonl' }; Id = 'NewGeminiTuningJobInvalidTrainingDatasetUri*' }
        @{ Name = 'a huge description'; Extra = @{ Description = 'x' * 1MB }; Id = 'NewGeminiTuningJobInvalidDescription*' }
    ) {
        $before = Get-JobCount
        $parameters = @{ BaseModel = 'gemini-2.5-flash'; TrainingDatasetUri = 'gs://my-bucket/t.jsonl' }
        foreach ($key in $Extra.Keys) { $parameters[$key] = $Extra[$key] }
        { New-GeminiTuningJob @parameters -ErrorAction Stop } | Should -Throw -ErrorId $Id
        Get-JobCount | Should -Be $before
    }

    It 'accepts labels with international lowercase letters' {
        (New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/t.jsonl -Label @{ 'clé' = 'été' }).Labels['clé'] | Should -Be 'été'
    }
}

Describe 'Datasets in Cloud Storage' {
    BeforeAll {
        $script:buckets = Join-Path $TestDrive 'buckets'
        $null = New-Item -ItemType Directory -Path (Join-Path $script:buckets 'my-bucket') -Force
        Set-Content -LiteralPath (Join-Path $script:buckets 'my-bucket/train.jsonl') -Value (@($script:sftLine) * 10)
        $script:strict = Start-GeminiTuningEmulator -StorageDirectory $script:buckets
    }

    AfterAll {
        $script:strict | Stop-GeminiTuningEmulator
        $null = $script:emulator | Connect-GeminiTuning
    }

    It 'refuses a dataset object that does not exist, before the create' {
        $null = $script:strict | Connect-GeminiTuning
        New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/missing.jsonl -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NewGeminiTuningJobDatasetNotFound*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-EmulatorRequestCount $script:strict CreateTuningJob | Should -Be 0
    }

    It 'creates on an object that exists, and says with -Verbose what it found' {
        $null = $script:strict | Connect-GeminiTuning
        $verbose = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://my-bucket/train.jsonl -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($verbose -join "`n") | Should -Match 'gs://my-bucket/train\.jsonl: found, [0-9,]+ bytes'
        Get-EmulatorRequestCount $script:strict CreateTuningJob | Should -Be 1
    }
}
