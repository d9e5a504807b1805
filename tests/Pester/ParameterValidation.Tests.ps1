# A parameter error never comes after the side effect: every parameter is checked before anything is created,
# uploaded or cancelled, so a script that fails on a bad value and is run again does not pay for a second job.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
    $script:emulator = Start-ConnectedEmulator -JobDurationSeconds 600
    $line = '{"contents":[{"role":"user","parts":[{"text":"Why?"}]},{"role":"model","parts":[{"text":"Because."}]}]}'
    $script:train = Join-Path $TestDrive 'train.jsonl'
    [System.IO.File]::WriteAllLines($script:train, [string[]](@($line) * 20))
    $script:examples = Join-Path $TestDrive 'pairs.csv'
    "TextInput,Output`n1,2`n3,4" | Set-Content -LiteralPath $script:examples

    function Get-JobCount { @(Get-GeminiTuningJob).Count + @(Get-GeminiTuningJob -Backend GeminiApi).Count }
}

AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

Describe 'A negative -Timeout' {
    It 'makes New-GeminiTuningJob -Wait create nothing (<Name>)' -ForEach @(
        @{ Name = 'gs:// dataset'; Parameters = @{ TrainingDatasetUri = 'gs://bucket/t.jsonl'; BaseModel = 'gemini-2.5-flash' } }
        @{ Name = 'Gemini API examples file'; Parameters = @{ TrainingExamplePath = 'PAIRS'; BaseModel = 'models/gemini-1.5-flash-001-tuning' } }
    ) {
        if ($Parameters.TrainingExamplePath) { $Parameters.TrainingExamplePath = $script:examples }
        $before = Get-JobCount
        { New-GeminiTuningJob @Parameters -Wait -Timeout '-00:00:01' -ErrorAction Stop } | Should -Throw -ErrorId 'NewGeminiTuningJobInvalidTimeout*'
        Get-JobCount | Should -Be $before
    }

    It 'makes New-GeminiTuningJob -Wait with a local dataset upload and create nothing' {
        $before = Get-JobCount
        $uploads = Get-EmulatorRequestCount $script:emulator StorageUpload
        $err = $null
        try { New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetPath $script:train -StagingBucket gs://bucket/t -Wait -Timeout -1 -ErrorAction Stop }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'NewGeminiTuningJobInvalidTimeout*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'Timeout'
        Get-EmulatorRequestCount $script:emulator StorageUpload | Should -Be $uploads
        Get-JobCount | Should -Be $before
    }

    It 'makes piped rows create nothing at all, not even the first' {
        $before = Get-JobCount
        $rows = 1..2 | ForEach-Object { [pscustomobject]@{ BaseModel = 'gemini-2.5-flash'; TrainingDatasetUri = "gs://bucket/$_.jsonl" } }
        { $rows | New-GeminiTuningJob -Wait -Timeout -5 -ErrorAction Stop } | Should -Throw -ErrorId 'NewGeminiTuningJobInvalidTimeout*'
        Get-JobCount | Should -Be $before
    }

    It 'makes Stop-GeminiTuningJob -Wait cancel nothing' {
        $job = New-TestJob
        { $job | Stop-GeminiTuningJob -Wait -Timeout '-00:00:01' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'StopGeminiTuningJobInvalidTimeout*'
        ($job | Get-GeminiTuningJob).State | Should -BeIn 'Pending', 'Running'
    }

    It 'is refused by Wait-GeminiTuningJob with the error it always had' {
        $job = New-TestJob
        { $job | Wait-GeminiTuningJob -Timeout -1 -ErrorAction Stop } | Should -Throw -ErrorId 'WaitGeminiTuningJobInvalidTimeout*'
    }
}
