BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
}

Describe 'Start-GeminiTuningEmulator and Stop-GeminiTuningEmulator' {
    It 'starts an emulator on loopback that a piped Connect-GeminiTuning uses' {
        $emulator = Start-GeminiTuningEmulator -JobDuration 5
        try {
            $emulator.Uri.Host | Should -Be '127.0.0.1'
            $emulator.Port | Should -BeGreaterThan 0
            Test-Path $emulator.ServiceAccountKeyPath | Should -BeTrue
            $null = $emulator | Connect-GeminiTuning
            (New-TestJob).State | Should -Be 'Pending'
        }
        finally { $emulator | Stop-GeminiTuningEmulator }
    }

    It 'deletes its throw-away key and stops listening when stopped' {
        $emulator = Start-GeminiTuningEmulator
        $emulator | Stop-GeminiTuningEmulator
        Test-Path $emulator.ServiceAccountKeyPath | Should -BeFalse
        { Invoke-RestMethod -Uri $emulator.Uri -TimeoutSec 2 } | Should -Throw
    }

    It 'reports an unknown port as not found' {
        Stop-GeminiTuningEmulator -Port 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StopGeminiTuningEmulatorNotFound*'
    }
}
