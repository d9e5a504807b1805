BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
}

Describe 'Connect-GeminiTuning' {
    BeforeAll { $script:emulator = Start-GeminiTuningEmulator -Strict }
    AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

    It 'connects to a piped emulator with its throw-away service account through a signed JWT exchange' {
        $context = $script:emulator | Connect-GeminiTuning
        $context.CredentialType | Should -Be 'ServiceAccount'
        $context.Endpoint | Should -Be $script:emulator.Uri
        $context.Project | Should -Be 'emulator-project'
        { Get-GeminiTuningJob -ErrorAction Stop } | Should -Not -Throw
    }

    It 'outputs the context without any secret' {
        $context = $script:emulator | Connect-GeminiTuning
        $json = $context | ConvertTo-Json -Depth 5
        $json | Should -Not -Match 'PRIVATE KEY'
        $json | Should -Not -Match 'ya29\.'
        ($context | Format-List * | Out-String) | Should -Not -Match 'PRIVATE KEY'
    }

    It 'takes an access token as a SecureString and never shows it' {
        $token = ConvertTo-SecureString 'ya29.pester-secret-token' -AsPlainText -Force
        $context = Connect-GeminiTuning -Project p-123456 -Region europe-west4 -Endpoint $script:emulator.Uri -AccessToken $token
        $context.CredentialType | Should -Be 'AccessToken'
        ($context | ConvertTo-Json) | Should -Not -Match 'pester-secret-token'
    }

    It 'refuses plain http to anything but this machine, naming the parameter' {
        { Connect-GeminiTuning -Endpoint 'http://example.com:8080/' -ErrorAction Stop } | Should -Throw -ErrorId 'ConnectGeminiTuningInvalidEndpoint*'
    }

    It 'refuses a crafted region before any request' {
        { Connect-GeminiTuning -Region 'us-central1.evil.example' -ErrorAction Stop } | Should -Throw -ErrorId 'ConnectGeminiTuningInvalidRegion*'
    }

    It 'says how to fix a missing credential file' {
        $err = { Connect-GeminiTuning -CredentialPath (Join-Path $TestDrive 'missing.json') -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectGeminiTuningCredentialFileNotFound*'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'lets a -Project parameter win over the connected project' {
        $null = $script:emulator | Connect-GeminiTuning
        $job = New-GeminiTuningJob -Project other-project -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/t.jsonl
        (Get-GeminiTuningJob -Project other-project).Id | Should -Contain $job.Id
        (Get-GeminiTuningJob).Id | Should -Not -Contain $job.Id
    }
}
