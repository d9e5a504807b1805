<#
.SYNOPSIS
    Builds, tests, packages or demonstrates the GeminiTuning module.
.DESCRIPTION
    Build    assembles out/GeminiTuning/<version>/ (dotnet publish of the cmdlet project; the same as running
             'dotnet publish src/GeminiTuning.PowerShell -c Release' without PowerShell).
    Test     runs the xUnit suites (dotnet test) and the Pester suite in tests/Pester against the built module.
    Package  produces out/GeminiTuning.<version>.nupkg, the package Publish-PSResource would upload.
    Demo     builds, imports the module in a fresh PowerShell, starts the emulator and runs the whole story:
             create, wait with progress, invoke, list, cancel another.
.EXAMPLE
    ./build.ps1 -Task Build, Test
.EXAMPLE
    ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = $PSScriptRoot
$version = (Import-PowerShellDataFile (Join-Path $root 'GeminiTuning.psd1')).ModuleVersion
$moduleDir = Join-Path $root "out/GeminiTuning/$version"
# A child PowerShell of the same edition runs tests and the demo, so that the module's assemblies are never
# loaded (and locked) in the shell that builds them. It is started from $PSHOME: under PowerShell as a .NET tool
# the process itself is 'dotnet', so the process path is no PowerShell.
$pwshExe = if ($PSVersionTable.PSEdition -eq 'Desktop') {
    Join-Path $PSHOME 'powershell.exe'
}
elseif ([System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)) {
    Join-Path $PSHOME 'pwsh.exe'
}
else {
    Join-Path $PSHOME 'pwsh'
}

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE." }
}

function Invoke-BuildTask {
    Invoke-Dotnet publish (Join-Path $root 'src/GeminiTuning.PowerShell') -c $Configuration
    Write-Host "Module: $moduleDir" -ForegroundColor Green
}

# The newest installed Pester 5, else the one build/PowerShellTools.proj restores from NuGet (its tools/ folder is the module).
function Get-PesterManifest {
    $installed = Get-Module -ListAvailable Pester | Where-Object { $_.Version.Major -eq 5 } | Sort-Object Version -Descending | Select-Object -First 1
    if ($installed) { return $installed.Path }

    $tools = Join-Path $root 'build/PowerShellTools.proj'
    Invoke-Dotnet restore $tools '--verbosity' 'quiet'
    $manifest = & dotnet msbuild $tools '-getProperty:PesterManifest'
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $manifest)) { throw "Pester was not restored from NuGet (looked for $manifest)." }
    $manifest
}

function Invoke-TestTask {
    Invoke-Dotnet test (Join-Path $root 'GeminiTuning.slnx') -c $Configuration
    $suite = Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1'
    & $pwshExe -NoProfile -NonInteractive -File $suite -Module (Join-Path $moduleDir 'GeminiTuning.psd1') -PesterPath (Get-PesterManifest) `
        -ResultPath (Join-Path $root 'out/pester-results.xml')
    if ($LASTEXITCODE -ne 0) { throw "Pester reported $LASTEXITCODE failed test(s)." }
}

function Invoke-PackageTask {
    # Publish-PSResource checks the manifest with Test-ModuleManifest before it packs; so does this, in a child
    # PowerShell so that nothing of the module stays loaded in the building shell.
    $manifest = Join-Path $moduleDir 'GeminiTuning.psd1'
    & $pwshExe -NoProfile -NonInteractive -Command "`$null = Test-ModuleManifest -Path '$($manifest -replace "'", "''")' -ErrorAction Stop"
    if ($LASTEXITCODE -ne 0) { throw "Test-ModuleManifest failed for $manifest." }

    # The nuspec is generated from the manifest by the pack project, exactly as the dotnet-only path
    # ('dotnet pack build/GeminiTuning.Package.proj -c Release -o out') does; the Build task has assembled the folder.
    # Quoted: Invoke-Dotnet is an advanced function, where a bare -o would be taken for -OutVariable/-OutBuffer.
    Invoke-Dotnet pack (Join-Path $root 'build/GeminiTuning.Package.proj') '-c' $Configuration '-o' (Join-Path $root 'out') '-p:NoBuild=true'
    Write-Host "Package: $(Join-Path $root "out/GeminiTuning.$version.nupkg")" -ForegroundColor Green
}

function Invoke-DemoTask {
    $demo = Join-Path $root 'tools/Demo.ps1'
    & $pwshExe -NoProfile -File $demo -ModulePath (Join-Path $moduleDir 'GeminiTuning.psd1')
    if ($LASTEXITCODE -ne 0) { throw "The demo failed with exit code $LASTEXITCODE." }
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-BuildTask }
        'Test' { Invoke-BuildTask; Invoke-TestTask }
        'Package' { Invoke-BuildTask; Invoke-PackageTask }
        'Demo' { Invoke-BuildTask; Invoke-DemoTask }
    }
}
