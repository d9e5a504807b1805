BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
}

Describe 'The GeminiTuning module' {
    It 'exports exactly the cmdlets its manifest lists' {
        $manifest = Import-PowerShellDataFile (Join-Path (Get-Module GeminiTuning).ModuleBase 'GeminiTuning.psd1')
        $exported = (Get-Command -Module GeminiTuning).Name | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'has a default table view for tuning jobs with the contract''s columns' {
        $view = Get-FormatData -TypeName GeminiTuning.GeminiTuningJob
        $view | Should -Not -BeNullOrEmpty
        $columns = $view.FormatViewDefinition[0].Control.Rows[0].Columns.DisplayEntry.Value
        $columns[0..3] | Should -Be @('Id', 'State', 'BaseModel', 'TunedModelDisplayName')
        $columns[4] | Should -Match 'CreateTime'
    }

    It 'offers the tunable base models on Tab after -BaseModel' {
        $line = 'New-GeminiTuningJob -BaseModel gemini-2.5-'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain 'gemini-2.5-flash'
        $completions | Should -Contain 'gemini-2.5-pro'
    }

    It 'offers adapter sizes on Tab after -AdapterSize' {
        $line = 'New-GeminiTuningJob -AdapterSize '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'Sixteen'
    }

    It 'reads a TimeSpan parameter given as a number as seconds' {
        $emulator = Start-GeminiTuningEmulator -JobDuration 90
        try { $emulator.JobDuration | Should -Be ([TimeSpan]::FromSeconds(90)) }
        finally { $emulator | Stop-GeminiTuningEmulator }
    }
}
