BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest

    $script:good = '{"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello there"}]}]}'
    $script:badRole = '{"contents":[{"role":"user","parts":[{"text":"Bye"}]},{"role":"assistant","parts":[{"text":"See you."}]}]}'
    $script:folder = Join-Path $TestDrive 'datasets'
    $null = New-Item -ItemType Directory -Path $script:folder -Force

    # UTF-8 without BOM on Windows PowerShell 5.1 too (its Set-Content has no utf8NoBOM).
    function Write-Dataset([string] $Name, [string[]] $Lines) {
        [System.IO.File]::WriteAllLines((Join-Path $script:folder $Name), $Lines)
    }

    Write-Dataset 'good.jsonl' (@($script:good) * 120)
    Write-Dataset 'bad.jsonl' @($script:good, $script:badRole, '', 'not json')
    Write-Dataset 'legacy[1].jsonl' @('{"messages":[{"role":"user","content":"q"},{"role":"model","content":"a"}]}')
    Write-Dataset 'notes.txt' @('not a dataset')
}

Describe 'Test-GeminiTuningDataset' {
    It 'writes a report with the examples and estimated tokens of a valid file' {
        $report = Test-GeminiTuningDataset -Path (Join-Path $script:folder 'good.jsonl') -BaseModel gemini-2.5-flash
        $report.PSObject.TypeNames[0] | Should -Be 'GeminiTuning.Datasets.DatasetReport'
        $report.IsValid | Should -BeTrue
        $report.ExampleCount | Should -Be 120
        $report.EstimatedTokens | Should -Be (120 * 4)
        $report.Problems | Should -BeNullOrEmpty
        $report.Limits.AppliesTo | Should -Be 'gemini-2.5-flash'
    }

    It 'reports each problem with its line, column and code' {
        $report = Test-GeminiTuningDataset -Path (Join-Path $script:folder 'bad.jsonl')
        $report.IsValid | Should -BeFalse
        $problems = $report.Problems | Where-Object Code -ne 'TooFewExamples'
        $problems.Line | Should -Be @(2, 3, 4)
        $problems.Code | Should -Be @('InvalidRole', 'BlankLine', 'InvalidJson')
        $problems[0].Column | Should -Be ($script:badRole.IndexOf('"assistant"') + 1)
        $problems[0].Message | Should -Match 'Use "model"'
    }

    It 'checks every file piped from Get-ChildItem, names with brackets included' {
        $reports = Get-ChildItem -Path $script:folder -Filter *.jsonl | Test-GeminiTuningDataset
        @($reports).Count | Should -Be 3
        ($reports | ForEach-Object { Split-Path $_.Path -Leaf }) | Should -Be @('bad.jsonl', 'good.jsonl', 'legacy[1].jsonl')
        ($reports | Where-Object { $_.Path -like '*legacy*' }).Problems[0].Code | Should -Be 'LegacyMessagesFormat'
    }

    It 'expands wildcards in -Path and takes -LiteralPath as written' {
        @(Test-GeminiTuningDataset -Path (Join-Path $script:folder '*.jsonl')).Count | Should -Be 3
        (Test-GeminiTuningDataset -LiteralPath (Join-Path $script:folder 'legacy[1].jsonl')).ExampleCount | Should -Be 1
    }

    It 'writes only $true or $false with -Quiet' {
        $results = Get-ChildItem -Path $script:folder -Filter *.jsonl | Sort-Object Name | Test-GeminiTuningDataset -Quiet
        $results | Should -Be @($false, $true, $false)
        $results | ForEach-Object { $_ | Should -BeOfType [bool] }
    }

    It 'treats a validation dataset by the validation limits' {
        $report = Get-Item (Join-Path $script:folder 'good.jsonl') | Test-GeminiTuningDataset -Purpose Validation -BaseModel gemini-1.5-flash-002
        $report.Purpose | Should -Be 'Validation'
        $report.IsValid | Should -BeTrue
        $report.Limits.MaxValidationExamples | Should -Be 256
    }

    It 'exports problems to CSV with one column per property' {
        $csv = Join-Path $TestDrive 'problems.csv'
        (Test-GeminiTuningDataset -Path (Join-Path $script:folder 'bad.jsonl')).Problems | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = Import-Csv -LiteralPath $csv
        ($rows[0].PSObject.Properties.Name) | Should -Be @('Path', 'Line', 'Column', 'Severity', 'Code', 'Message')
        ($rows | Where-Object Code -eq 'InvalidRole').Line | Should -Be '2'
    }

    It 'writes a non-terminating error naming a missing file and checks the others' {
        $missing = Join-Path $script:folder 'missing.jsonl'
        $reports = Test-GeminiTuningDataset -Path $missing, (Join-Path $script:folder 'good.jsonl') -ErrorVariable err -ErrorAction SilentlyContinue
        @($reports).Count | Should -Be 1
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TestGeminiTuningDatasetFileNotFound*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be $missing
        $err[0].Exception.Message | Should -Match ([regex]::Escape($missing))
    }

    It 'writes $false and the error for a missing file with -Quiet' {
        Test-GeminiTuningDataset -Path (Join-Path $script:folder 'missing.jsonl') -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
    }

    It 'reports a wildcard that matches nothing and a directory as errors' {
        { Test-GeminiTuningDataset -Path (Join-Path $script:folder 'none*.jsonl') -ErrorAction Stop } | Should -Throw -ErrorId 'TestGeminiTuningDatasetFileNotFound*'
        { Test-GeminiTuningDataset -LiteralPath $script:folder -ErrorAction Stop } | Should -Throw -ErrorId 'TestGeminiTuningDatasetNotAFile*'
    }

    It 'shows the report and its problems as tables' {
        $report = Test-GeminiTuningDataset -Path (Join-Path $script:folder 'bad.jsonl')
        ($report | Out-String -Width 200) | Should -Match 'File\s+Purpose\s+Examples\s+MeanTokens\s+MaxTokens\s+Errors\s+Warnings\s+IsValid'
        ($report.Problems | Out-String -Width 200) | Should -Match 'Line\s+Column\s+Severity\s+Code\s+Message'
    }

    It 'writes every problem to the verbose stream as it is found' {
        $verbose = Test-GeminiTuningDataset -Path (Join-Path $script:folder 'bad.jsonl') -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'bad\.jsonl: line 2, column \d+: Role "assistant"'
    }
}
