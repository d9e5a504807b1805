# Every example a user can copy, run as written against the emulator: each PowerShell block of README.md and each
# example of the cmdlet help (read with Get-Help, so from the MAML the build generated from docs/help/*.md). Nothing is
# copied into this file: an example that breaks in the documentation fails here.
#
# Each example runs in a fresh runspace with the module imported, in an empty temporary folder. An example that starts
# its own emulator (Start-GeminiTuningEmulator) runs as it is; any other runs in a session that was first connected
# to an emulator, as a reader who followed the README's "Try it against the emulator" would be. Examples run a few at
# a time, in the background, before the checks; each check then reads its example's outcome.
#
# What cannot run here says so where a reader sees it:
#   README.md:  the line before the block is  <!-- not run: REASON -->
#   help:       the example's explanation starts with "Needs " (e.g. "Needs gcloud and a Google Cloud project.")
# and is reported as skipped, with that reason.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'DocumentedExamples.ps1')
    Import-GeminiTuningUnderTest
    $examples = @(Get-DocumentedExample -ReadmePath (Join-Path $PSScriptRoot '../../README.md'))
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'DocumentedExamples.ps1')
    Import-GeminiTuningUnderTest
    $examples = @(Get-DocumentedExample -ReadmePath (Join-Path $PSScriptRoot '../../README.md'))
    $script:outcomes = Invoke-DocumentedExample -Example ($examples | Where-Object { -not $_.NotRun }) -ModulePath (Get-Module GeminiTuning).Path
}

Describe '<Source>: <Title>' -ForEach $examples {
    It 'runs against the emulator without an error' {
        if ($NotRun) {
            Set-ItResult -Skipped -Because $NotRun
            return
        }

        $outcome = $script:outcomes[$Id]
        $outcome | Should -Not -BeNullOrEmpty
        $outcome.TimedOut | Should -BeFalse -Because "the example should finish within $($outcome.TimeoutSeconds) s:`n$Code"
        $outcome.Errors | Should -BeNullOrEmpty -Because "the example should run cleanly:`n$Code"
    }
}
