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

    It 'shows each answer with its prompt in the default table' {
        $text = 'first question', 'second question' | Invoke-GeminiTunedModel -Endpoint $script:tuned.TunedModelEndpoint | Out-String -Width 79
        $text | Should -Match 'Prompt\s+FinishReason\s+Tokens\s+Text'
        $text | Should -Match 'first question\s+STOP'
        $text | Should -Match 'second question\s+STOP'
    }

    It 'keeps the safety ratings of a blocked prompt and names them in the warning' {
        $answer = Invoke-GeminiTunedModel 'please blockme' -Endpoint $script:tuned.TunedModelEndpoint -WarningVariable warn 3>$null
        $answer.PromptSafetyRatings.Category | Should -Be 'HARM_CATEGORY_DANGEROUS_CONTENT'
        $answer.PromptSafetyRatings.Probability | Should -Be 'HIGH'
        $answer.PromptSafetyRatings.Blocked | Should -BeTrue
        $warn | Should -Match 'HARM_CATEGORY_DANGEROUS_CONTENT=HIGH \(blocked\)'
    }
}

Describe 'Invoke-GeminiTunedModel thinking' {
    It 'sends a thinking budget and counts the thought tokens in the usage' {
        $thinking = $script:tuned | Invoke-GeminiTunedModel 'Why is the sky blue?' -ThinkingBudget 40
        $thinking.UsageMetadata.ThoughtsTokenCount | Should -Be 40
        $thinking.UsageMetadata.TotalTokenCount | Should -Be ($thinking.UsageMetadata.PromptTokenCount + $thinking.UsageMetadata.CandidatesTokenCount + 40)

        $off = $script:tuned | Invoke-GeminiTunedModel 'Why is the sky blue?' -ThinkingBudget 0
        $off.UsageMetadata.ThoughtsTokenCount | Should -BeNullOrEmpty
        $off.Text | Should -Be $thinking.Text
    }

    It 'refuses, before sending, a budget of 0 for a piped Gemini 2.5 Pro job' {
        $pro = New-GeminiTuningJob -BaseModel gemini-2.5-pro -TrainingDatasetUri gs://bucket/train.jsonl | Wait-GeminiTuningJob -PollingInterval 1
        $before = Get-EmulatorRequestCount $script:emulator GenerateContent
        $pro | Invoke-GeminiTunedModel 'hi' -ThinkingBudget 0 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvokeGeminiTunedModelInvalidThinkingBudget*'
        $err[0].Exception.Message | Should -Match 'cannot be turned off'
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-ThinkingBudget 128'
        Get-EmulatorRequestCount $script:emulator GenerateContent | Should -Be $before

        # Given by endpoint alone, the base model is unknown: the service's refusal comes back as a clear error.
        Invoke-GeminiTunedModel 'hi' -Endpoint $pro.TunedModelEndpoint -ThinkingBudget 0 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvokeGeminiTunedModelThinkingNotSupported*'
        $err[0].Exception.Message | Should -Match "Thinking can't be disabled"
    }

    It 'refuses a budget together with a level before anything is sent' {
        $before = Get-EmulatorRequestCount $script:emulator GenerateContent
        { $script:tuned | Invoke-GeminiTunedModel 'hi' -ThinkingBudget 10 -ThinkingLevel Low -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvokeGeminiTunedModelInvalidThinkingLevel*'
        Get-EmulatorRequestCount $script:emulator GenerateContent | Should -Be $before
    }

    It 'sends a thinking level to a Gemini 3 model' {
        $flash3 = New-GeminiTuningJob -BaseModel gemini-3.5-flash -TrainingDatasetUri gs://bucket/train.jsonl | Wait-GeminiTuningJob -PollingInterval 1
        ($flash3 | Invoke-GeminiTunedModel 'hi' -ThinkingLevel Minimal).UsageMetadata.ThoughtsTokenCount | Should -BeNullOrEmpty
        ($flash3 | Invoke-GeminiTunedModel 'hi' -ThinkingLevel High).UsageMetadata.ThoughtsTokenCount | Should -BeGreaterThan 0
    }
}

Describe 'Invoke-GeminiTunedModel attachments' {
    BeforeAll {
        $script:files = Join-Path ([IO.Path]::GetTempPath()) ('gt-attach-' + [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path $script:files
        $png = [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13)
        foreach ($name in 'a.png', 'b.png') { [IO.File]::WriteAllBytes((Join-Path $script:files $name), $png) }
        Set-Content -LiteralPath (Join-Path $script:files 'notes.docx') -Value 'not a type Gemini reads'
    }

    AfterAll { Remove-Item -LiteralPath $script:files -Recurse -Force -ErrorAction SilentlyContinue }

    It 'sends local files inline and gs:// URIs by reference, before the prompt' {
        $answer = $script:tuned | Invoke-GeminiTunedModel 'Describe these' -Attachment (Join-Path $script:files '*.png'), gs://bucket/docs/report.pdf
        $answer.Text | Should -BeLike '*You said: Describe these (with image/png, image/png, application/pdf)'
        $parts = $answer.Turns[0].Parts
        $parts[0..2].MimeType | Should -Be @('image/png', 'image/png', 'application/pdf')
        $parts[0].InlineData.Length | Should -Be 12
        $parts[2].FileUri | Should -Be 'gs://bucket/docs/report.pdf'
        $parts[3].Text | Should -Be 'Describe these'
        $answer.UsageMetadata.PromptTokenCount | Should -BeGreaterThan 700
    }

    It 'refuses a file type Gemini does not read, before sending anything' {
        $before = Get-EmulatorRequestCount $script:emulator GenerateContent
        { $script:tuned | Invoke-GeminiTunedModel 'hi' -Attachment (Join-Path $script:files 'notes.docx') -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvokeGeminiTunedModelInvalidAttachment*'
        { $script:tuned | Invoke-GeminiTunedModel 'hi' -Attachment (Join-Path $script:files 'missing*.png') -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvokeGeminiTunedModelInvalidAttachment*'
        Get-EmulatorRequestCount $script:emulator GenerateContent | Should -Be $before
    }
}

Describe 'Invoke-GeminiTunedModel conversations' {
    It 'continues a conversation from the answers given to -History' {
        $a = Invoke-GeminiTunedModel -Endpoint $script:tuned.TunedModelEndpoint 'Hi'
        $b = Invoke-GeminiTunedModel -Endpoint $script:tuned.TunedModelEndpoint 'And then?' -History $a

        $a.Turns.Role | Should -Be @('user', 'model')
        $a.Turns[0].Text | Should -Be 'Hi'
        $a.Turns[1].Text | Should -Be $a.Text
        $b.Text | Should -BeLike '*You said: And then? (turn 2)'
        $b.Turns.Role | Should -Be @('user', 'model', 'user', 'model')

        $c = Invoke-GeminiTunedModel -Endpoint $script:tuned.TunedModelEndpoint 'Go on' -History $a, $b
        $c.Text | Should -BeLike '*(turn 3)'
    }

    It 'takes answers read back with Import-Clixml, and the last chunk of a stream' {
        $clixml = Join-Path ([IO.Path]::GetTempPath()) ('gt-history-' + [guid]::NewGuid().ToString('n') + '.xml')
        try {
            Invoke-GeminiTunedModel -Endpoint $script:tuned.TunedModelEndpoint 'Hi' | Export-Clixml -LiteralPath $clixml
            $saved = Import-Clixml -LiteralPath $clixml
            (Invoke-GeminiTunedModel -Endpoint $script:tuned.TunedModelEndpoint 'Again' -History $saved).Text | Should -BeLike '*(turn 2)'
        }
        finally {
            Remove-Item -LiteralPath $clixml -ErrorAction SilentlyContinue
        }

        $chunks = Invoke-GeminiTunedModel -Endpoint $script:tuned.TunedModelEndpoint 'Tell me a story' -Stream
        $chunks[-1].Turns[1].Text | Should -Be ($chunks.Text -join '')
        (Invoke-GeminiTunedModel -Endpoint $script:tuned.TunedModelEndpoint 'More' -History $chunks).Text | Should -BeLike '*(turn 2)'
    }

    It 'refuses a -History that holds no answers, before sending' {
        { Invoke-GeminiTunedModel -Endpoint $script:tuned.TunedModelEndpoint 'hi' -History (Get-Date) -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvokeGeminiTunedModelInvalidHistory*'
    }
}
