# The help as a user meets it: Get-Help on the imported module (the generated MAML in en-US/ and the about topics),
# and the examples in it, run against the emulator.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
    $commands = @(Get-Command -Module GeminiTuning -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })

    # Examples that start an emulator run offline; the others need Google Cloud (or local files) and are only read.
    $examples = @(foreach ($command in Get-Command -Module GeminiTuning -CommandType Cmdlet) {
        foreach ($example in @((Get-Help $command.Name -Examples).examples.example)) {
            if ($example.code -match 'Start-GeminiTuningEmulator') {
                @{ Name = $command.Name; Title = ($example.title -replace '^[-\s]+|[-\s]+$', ''); Code = [string]$example.code }
            }
        }
    })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters |
        Where-Object { $_ -notin 'WhatIf', 'Confirm' }
}

Describe 'Get-Help <Name>' -ForEach $commands {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
    }

    It 'comes from the module''s MAML help, with a synopsis and a description' {
        # Without MAML, Get-Help makes up a synopsis from the syntax and has no description.
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape($Name) + '\s+\[')
        ($help.description.Text -join "`n") | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $parameters = $command.Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($parameter in $parameters) {
            $entry = Get-Help $Name -Parameter $parameter -ErrorAction SilentlyContinue
            $entry | Should -Not -BeNullOrEmpty -Because "-$parameter needs help"
            ($entry.description.Text -join "`n") | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'has the syntax of the command itself, one item per parameter set' {
        $fromHelp = @($help.syntax.syntaxItem | ForEach-Object { (@($_.parameter.name) | Sort-Object) -join ',' }) | Sort-Object
        $fromCommand = @($command.ParameterSets | ForEach-Object {
            (@($_.Parameters.Name | Where-Object { $_ -notin $common }) | Sort-Object) -join ','
        }) | Sort-Object
        $fromHelp | Should -Be $fromCommand
    }

    It 'has at least two examples, each with code and an explanation' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Match ([regex]::Escape($Name))
            ($example.remarks.Text -join '').Trim() | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'The about topics' {
    It 'finds <_>' -ForEach 'about_GeminiTuning', 'about_GeminiTuning_Authentication', 'about_GeminiTuning_Emulator' {
        $topic = Get-Help $_
        $topic | Should -Not -BeNullOrEmpty
        ($topic | Out-String) | Should -Match 'SHORT DESCRIPTION'
    }

    It 'lists them among the help topics' {
        (Get-Help about_GeminiTuning*).Name | Should -Contain 'about_GeminiTuning_Emulator'
    }
}

Describe 'Example "<Title>" of <Name>' -ForEach $examples {
    It 'runs against the emulator without an error' {
        $module = (Get-Module GeminiTuning).Path
        $folder = Join-Path ([System.IO.Path]::GetTempPath()) ('geminituning-example-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        $ps = [powershell]::Create()
        try {
            # A fresh runspace, as a reader's session would be; emulator jobs take two seconds unless the example says.
            $null = $ps.AddScript({
                param($module, $folder)
                Import-Module $module -ErrorAction Stop
                $global:PSDefaultParameterValues['Start-GeminiTuningEmulator:JobDuration'] = 2
                $global:ProgressPreference = 'SilentlyContinue'
                Set-Location $folder
            }).AddArgument($module).AddArgument($folder)
            $null = $ps.Invoke()
            $ps.Commands.Clear()

            $null = $ps.AddScript($Code)
            $null = $ps.Invoke()

            $errors = @($ps.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
            $errors | Should -BeNullOrEmpty -Because "the example should run cleanly:`n$Code"
        }
        finally {
            $ps.Commands.Clear()
            $null = $ps.AddScript('Stop-GeminiTuningEmulator -Confirm:$false -ErrorAction SilentlyContinue').Invoke()
            $ps.Dispose()
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
