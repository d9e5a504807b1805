# Jobs saved and read back pipe like the jobs themselves: rows of Import-Csv and ConvertFrom-Json, Select-Object
# rows, and a lone Id column bind in every cmdlet that takes jobs; a tuned model's name piped as a string is an
# endpoint for Invoke-GeminiTunedModel.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
    $script:emulator = Start-ConnectedEmulator -JobDurationSeconds 2
    $script:long = @{ 'emulator-duration-seconds' = '600' }
    $script:examples = Join-Path $TestDrive 'pairs.csv'
    "TextInput,Output`n1,2`n3,4" | Set-Content -LiteralPath $script:examples

    function Save-Csv($jobs) {
        $path = Join-Path $TestDrive ([guid]::NewGuid().ToString('N') + '.csv')
        $jobs | Export-Csv -LiteralPath $path -NoTypeInformation
        $path
    }
}

AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

Describe 'Get-GeminiTuningJob with saved jobs' {
    BeforeAll { $script:jobs = @((New-TestJob -DisplayName saved-a), (New-TestJob -DisplayName saved-b)) }

    It 'gets the jobs of rows read back with Import-Csv' {
        $got = Import-Csv -LiteralPath (Save-Csv $script:jobs) | Get-GeminiTuningJob -ErrorAction Stop
        $got.Id | Should -Be $script:jobs.Id
        $got[0].PSObject.TypeNames[0] | Should -Be 'GeminiTuning.GeminiTuningJob'
    }

    It 'gets the jobs of objects read back with ConvertFrom-Json' {
        $got = $script:jobs | ConvertTo-Json -Depth 6 | ConvertFrom-Json | Get-GeminiTuningJob -ErrorAction Stop
        $got.Id | Should -Be $script:jobs.Id
    }

    It 'gets the jobs of rows holding only an Id column' {
        $got = $script:jobs | Select-Object Id | Get-GeminiTuningJob -ErrorAction Stop
        $got.Name | Should -Be $script:jobs.Name
    }

    It 'gets a tuned model from a row holding its Id and Backend' {
        $model = New-GeminiTuningJob -BaseModel models/gemini-1.5-flash-001-tuning -TrainingExamplePath $script:examples
        ($model | Select-Object Id, Backend | Get-GeminiTuningJob -ErrorAction Stop).Name | Should -Be $model.Name
    }

    It 'still reports a row that names no job, naming the row' {
        [pscustomobject]@{ Colour = 'blue' } | Get-GeminiTuningJob -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'GetGeminiTuningJobInvalidName*'
    }
}

Describe 'Wait-GeminiTuningJob and Stop-GeminiTuningJob with saved jobs' {
    It 'waits for the jobs of rows read back with Import-Csv' {
        $jobs = @((New-TestJob), (New-TestJob))
        # Each job is written as it ends, so two jobs ending together may come in either order.
        $ended = Import-Csv -LiteralPath (Save-Csv $jobs) | Wait-GeminiTuningJob -PollingInterval 1 -ErrorAction Stop
        @($ended.Id | Sort-Object) | Should -Be @($jobs.Id | Sort-Object)
        $ended.State | Should -Be @('Succeeded', 'Succeeded')
    }

    It 'waits for the jobs of Select-Object Id rows and of ConvertFrom-Json objects' {
        $a = New-TestJob
        $b = New-TestJob
        $ended = @(($a | Select-Object Id), ($b | ConvertTo-Json -Depth 6 | ConvertFrom-Json)) | Wait-GeminiTuningJob -PollingInterval 1 -ErrorAction Stop
        @($ended.Id | Sort-Object) | Should -Be @(@($a.Id, $b.Id) | Sort-Object)
    }

    It 'cancels the jobs of rows read back with Import-Csv' {
        $jobs = @((New-TestJob -Label $script:long), (New-TestJob -Label $script:long))
        $stopped = Import-Csv -LiteralPath (Save-Csv $jobs) | Stop-GeminiTuningJob -PassThru -Confirm:$false -ErrorAction Stop
        $stopped.Id | Should -Be $jobs.Id
        ($jobs | Get-GeminiTuningJob).State | Should -BeIn 'Cancelling', 'Cancelled'
    }

    It 'cancels the job of a Select-Object Id row' {
        $job = New-TestJob -Label $script:long
        $job | Select-Object Id | Stop-GeminiTuningJob -Confirm:$false -ErrorAction Stop
        ($job | Get-GeminiTuningJob).State | Should -BeIn 'Cancelling', 'Cancelled'
    }
}

Describe 'Remove-GeminiTunedModel with saved tuned models' {
    It 'deletes the tuned models of rows read back with Import-Csv' {
        $model = New-GeminiTuningJob -BaseModel models/gemini-1.5-flash-001-tuning -TrainingExamplePath $script:examples
        $removed = Import-Csv -LiteralPath (Save-Csv $model) | Remove-GeminiTunedModel -Confirm:$false -PassThru -ErrorAction Stop
        $removed.Name | Should -Be $model.Name
        $model | Get-GeminiTuningJob -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-GeminiTunedModel with saved jobs and piped names' {
    BeforeAll {
        $script:done = New-TestJob | Wait-GeminiTuningJob -PollingInterval 1
        $script:model = New-GeminiTuningJob -BaseModel models/gemini-1.5-flash-001-tuning -TrainingExamplePath $script:examples |
            Wait-GeminiTuningJob -PollingInterval 1
    }

    It 'answers through a tuned model whose name is piped as a string, as the README shows' {
        $answer = $script:model.Name | Invoke-GeminiTunedModel -Prompt 'Hello' -ErrorAction Stop
        $answer.Prompt | Should -Be 'Hello'
        $answer.Text | Should -Not -BeNullOrEmpty
    }

    It 'answers through a Vertex AI endpoint piped as a string' {
        ($script:done.TunedModelEndpoint | Invoke-GeminiTunedModel -Prompt 'Hello' -ErrorAction Stop).Text | Should -Not -BeNullOrEmpty
    }

    It 'answers through the jobs of rows read back with Import-Csv' {
        $answers = Import-Csv -LiteralPath (Save-Csv @($script:done, $script:model)) | Invoke-GeminiTunedModel -Prompt 'Hi' -ErrorAction Stop
        @($answers).Count | Should -Be 2
    }

    It 'still takes piped strings as prompts when -Endpoint is given' {
        $answers = 'one', 'two' | Invoke-GeminiTunedModel -Endpoint $script:model.Name
        $answers.Prompt | Should -Be @('one', 'two')
    }
}
