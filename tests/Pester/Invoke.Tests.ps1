BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
    $script:emulator = Start-ConnectedEmulator -JobDurationSeconds 2
    $script:tuned = New-TestJob -DisplayName tuned | Wait-GeminiTuningJob -PollingInterval 1
}

AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

Describe 'Invoke-GeminiTunedModel' {
    It 'answers a prompt for a job piped from Wait-GeminiTuningJob' {
        $answer = New-TestJob | Wait-GeminiTuningJob -PollingInterval 1 | Invoke-GeminiTunedModel 'Why is the sky blue?'
        $answer.Text | Should -Not -BeNullOrEmpty
        $answer.FinishReason | Should -Be 'STOP'
        $answer.Prompt | Should -Be 'Why is the sky blue?'
        $answer.UsageMetadata.TotalTokenCount | Should -BeGreaterThan 0
        $answer.ModelVersion | Should -Be 'gemini-2.5-flash'
    }

    It 'answers many prompts piped as strings, in order' {
        $answers = 'one', 'two', 'three' | Invoke-GeminiTunedModel -Endpoint $script:tuned.TunedModelEndpoint
        $answers.Prompt | Should -Be @('one', 'two', 'three')
    }

    It 'tells each request at -Verbose or with $VerbosePreference, several prompts in flight, and writes no verbose line otherwise' {
        $endpoint = $script:tuned.TunedModelEndpoint
        $verbose = 'a', 'b', 'c' | Invoke-GeminiTunedModel -Endpoint $endpoint -ThrottleLimit 3 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        @($verbose | Where-Object Message -Match 'generateContent -> 200').Count | Should -Be 3

        $VerbosePreference = 'Continue'
        $byPreference = 'a' | Invoke-GeminiTunedModel -Endpoint $endpoint 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $VerbosePreference = 'SilentlyContinue'
        @($byPreference | Where-Object Message -Match 'generateContent -> 200').Count | Should -Be 1

        'a', 'b' | Invoke-GeminiTunedModel -Endpoint $endpoint 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } |
            Should -BeNullOrEmpty
    }

    It 'streams an answer chunk by chunk with -Stream' {
        $chunks = Invoke-GeminiTunedModel 'Tell me a story about tuning' -Endpoint $script:tuned.TunedModelEndpoint -Stream
        @($chunks).Count | Should -BeGreaterOrEqual 3
        $chunks.ChunkIndex | Should -Be (0..(@($chunks).Count - 1))
        $chunks[-1].FinishReason | Should -Be 'STOP'
        ($chunks.Text -join '') | Should -Be (Invoke-GeminiTunedModel 'Tell me a story about tuning' -Endpoint $script:tuned.TunedModelEndpoint).Text
    }

    It 'says clearly that a job without an endpoint cannot be invoked' {
        $pending = New-TestJob
        $pending | Invoke-GeminiTunedModel 'hello' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvokeGeminiTunedModelNoEndpoint*'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'Wait-GeminiTuningJob'
    }

    It 'refuses a temperature out of range before sending' {
        { Invoke-GeminiTunedModel 'hi' -Endpoint $script:tuned.TunedModelEndpoint -Temperature 3 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'warns when the prompt was blocked' {
        $answer = Invoke-GeminiTunedModel 'please blockme' -Endpoint $script:tuned.TunedModelEndpoint -WarningVariable warn 3>$null
        $answer.BlockReason | Should -Be 'SAFETY'
        $warn | Should -Match 'blocked'
    }

    It 'writes no token or key into debug output' {
        $DebugPreference = 'Continue'
        $debugLines = Invoke-GeminiTunedModel 'hi' -Endpoint $script:tuned.TunedModelEndpoint 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        $DebugPreference = 'SilentlyContinue'
        $debugLines | Should -Not -BeNullOrEmpty
        ($debugLines.Message -join "`n") | Should -Not -Match 'ya29\.[A-Za-z0-9_-]{6,}'
        ($debugLines.Message -join "`n") | Should -Not -Match 'PRIVATE KEY'
    }
}
