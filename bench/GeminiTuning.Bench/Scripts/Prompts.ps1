# Many prompts, as a PowerShell user sends them: through Invoke-GeminiTunedModel, and the ways a user would without the
# module (an Invoke-RestMethod loop, ForEach-Object -Parallel). Run by GeminiTuning.Bench in a fresh pwsh; prints
# "RESULT <case> <seconds>" for every case in -Cases, in that order (the bench rotates it between rounds), each after a
# warm-up of the same case, and checks that every prompt got its answer.
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $BaseUri,
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Token,
    [Parameter(Mandatory)] [string[]] $Cases,
    [int] $Count = 1000,
    [int] $SequentialCount = 50
)
$ErrorActionPreference = 'Stop'
$Cases = $Cases -split ','   # one comma-separated argument under pwsh -File
Import-Module $Module
Connect-GeminiTuning -Endpoint $BaseUri -AccessToken (ConvertTo-SecureString $Token -AsPlainText -Force) -Project bench-project -Region us-central1 | Out-Null

$generateUri = "$($BaseUri.TrimEnd('/'))/v1/$($Endpoint):generateContent"
$headers = @{ Authorization = "Bearer $Token" }

function Invoke-Case([string] $Case, [string[]] $Prompts) {
    switch ($Case) {
        'cmdlet-1' { $Prompts | Invoke-GeminiTunedModel -Endpoint $Endpoint -ThrottleLimit 1 }
        'cmdlet-16' { $Prompts | Invoke-GeminiTunedModel -Endpoint $Endpoint -ThrottleLimit 16 }
        'cmdlet-64' { $Prompts | Invoke-GeminiTunedModel -Endpoint $Endpoint -ThrottleLimit 64 }
        'rest-loop' {
            foreach ($prompt in $Prompts) {
                $body = @{ contents = @(@{ role = 'user'; parts = @(@{ text = $prompt }) }) } | ConvertTo-Json -Depth 5 -Compress
                Invoke-RestMethod -Method Post -Uri $generateUri -Headers $headers -ContentType 'application/json' -Body $body
            }
        }
        'rest-parallel-16' {
            $Prompts | ForEach-Object -ThrottleLimit 16 -Parallel {
                $body = @{ contents = @(@{ role = 'user'; parts = @(@{ text = $_ }) }) } | ConvertTo-Json -Depth 5 -Compress
                Invoke-RestMethod -Method Post -Uri $using:generateUri -Headers $using:headers -ContentType 'application/json' -Body $body
            }
        }
        default { throw "Unknown case $Case" }
    }
}

foreach ($case in $Cases) {
    $n = if ($case -eq 'rest-loop' -or $case -eq 'cmdlet-1') { $SequentialCount } else { $Count }
    $prompts = [string[]](1..$n | ForEach-Object { "Prompt number $_ of the benchmark: answer briefly." })
    $null = Invoke-Case $case ($prompts | Select-Object -First ([math]::Min($n, 64)))
    [GC]::Collect()
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $answers = @(Invoke-Case $case $prompts)
    $seconds = $watch.Elapsed.TotalSeconds
    if ($answers.Count -ne $n) { throw "$case answered $($answers.Count) of $n prompts." }
    'RESULT {0} {1}' -f $case, $seconds.ToString([cultureinfo]::InvariantCulture)
}
