# Reads the examples of README.md and of the cmdlet help, and runs them in fresh runspaces (Examples.Tests.ps1).

# One hashtable per example (Pester's -ForEach makes its keys variables): Id, Source (where a reader finds it), Title, Code, StartsEmulator, and NotRun (the reason it is
# only read, or $null).
function Get-DocumentedExample {
    param([Parameter(Mandatory)] [string] $ReadmePath)

    $lines = Get-Content -LiteralPath $ReadmePath
    $heading = 'README'
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -match '^#{1,6}\s+(.*)$') { $heading = $Matches[1].Trim() }
        if ($lines[$i] -notmatch '^```powershell\s*$') { continue }

        $start = $i + 1
        $previous = $i - 1
        while ($previous -ge 0 -and -not $lines[$previous].Trim()) { $previous-- }
        $notRun = if ($previous -ge 0 -and $lines[$previous] -match '^<!--\s*not run:\s*(.*?)\s*-->$') { $Matches[1] } else { $null }
        $code = [System.Collections.Generic.List[string]]::new()
        for ($i++; $i -lt $lines.Count -and $lines[$i] -notmatch '^```\s*$'; $i++) { $code.Add($lines[$i]) }
        $text = $code -join "`n"
        @{
            Id             = "README.md:$start"
            Source         = "README.md line $start"
            Title          = $heading
            Code           = $text
            StartsEmulator = $text -match 'Start-GeminiTuningEmulator'
            NotRun         = $notRun
        }
    }

    foreach ($command in Get-Command -Module GeminiTuning -CommandType Cmdlet | Sort-Object Name) {
        $number = 0
        foreach ($example in @((Get-Help $command.Name -Examples).examples.example)) {
            $number++
            $text = [string]$example.code
            $remarks = (@($example.remarks | ForEach-Object Text) -join "`n").Trim()
            @{
                Id             = "$($command.Name):$number"
                Source         = "Get-Help $($command.Name) -Examples"
                Title          = ($example.title -replace '^[-\s]+|[-\s]+$', '')
                Code           = $text
                StartsEmulator = $text -match 'Start-GeminiTuningEmulator'
                NotRun         = if ($remarks -match '^(Needs [^\n]*?\.)(\s|$)') { $Matches[1] } else { $null }
            }
        }
    }
}

# Runs the examples in a few fresh PowerShell processes (Workers of them, each taking its share in turn), each example
# in a fresh runspace. Examples never share a process at the same time: connecting is process-wide. Returns a hashtable:
# Id -> outcome (Errors: each error record's id and message, or why it did not finish; TimedOut).
function Invoke-DocumentedExample {
    param(
        [object[]] $Example,
        [Parameter(Mandatory)] [string] $ModulePath,
        [int] $Workers = 4,
        [int] $TimeoutSeconds = 120
    )

    # A worker reads its list of examples and, for each, makes a runspace with the module, an empty folder, no progress
    # bars, emulator jobs that take two seconds unless the example says otherwise, polled every second, and a
    # connection to an emulator when the example starts none; runs the example; and prints one line with the
    # example's error stream as JSON. Then it stops the example's emulators.
    $worker = @'
param($module, $listPath, $timeoutSeconds)
$prelude = {
    param($module, $folder, $connect)
    Import-Module $module -ErrorAction Stop
    $global:ProgressPreference = 'SilentlyContinue'
    $global:PSDefaultParameterValues['Start-GeminiTuningEmulator:JobDuration'] = 2
    $global:PSDefaultParameterValues['*-GeminiTuningJob:PollingInterval'] = 1
    Set-Location -LiteralPath $folder
    if ($connect) { $null = Start-GeminiTuningEmulator | Connect-GeminiTuning }
}
foreach ($example in (Get-Content -LiteralPath $listPath -Raw | ConvertFrom-Json)) {
    $errors = [System.Collections.Generic.List[string]]::new()
    $timedOut = $false
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript($prelude).AddArgument($module).AddArgument($example.Folder).AddArgument($example.Connect)
        $null = $ps.AddStatement().AddScript([System.IO.File]::ReadAllText($example.CodePath))
        $handle = $ps.BeginInvoke()
        if (-not $handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($timeoutSeconds))) {
            $timedOut = $true
            $ps.Stop()
        }
        else {
            $null = $ps.EndInvoke($handle)
        }
    }
    catch {
        $cause = if ($_.Exception.InnerException) { $_.Exception.InnerException } else { $_.Exception }
        $errors.Add("terminating: $($cause.Message)")
    }
    foreach ($record in $ps.Streams.Error) { $errors.Add("$($record.FullyQualifiedErrorId): $record") }
    $ps.Commands.Clear()
    $null = $ps.AddScript('Stop-GeminiTuningEmulator -Confirm:$false -ErrorAction SilentlyContinue').Invoke()
    $ps.Runspace.Dispose()
    $ps.Dispose()
    'GEMINITUNING-EXAMPLE ' + (ConvertTo-Json -Compress -InputObject @{ Id = $example.Id; TimedOut = $timedOut; Errors = @($errors) })
}
'@

    $work = Join-Path ([System.IO.Path]::GetTempPath()) ('geminituning-examples-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $work
    $workerPath = Join-Path $work 'run-examples.ps1'
    Set-Content -LiteralPath $workerPath -Value $worker -Encoding UTF8
    function Quote([string] $text) { '"' + ($text -replace '"', '\"') + '"' }

    $lists = @{}
    $index = 0
    foreach ($item in $Example) {
        $folder = Join-Path $work "example-$index"
        $null = New-Item -ItemType Directory -Path $folder
        $codePath = Join-Path $work "example-$index.ps1"
        Set-Content -LiteralPath $codePath -Value $item.Code -Encoding UTF8
        $slot = $index % $Workers
        if (-not $lists.ContainsKey($slot)) { $lists[$slot] = [System.Collections.Generic.List[object]]::new() }
        $lists[$slot].Add(@{ Id = $item.Id; Folder = $folder; CodePath = $codePath; Connect = -not $item.StartsEmulator })
        $index++
    }

    $processes = @(foreach ($slot in $lists.Keys) {
        $listPath = Join-Path $work "worker-$slot.json"
        Set-Content -LiteralPath $listPath -Value (ConvertTo-Json -InputObject @($lists[$slot]) -Depth 3) -Encoding UTF8
        $start = [System.Diagnostics.ProcessStartInfo]::new((Get-ChildPowerShellPath))
        $start.Arguments = "-NoProfile -NonInteractive -File $(Quote $workerPath) $(Quote $ModulePath) $(Quote $listPath) $TimeoutSeconds"
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($start)
        [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); ErrorOutput = $process.StandardError.ReadToEndAsync() }
    })

    $outcomes = @{}
    try {
        foreach ($run in $processes) {
            $run.Process.WaitForExit()
            foreach ($line in ($run.Output.Result -split "`r?`n" | Where-Object { $_ -like 'GEMINITUNING-EXAMPLE *' })) {
                $result = ConvertFrom-Json -InputObject $line.Substring('GEMINITUNING-EXAMPLE '.Length)
                $outcomes[$result.Id] = [pscustomobject]@{ Errors = @($result.Errors); TimedOut = $result.TimedOut; TimeoutSeconds = $TimeoutSeconds }
            }
        }

        foreach ($item in $Example) {
            if (-not $outcomes.ContainsKey($item.Id)) {
                $why = ($processes | ForEach-Object { $_.ErrorOutput.Result }) -join "`n"
                $outcomes[$item.Id] = [pscustomobject]@{ Errors = @("its worker PowerShell ended before running it: $why"); TimedOut = $false; TimeoutSeconds = $TimeoutSeconds }
            }
        }
    }
    finally {
        foreach ($run in $processes) { if (-not $run.Process.HasExited) { $run.Process.Kill() }; $run.Process.Dispose() }
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    $outcomes
}
