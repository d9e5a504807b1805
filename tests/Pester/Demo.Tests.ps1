# The demo the README's quick start runs (./build.ps1 -Task Demo builds, then runs tools/Demo.ps1 in a fresh PowerShell).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
}

Describe 'tools/Demo.ps1' {
    It 'tells the whole story against the emulator in a fresh PowerShell, without an error' {
        $demo = Join-Path $PSScriptRoot '../../tools/Demo.ps1'
        $manifest = Join-Path (Get-Module GeminiTuning).ModuleBase 'GeminiTuning.psd1'
        $output = & (Get-ChildPowerShellPath) -NoProfile -NonInteractive -File $demo -ModulePath $manifest -JobDurationSeconds 3 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $output
        $output | Should -Match 'Succeeded'
        $output | Should -Match 'You said: Why is the sky blue\?'
        $output | Should -Match 'Cancelled'
        $output | Should -Match 'Done: every step ran against the emulator'
    }
}
