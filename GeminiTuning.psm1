# GeminiTuning's root module. The cmdlets live in bin/GeminiTuning.PowerShell.dll beside their dependencies
# (Google.Apis.Auth, Google.Apis, Newtonsoft.Json, System.Text.Json and its .NET Framework polyfills, ...). Other
# modules in the same session carry other versions of those, so the cmdlet assembly is loaded through
# GeminiTuning.Loader (src/GeminiTuning.Loader), which keeps them apart:
#   PowerShell 7.4+         a private AssemblyLoadContext answers every reference from bin/, except the .NET platform
#                           assemblies PowerShell itself has at the same or a newer version (System.Text.Json, ...);
#   Windows PowerShell 5.1  an AssemblyResolve handler acts as the binding redirects for what bin/ holds, and only
#                           for requests made by the module's own assemblies.
# Then the cmdlets are imported from that assembly and exported as this module's own.
#
# Short on purpose: PowerShell parses and compiles every statement here at every import, so whatever can be done in
# the loader (C#) is done there. Paths are strings ('/' serves Windows too).
try {
    # LoadFrom returns the loader already loaded when the module is imported again (Import-Module -Force, or after
    # Remove-Module): .NET cannot unload it, and it hands back the same load context and cmdlet assembly for the same bin/.
    # A different version of the loader already in the session (another copy of the module) serves as well: its API is fixed.
    $loader = try { [System.Reflection.Assembly]::LoadFrom("$PSScriptRoot/loader/$(if ($PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' })/GeminiTuning.Loader.dll") }
    catch [System.IO.FileLoadException] { [System.AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'GeminiTuning.Loader' }, 'First')[0] }
    $import = $loader.GetType('GeminiTuning.Loader.ModuleLoader', $true)::Import("$PSScriptRoot/bin", 'GeminiTuning.PowerShell')
}
catch {
    # The PowerShell 7 loader is built for .NET 8, which PowerShell 7.4 is the first to run on.
    if ($PSEdition -eq 'Core' -and $PSVersionTable.PSVersion -lt [version]'7.4') {
        throw "GeminiTuning needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell $($PSVersionTable.PSVersion)."
    }
    throw
}

# Module-qualified: the real Import-Module, whatever proxy a profile may define. On a re-import it hands back its cached
# module without adding the cmdlets to this module's exports (PowerShell issue 20710): the loader adds them, through a
# private PowerShell method; should a later PowerShell drop that method, the cmdlets still run, with a warning.
$inner = Microsoft.PowerShell.Core\Import-Module -Assembly $import.Assembly -PassThru:(-not $import.IsFirst) -ErrorAction Stop
if ($inner -and -not $import.ExportCmdlets($ExecutionContext.SessionState.Module, $inner)) {
    Write-Warning "GeminiTuning was imported again, and this PowerShell ($($PSVersionTable.PSVersion)) has no way for it to list its cmdlets as the module's own: they still run, but Get-Command -Module GeminiTuning may not show them. A new session imports the module afresh."
}
