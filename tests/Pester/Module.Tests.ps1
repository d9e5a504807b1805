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
        $columns[0..2] | Should -Be @('Id', 'State', 'BaseModel')
        $columns[3] | Should -Match 'CreateTime'
        $columns[4] | Should -Be 'TunedModelDisplayName'
    }

    It 'offers the tunable base models on Tab after -BaseModel' {
        $line = 'New-GeminiTuningJob -BaseModel gemini-2.5-'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain 'gemini-2.5-flash'
        $completions | Should -Contain 'gemini-2.5-pro'
    }

    It 'offers on Tab after -AdapterSize the sizes of the model typed, smallest first' {
        $line = 'New-GeminiTuningJob -BaseModel gemini-2.5-pro -AdapterSize '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('One', 'Two', 'Four', 'Eight')
        $line = 'New-GeminiTuningJob -BaseModel gemini-2.5-flash -AdapterSize '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('One', 'Two', 'Four', 'Eight', 'Sixteen')
        $line = 'New-GeminiTuningJob -AdapterSize '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('One', 'Two', 'Four', 'Eight', 'Sixteen')
        $line = 'New-GeminiTuningJob -BaseModel gemini-2.5-flash -AdapterSize 1'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('One', 'Sixteen')
    }

    It 'reads a TimeSpan parameter given as a number as seconds' {
        $emulator = Start-GeminiTuningEmulator -JobDuration 90
        try { $emulator.JobDuration | Should -Be ([TimeSpan]::FromSeconds(90)) }
        finally { $emulator | Stop-GeminiTuningEmulator }
    }
}

Describe 'The module under test' {
    It 'is the one the run asked for: the built folder, or the copy Install-PSResource put on PSModulePath' {
        $module = Get-Module GeminiTuning
        if ($env:GEMINITUNING_MODULE_PATH -eq 'GeminiTuning') {
            $repository = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
            $module.ModuleBase | Should -Not -BeLike "$repository*"
            $onPath = @($env:PSModulePath -split [System.IO.Path]::PathSeparator | Where-Object { $_ -and $module.ModuleBase.StartsWith($_) })
            $onPath | Should -Not -BeNullOrEmpty -Because 'an installed module is found by name on PSModulePath'
            Test-Path (Join-Path $module.ModuleBase 'PSGetModuleInfo.xml') | Should -BeTrue -Because 'Install-PSResource records what it installed'
        }
        elseif ($env:GEMINITUNING_MODULE_PATH) {
            $module.Path | Should -Be (Join-Path (Split-Path -Parent $env:GEMINITUNING_MODULE_PATH) 'GeminiTuning.psm1')
        }
    }
}

Describe 'What the module tells the services about itself' {
    It 'names the module and this PowerShell in the User-Agent of every request' {
        $emulator = Start-ConnectedEmulator
        try {
            $null = Get-GeminiTuningJob
            $requests = @((Get-EmulatorInstance $emulator).Requests | Where-Object Path -like '*/tuningJobs*')
            $requests | Should -Not -BeNullOrEmpty
            $product = if ($PSVersionTable.PSEdition -eq 'Desktop') { 'WindowsPowerShell' } else { 'PowerShell' }
            $expected = "GeminiTuning/$((Get-Module GeminiTuning).Version) $product/$($PSVersionTable.PSVersion) ($($PSVersionTable.PSEdition))"
            foreach ($request in $requests) { $request.Headers['User-Agent'] | Should -Be $expected }
        }
        finally { $emulator | Stop-GeminiTuningEmulator }
    }
}
