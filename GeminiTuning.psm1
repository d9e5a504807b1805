# GeminiTuning's root module. The cmdlets live in bin/GeminiTuning.PowerShell.dll beside their dependencies
# (Google.Apis.Auth, Google.Apis, Newtonsoft.Json, System.Text.Json and its .NET Framework polyfills, ...). Other
# modules in the same session carry other versions of those, so the cmdlet assembly is loaded through
# GeminiTuning.Loader (src/GeminiTuning.Loader), which keeps them apart:
#   PowerShell 7.4+         a private AssemblyLoadContext answers every reference from bin/, except the .NET platform
#                           assemblies PowerShell itself has at the same or a newer version (System.Text.Json, ...);
#   Windows PowerShell 5.1  an AssemblyResolve handler acts as the binding redirects for what bin/ holds, and only
#                           for requests made by the module's own assemblies.
# Then the cmdlets are imported from that assembly and exported as this module's own.

# Paths by string, and no version check unless loading fails: every .NET call and conversion from script costs PowerShell
# a binding at import time ('/' serves Windows too).
$bin = "$PSScriptRoot/bin"
$loaderPath = if ($PSEdition -eq 'Core') { "$PSScriptRoot/loader/net8.0/GeminiTuning.Loader.dll" } else { "$PSScriptRoot/loader/netstandard2.0/GeminiTuning.Loader.dll" }

try {
    # LoadFrom returns the loader already loaded when the module is imported again (Import-Module -Force, or after
    # Remove-Module): .NET cannot unload it, and it hands back the same load context and cmdlet assembly for the same bin/.
    # A different version of the loader already in the session (another copy of the module) serves as well: its API is fixed.
    try {
        $loaderAssembly = [System.Reflection.Assembly]::LoadFrom($loaderPath)
    }
    catch [System.IO.FileLoadException] {
        $loaderAssembly = [System.AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'GeminiTuning.Loader' }, 'First')[0]
        if (-not $loaderAssembly) { throw }
    }
    $import = $loaderAssembly.GetType('GeminiTuning.Loader.ModuleLoader', $true)::Import($bin, 'GeminiTuning.PowerShell')
}
catch {
    # The PowerShell 7 loader is built for .NET 8, which PowerShell 7.4 is the first to run on.
    if ($PSEdition -eq 'Core' -and $PSVersionTable.PSVersion -lt [version]'7.4') {
        throw "GeminiTuning needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell $($PSVersionTable.PSVersion)."
    }
    throw
}

# Module-qualified: the real Import-Module, whatever proxy a profile may define.
$inner = Microsoft.PowerShell.Core\Import-Module -Assembly $import.Assembly -PassThru:(-not $import.IsFirst) -ErrorAction Stop

# On a re-import (Import-Module -Force, or after Remove-Module) Import-Module -Assembly hands back its cached module
# without adding the cmdlets to this module's exports (https://github.com/PowerShell/PowerShell/issues/20710), so they
# are added here. The first import exports them as any nested module's.
# AddExportedCmdlet is private: should a PowerShell version rename or drop it, the re-import warns instead of failing
# (the first import of a session never needs it).
if ($inner) {
    $addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
        'AddExportedCmdlet', [System.Reflection.BindingFlags]'Instance, NonPublic')
    if ($addExportedCmdlet) {
        foreach ($cmdlet in $inner.ExportedCmdlets.Values) {
            $addExportedCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet))
        }
    }
    else {
        Write-Warning (('GeminiTuning was imported again, and this PowerShell ({0}) has no way for it to list its cmdlets as the module''s own: ' +
            'they still run, but Get-Command -Module GeminiTuning may not show them. A new session imports the module afresh.') -f $PSVersionTable.PSVersion)
    }
}
