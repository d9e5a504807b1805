BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest

    # A copy of an emulator's key file whose key id the emulator never issued, as a deleted key would be.
    function New-RefusedKeyFile {
        param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Path)
        $key = Get-Content -LiteralPath $Emulator.ServiceAccountKeyPath -Raw | ConvertFrom-Json
        $key.private_key_id = 'deleted-key-id'
        Set-Content -LiteralPath $Path -Value ($key | ConvertTo-Json) -Encoding ASCII
        $Path
    }
}

Describe 'Connect-GeminiTuning changes what it is given and keeps the rest' {
    BeforeAll { $script:emulator = Start-GeminiTuningEmulator -Strict -JobDuration 60 }
    AfterAll { $script:emulator | Stop-GeminiTuningEmulator }
    BeforeEach { $null = $script:emulator | Connect-GeminiTuning }

    It 'keeps the emulator, its credential and the project when only the region changes' {
        $context = Connect-GeminiTuning -Region europe-west4

        $context.Region | Should -Be 'europe-west4'
        $context.Endpoint | Should -Be $script:emulator.Uri
        $context.CredentialType | Should -Be 'ServiceAccount'
        $context.Project | Should -Be 'emulator-project'
        $job = New-TestJob
        $job.Region | Should -Be 'europe-west4'
        (Get-GeminiTuningJob -Region europe-west4).Id | Should -Contain $job.Id
    }

    It 'starts over with -Reset' {
        $context = Connect-GeminiTuning -Reset -Region asia-northeast1 -SkipValidation

        $context.Region | Should -Be 'asia-northeast1'
        $context.Endpoint | Should -BeNullOrEmpty
        $context.EndpointSource | Should -Be 'Google (default)'
        $context.ProjectSource | Should -Not -Be 'Connect-GeminiTuning'
        $context.CredentialSource | Should -BeLike 'Application Default Credentials*'
    }

    It 'fails at connect with the fix when the token endpoint refuses the key, and keeps the old connection' {
        $refused = New-RefusedKeyFile $script:emulator (Join-Path $TestDrive 'refused.json')

        $err = { Connect-GeminiTuning -CredentialPath $refused -ErrorAction Stop } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectGeminiTuningTokenRefused*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.ErrorDetails.RecommendedAction | Should -Match 'Connect-GeminiTuning'
        (Get-GeminiTuningContext).CredentialSource | Should -Be "Connect-GeminiTuning -CredentialPath $($script:emulator.ServiceAccountKeyPath)"
    }

    It 'connects without a token request with -SkipValidation' {
        $refused = New-RefusedKeyFile $script:emulator (Join-Path $TestDrive 'unchecked.json')
        $tokens = Get-EmulatorRequestCount $script:emulator Token

        $context = Connect-GeminiTuning -CredentialPath $refused -SkipValidation

        $context.CredentialSource | Should -Be "Connect-GeminiTuning -CredentialPath $refused"
        Get-EmulatorRequestCount $script:emulator Token | Should -Be $tokens
        { Get-GeminiTuningJob -ErrorAction Stop } | Should -Throw -ErrorId 'GetGeminiTuningJobTokenRefused*'
    }

    It 'says the token endpoint cannot be reached, and how to connect offline' {
        $gone = Start-GeminiTuningEmulator
        $key = Join-Path $TestDrive 'gone.json'
        Copy-Item -LiteralPath $gone.ServiceAccountKeyPath -Destination $key
        $gone | Stop-GeminiTuningEmulator

        $err = { Connect-GeminiTuning -CredentialPath $key -Endpoint $gone.Uri -ErrorAction Stop } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectGeminiTuningTokenEndpointUnreachable*'
        $err.ErrorDetails.RecommendedAction | Should -Match '-SkipValidation'
    }

    It 'refuses an API key of the wrong form, naming -ApiKey, without showing it' {
        $token = ConvertTo-SecureString 'ya29.pasted-by-mistake' -AsPlainText -Force

        $err = { Connect-GeminiTuning -Reset -ApiKey $token -ErrorAction Stop } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectGeminiTuningInvalidApiKey*'
        "$err" | Should -Match 'access token'
        "$err $($err.ErrorDetails.RecommendedAction)" | Should -Not -Match 'pasted-by-mistake'
    }

    It 'says a folder is a folder, and a broken file is not valid JSON, in the user''s terms' {
        $folder = { Connect-GeminiTuning -CredentialPath $TestDrive -ErrorAction Stop } | Should -Throw -PassThru
        $broken = Join-Path $TestDrive 'broken.json'
        Set-Content -LiteralPath $broken -Value "{`n  `"type`": `"service_account`",`n  `"private_key`": `"-----BEGIN" -Encoding ASCII
        $notJson = { Connect-GeminiTuning -CredentialPath $broken -ErrorAction Stop } | Should -Throw -PassThru

        $folder.FullyQualifiedErrorId | Should -BeLike 'ConnectGeminiTuningCredentialFileIsFolder*'
        "$folder" | Should -Match 'is a folder, not a file'
        "$folder" | Should -Not -Match 'does not exist'
        $notJson.FullyQualifiedErrorId | Should -BeLike 'ConnectGeminiTuningCredentialFileInvalid*'
        "$notJson" | Should -Match 'is not valid JSON \(line 3, position \d+\)'
        "$notJson" | Should -Not -Match 'Exception'
    }
}

Describe 'Get-GeminiTuningContext' {
    BeforeAll { $script:emulator = Start-GeminiTuningEmulator }
    AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

    It 'shows each value with where it came from, in the default view' {
        $null = $script:emulator | Connect-GeminiTuning

        $context = Get-GeminiTuningContext
        $text = $context | Out-String

        $context.IsConnected | Should -BeTrue
        $context.ProjectSource | Should -Be 'Connect-GeminiTuning'
        $context.Account | Should -Be 'tuner@emulator-project.iam.gserviceaccount.com'
        $text | Should -Match 'Project\s+: emulator-project \(Connect-GeminiTuning\)'
        $text | Should -Match 'Credential\s+: ServiceAccount tuner@emulator-project\.iam\.gserviceaccount\.com'
    }

    It 'shows the project and region from the environment when nothing is connected' {
        $saved = $env:GOOGLE_CLOUD_PROJECT, $env:GOOGLE_CLOUD_LOCATION
        try {
            Disconnect-GeminiTuning
            $env:GOOGLE_CLOUD_PROJECT = 'env-project'
            $env:GOOGLE_CLOUD_LOCATION = 'europe-west4'

            $context = Get-GeminiTuningContext

            $context.Project | Should -Be 'env-project'
            $context.ProjectSource | Should -Be 'environment variable GOOGLE_CLOUD_PROJECT'
            $context.Region | Should -Be 'europe-west4'
            $context.IsConnected | Should -BeFalse
        }
        finally { $env:GOOGLE_CLOUD_PROJECT, $env:GOOGLE_CLOUD_LOCATION = $saved }
    }

    It 'warns about a malformed environment instead of failing' {
        $saved = $env:GOOGLE_CLOUD_LOCATION
        try {
            Disconnect-GeminiTuning
            $env:GOOGLE_CLOUD_LOCATION = 'us-central1.evil.example'

            $context = Get-GeminiTuningContext -WarningVariable warnings -WarningAction SilentlyContinue

            $context.Region | Should -BeNullOrEmpty
            ($warnings -join "`n") | Should -Match 'GOOGLE_CLOUD_LOCATION|not a Google Cloud region'
        }
        finally { $env:GOOGLE_CLOUD_LOCATION = $saved }
    }

    It 'never shows a token or an API key' {
        $token = ConvertTo-SecureString 'ya29.context-secret-token' -AsPlainText -Force
        $key = ConvertTo-SecureString 'emulator-context-secret-key' -AsPlainText -Force
        $null = Connect-GeminiTuning -Reset -Endpoint $script:emulator.Uri -AccessToken $token -ApiKey $key -Project p-123456 -Region us-central1

        $context = Get-GeminiTuningContext
        $everything = ($context | ConvertTo-Json -Depth 5) + ($context | Format-List * | Out-String) + ($context | Out-String)

        $context.HasApiKey | Should -BeTrue
        $context.ApiKeySource | Should -Be 'Connect-GeminiTuning'
        $everything | Should -Not -Match 'context-secret'
    }
}

Describe 'Disconnect-GeminiTuning' {
    BeforeAll { $script:emulator = Start-GeminiTuningEmulator }
    AfterAll { $script:emulator | Stop-GeminiTuningEmulator }

    It 'forgets the connection: endpoint, credential and all' {
        $null = $script:emulator | Connect-GeminiTuning

        $after = Disconnect-GeminiTuning -PassThru

        $after.IsConnected | Should -BeFalse
        $after.Endpoint | Should -BeNullOrEmpty
        $after.CredentialSource | Should -BeLike 'Application Default Credentials*'
        (Get-GeminiTuningContext).IsConnected | Should -BeFalse
    }

    It 'changes nothing with -WhatIf' {
        $null = $script:emulator | Connect-GeminiTuning

        Disconnect-GeminiTuning -WhatIf

        (Get-GeminiTuningContext).Endpoint | Should -Be $script:emulator.Uri
    }
}

Describe 'Stopping the emulator a session points at' {
    It 'disconnects the session, and only one that points at it' {
        $connected = Start-GeminiTuningEmulator
        $other = Start-GeminiTuningEmulator
        $null = $connected | Connect-GeminiTuning

        $other | Stop-GeminiTuningEmulator
        (Get-GeminiTuningContext).Endpoint | Should -Be $connected.Uri
        $connected | Stop-GeminiTuningEmulator

        (Get-GeminiTuningContext).IsConnected | Should -BeFalse
    }

    It 'fails at once, saying nothing listens there, when the emulator went away behind its back' {
        $emulator = Start-GeminiTuningEmulator
        $null = $emulator | Connect-GeminiTuning
        (Get-EmulatorInstance $emulator).Stop()
        try {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $err = { Get-GeminiTuningJob -ErrorAction Stop } | Should -Throw -PassThru
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 3

            $err.FullyQualifiedErrorId | Should -BeLike 'GetGeminiTuningJobEndpointNotListening*'
            $err.ErrorDetails.RecommendedAction | Should -Match 'Disconnect-GeminiTuning'
        }
        finally { $emulator | Stop-GeminiTuningEmulator }
    }
}

Describe 'The emulator''s service account key file' {
    It 'is readable by its owner only' {
        $emulator = Start-GeminiTuningEmulator
        try {
            $path = $emulator.ServiceAccountKeyPath
            if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) {
                # One entry, for Owner Rights (S-1-3-4), not inherited from the temporary folder.
                $rules = @((Get-Acl -LiteralPath $path).GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier]))
                $rules.Count | Should -Be 1
                $rules[0].IdentityReference.Value | Should -Be 'S-1-3-4'
                $rules[0].IsInherited | Should -BeFalse
            }
            else {
                (Get-Item -LiteralPath $path).UnixFileMode.ToString() | Should -Be 'UserWrite, UserRead'
            }
        }
        finally { $emulator | Stop-GeminiTuningEmulator }
    }

    It 'is gone when a PowerShell that started an emulator exits without stopping it' {
        $manifest = Join-Path (Get-Module GeminiTuning).ModuleBase 'GeminiTuning.psd1'
        $script = "Import-Module '$manifest' -ErrorAction Stop; `$e = Start-GeminiTuningEmulator; `$e.ServiceAccountKeyPath; Test-Path -LiteralPath `$e.ServiceAccountKeyPath; exit 0"

        $output = @(& (Get-ChildPowerShellPath) -NoProfile -NonInteractive -Command $script)

        $LASTEXITCODE | Should -Be 0
        $output.Count | Should -Be 2
        $output[1] | Should -Be 'True'
        Test-Path -LiteralPath $output[0] | Should -BeFalse
    }
}
