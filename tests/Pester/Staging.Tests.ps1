BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
    $script:emulator = Start-ConnectedEmulator -JobDurationSeconds 2
    $line = '{"contents":[{"role":"user","parts":[{"text":"Why is the sky blue?"}]},{"role":"model","parts":[{"text":"Rayleigh scattering."}]}]}'
    $script:train = Join-Path $TestDrive 'train.jsonl'
    1..20 | ForEach-Object { $line } | Set-Content -LiteralPath $script:train
    $script:bad = Join-Path $TestDrive 'bad.jsonl'
    '{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}', 'not json' | Set-Content -LiteralPath $script:bad
}

AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

Describe 'New-GeminiTuningJob from a local dataset' {
    It 'says with -WhatIf what it would upload and create, and sends nothing' {
        $before = @(Get-GeminiTuningJob).Count
        # What-if text goes straight to the host, so a child PowerShell connected to the same emulator shows it.
        $child = @"
Import-Module '$((Get-Module GeminiTuning).ModuleBase)/GeminiTuning.psd1'
`$null = Connect-GeminiTuning -Endpoint '$($script:emulator.Uri)' -CredentialPath '$($script:emulator.ServiceAccountKeyPath)' -Project emulator-project -Region us-central1
New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetPath '$($script:train)' -StagingBucket gs://my-bucket/tuning -WhatIf
"@
        $whatIf = & (Get-ChildPowerShellPath) -NoProfile -NonInteractive -Command $child | Out-String
        $whatIf | Should -Match 'What if: Would upload train\.jsonl \([0-9,]+ bytes, 20 training examples\)'
        $whatIf | Should -Match 'gs://my-bucket/tuning/train-[0-9a-f]{8}\.jsonl'
        $whatIf | Should -Match 'Then create tuning job'
        @(Get-GeminiTuningJob).Count | Should -Be $before
    }

    It 'uploads a piped file and creates the job with its gs:// URI' {
        $job = Get-Item -LiteralPath $script:train | New-GeminiTuningJob -BaseModel gemini-2.5-flash -StagingBucket gs://my-bucket/tuning
        $job.TrainingDatasetUri | Should -Match '^gs://my-bucket/tuning/train-[0-9a-f]{8}\.jsonl$'
        ($job | Wait-GeminiTuningJob -PollingInterval 1).TuningDataStats.ExampleCount | Should -Be 20
    }

    It 'reuses an identical object instead of uploading it again' {
        $verbose = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetPath $script:train -StagingBucket gs://my-bucket/tuning -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($verbose -join "`n") | Should -Match 'not uploaded again'
        ($verbose -join "`n") | Should -Not -Match 'uploadType=resumable'
    }

    It 'refuses an invalid dataset naming its lines, and uploads and creates nothing' {
        $before = @(Get-GeminiTuningJob).Count
        New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetPath $script:bad -StagingBucket gs://my-bucket/tuning -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NewGeminiTuningJobInvalidDataset*'
        $err[0].Exception.Message | Should -Match 'line 1'
        $err[0].Exception.Message | Should -Match 'line 2'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'Test-GeminiTuningDataset'
        @(Get-GeminiTuningJob).Count | Should -Be $before
    }

    It 'says which file is missing' {
        New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetPath (Join-Path $TestDrive 'missing.jsonl') -StagingBucket gs://my-bucket/t -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NewGeminiTuningJobFileNotFound*'
    }
}
