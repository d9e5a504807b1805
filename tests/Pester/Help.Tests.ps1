# The help as a user meets it: Get-Help on the imported module (the generated MAML in en-US/ and the about topics).
# Its examples run in Examples.Tests.ps1.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
    $commands = @(Get-Command -Module GeminiTuning -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
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
