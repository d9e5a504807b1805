# Importing the module again (Import-Module -Force, or after Remove-Module) re-exports the cmdlets through the private
# PSModuleInfo.AddExportedCmdlet, which the loader (ModuleImport.ExportCmdlets, called by GeminiTuning.psm1) calls only when it
# exists (else the psm1 warns, not fails).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
}

Describe 'Importing GeminiTuning again' {
    It 'exports every cmdlet of the manifest after Import-Module -Force and after Remove-Module, without a warning' {
        $manifest = Join-Path (Get-Module GeminiTuning).ModuleBase 'GeminiTuning.psd1'
        $child = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifest'
Import-Module '$manifest' -Force -WarningVariable w1
`$afterForce = @(Get-Command -Module GeminiTuning -CommandType Cmdlet).Count
Remove-Module GeminiTuning
Import-Module '$manifest' -WarningVariable w2
`$afterRemove = @(Get-Command -Module GeminiTuning -CommandType Cmdlet).Count
"`$afterForce,`$afterRemove,`$(@(`$w1).Count + @(`$w2).Count)"
"@
        $expected = @((Import-PowerShellDataFile $manifest).CmdletsToExport).Count
        $result = & (Get-ChildPowerShellPath) -NoProfile -NonInteractive -Command $child
        $result | Should -Be "$expected,$expected,0"
    }
}
