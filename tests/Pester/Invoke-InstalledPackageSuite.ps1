<#
.SYNOPSIS
    Installs GeminiTuning from its .nupkg through PSResourceGet, as a Gallery user would, and runs the Pester suite
    against the installed module.
.DESCRIPTION
    Registers a folder holding only the package as a PSResource repository, runs Install-PSResource -Scope CurrentUser,
    and runs Invoke-PesterSuite.ps1 -Module GeminiTuning, which imports the module by name from PSModulePath, all in a
    fresh PowerShell started from $PSHOME.

    On Linux and macOS that PowerShell runs with HOME and the XDG folders inside a throw-away folder, so neither the
    repository registration nor the installed module touches the user's own. On Windows (where the module folder is
    the Documents folder) the repository gets a unique name, and both it and the installed module are removed at the end.

    Prints what the suite prints; its last line is 'Pester: N passed, N failed, N skipped'. The exit code is the
    number of failed tests (1 when installing failed).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $PackagePath,

    [Parameter(Mandatory)]
    [string] $PesterPath,

    [string] $ResultPath,

    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Verbosity = 'Normal',

    [string[]] $Include
)

$ErrorActionPreference = 'Stop'
$PackagePath = (Resolve-Path -LiteralPath $PackagePath).ProviderPath
$PesterPath = (Resolve-Path -LiteralPath $PesterPath).ProviderPath
$sandbox = Join-Path ([System.IO.Path]::GetTempPath()) ('geminituning-install-' + [guid]::NewGuid().ToString('N'))
$feed = Join-Path $sandbox 'feed'
$null = New-Item -ItemType Directory -Path $feed
Copy-Item -LiteralPath $PackagePath -Destination $feed

$onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
$childExe = if ($PSVersionTable.PSEdition -eq 'Desktop') { Join-Path $PSHOME 'powershell.exe' } elseif ($IsWindows) { Join-Path $PSHOME 'pwsh.exe' } else { Join-Path $PSHOME 'pwsh' }
$repository = 'GeminiTuningLocal' + [guid]::NewGuid().ToString('N').Substring(0, 8)
$suite = Join-Path $PSScriptRoot 'Invoke-PesterSuite.ps1'

function Quote([string] $text) { "'" + ($text -replace "'", "''") + "'" }

$suiteParams = "@{ Module = 'GeminiTuning'; PesterPath = $(Quote $PesterPath); Verbosity = '$Verbosity'"
if ($ResultPath) { $suiteParams += "; ResultPath = $(Quote ([System.IO.Path]::GetFullPath($ResultPath)))" }
if ($Include) { $suiteParams += '; Include = @(' + (($Include | ForEach-Object { Quote $_ }) -join ', ') + ')' }
$suiteParams += ' }'

$child = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Register-PSResourceRepository -Name $repository -Uri $(Quote $feed) -Trusted
try {
    Install-PSResource -Name GeminiTuning -Repository $repository -Scope CurrentUser -TrustRepository -Reinstall
    `$installed = @(Get-Module -ListAvailable GeminiTuning)
    if (`$installed.Count -ne 1) { throw "Expected one GeminiTuning on PSModulePath after Install-PSResource, found `$(`$installed.Count)." }
    "Installed GeminiTuning `$(`$installed[0].Version) with Install-PSResource in `$(`$installed[0].ModuleBase)"
    `$suiteParams = $suiteParams
    & $(Quote $suite) @suiteParams
    `$failed = `$LASTEXITCODE
}
catch {
    Write-Host "Installing from the package failed: `$_"
    `$failed = 1
}
finally {
    if ($(if ($onWindows) { '$true' } else { '$false' })) { Uninstall-PSResource -Name GeminiTuning -Scope CurrentUser -ErrorAction SilentlyContinue }
    Unregister-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue
}
exit `$failed
"@

$saved = @{}
if (-not $onWindows) {
    # The child's user folders: PSResourceGet's repository list and the CurrentUser module path both follow them.
    $folders = @{ HOME = $sandbox; XDG_DATA_HOME = "$sandbox/.local/share"; XDG_CONFIG_HOME = "$sandbox/.config"; XDG_CACHE_HOME = "$sandbox/.cache" }
    # They must exist: .NET reports a missing one as '' (GetFolderPath), and PSResourceGet then writes its repository
    # list into the current directory.
    foreach ($name in $folders.Keys) {
        $null = New-Item -ItemType Directory -Path $folders[$name] -Force
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $folders[$name])
    }
}

Push-Location -LiteralPath $sandbox
try {
    & $childExe -NoProfile -NonInteractive -Command $child
    $failed = $LASTEXITCODE
}
finally {
    Pop-Location
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    Remove-Item -LiteralPath $sandbox -Recurse -Force -ErrorAction SilentlyContinue
}
exit $failed
