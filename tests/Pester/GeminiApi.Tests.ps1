BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
    $script:emulator = Start-ConnectedEmulator -JobDurationSeconds 3
    $script:csv = Join-Path $TestDrive 'pairs.csv'
    @'
TextInput,Output
1,2
3,4
"twenty two","twenty three"
'@ | Set-Content -LiteralPath $script:csv
}

AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

Describe 'The Gemini API backend' {
    It 'makes one tuned model from rows piped from Import-Csv, while rows for Vertex AI still bind by property name' {
        $vertexRow = [pscustomobject]@{ BaseModel = 'gemini-2.5-flash'; TrainingDatasetUri = 'gs://bucket/a.jsonl' } | New-GeminiTuningJob
        $vertexRow.Backend | Should -Be 'VertexAI'

        $model = Import-Csv $script:csv | New-GeminiTuningJob -BaseModel models/gemini-1.5-flash-001-tuning -TunedModelDisplayName 'number generator' -EpochCount 2
        @($model).Count | Should -Be 1
        $model.Backend | Should -Be 'GeminiApi'
        $model.Name | Should -BeLike 'tunedModels/number-generator-*'
        $model.State | Should -Be 'Running'
        $model.EpochCount | Should -Be 2
    }

    It 'makes a tuned model from a CSV or JSONL file' {
        $jsonl = Join-Path $TestDrive 'pairs.jsonl'
        '{"textInput":"1","output":"2"}', '{"text_input":"3","output":"4"}' | Set-Content -LiteralPath $jsonl
        (New-GeminiTuningJob -BaseModel gemini-1.5-flash-001-tuning -TrainingExamplePath $jsonl).Backend | Should -Be 'GeminiApi'
        (New-GeminiTuningJob -BaseModel models/gemini-1.5-flash-001-tuning -TrainingExamplePath $script:csv).Backend | Should -Be 'GeminiApi'
    }

    It 'waits for a tuned model, shows its loss, and answers through it' {
        $done = New-GeminiTuningJob -BaseModel models/gemini-1.5-flash-001-tuning -TrainingExamplePath $script:csv | Wait-GeminiTuningJob -PollingInterval 1
        $done.State | Should -Be 'Succeeded'
        $done.MeanLoss | Should -BeGreaterThan 0
        $done.Snapshots.Count | Should -BeGreaterThan 0
        ($done | Invoke-GeminiTunedModel '100').Text | Should -Not -BeNullOrEmpty
    }

    It 'says that the Gemini API no longer tunes and points to Vertex AI' {
        New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingExamplePath $script:csv -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NewGeminiTuningJobBaseModelNotTunable*'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'Vertex AI'
    }

    It 'lists tuned models with -Backend GeminiApi' {
        $names = (Get-GeminiTuningJob -Backend GeminiApi).Name
        $names | Should -Not -BeNullOrEmpty
        $names | ForEach-Object { $_ | Should -BeLike 'tunedModels/*' }
    }

    It 'explains that tuning on the Gemini API cannot be cancelled' {
        $model = New-GeminiTuningJob -BaseModel models/gemini-1.5-flash-001-tuning -TrainingExamplePath $script:csv
        $model | Stop-GeminiTuningJob -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StopGeminiTuningJobCancelNotSupported*'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'Remove-GeminiTunedModel'
    }

    It 'deletes tuned models, asking first unless confirmed' {
        $model = New-GeminiTuningJob -BaseModel models/gemini-1.5-flash-001-tuning -TrainingExamplePath $script:csv
        $model | Remove-GeminiTunedModel -WhatIf
        ($model | Get-GeminiTuningJob).Name | Should -Be $model.Name
        $removed = $model | Remove-GeminiTunedModel -Confirm:$false -PassThru
        $removed.Name | Should -Be $model.Name
        $model | Get-GeminiTuningJob -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'GetGeminiTuningJobNotFound*'
    }

    It 'sends an API key only as a header and never shows it' {
        $done = New-GeminiTuningJob -BaseModel models/gemini-1.5-flash-001-tuning -TrainingExamplePath $script:csv | Wait-GeminiTuningJob -PollingInterval 1
        $key = ConvertTo-SecureString 'AIzaPesterKeyNeverShown123' -AsPlainText -Force
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
        $all = $done | Invoke-GeminiTunedModel 'hi' -ApiKey $key *>&1 | Out-String
        $VerbosePreference = 'SilentlyContinue'; $DebugPreference = 'SilentlyContinue'
        $all | Should -Match 'generateContent'
        $all | Should -Not -Match 'AIzaPesterKeyNeverShown123'
    }
}
