BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-GeminiTuningUnderTest
    $script:emulator = Start-ConnectedEmulator -JobDurationSeconds 3
    $script:done = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/train.jsonl `
        -ValidationDatasetUri gs://bucket/validation.jsonl -EpochCount 3 | Wait-GeminiTuningJob -PollingInterval 1
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) ('gt-metrics-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $script:folder

    # The rows of a text chart's plot: between the "loss" line and the x axis.
    function Get-PlotRow([string[]] $Lines) { $Lines[2..($Lines.Count - 1)] | Where-Object { $_ -match '^\s*[0-9.]*\s[|+\u2524\u2502]' -and $_ -notmatch ' step$' } }
}

AfterAll {
    $script:emulator | Stop-GeminiTuningEmulator
    Remove-Item -LiteralPath $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-GeminiTuningMetric' {
    It 'writes one point per step of every series for a job piped from Wait-GeminiTuningJob' {
        $points = $script:done | Get-GeminiTuningMetric

        ($points.Metric | Select-Object -Unique) | Should -Be @('/train_total_loss', '/train_fraction_of_correct_next_step_preds', '/train_num_predictions',
            '/eval_total_loss', '/eval_fraction_of_correct_next_step_preds', '/eval_num_predictions')
        $loss = @($points | Where-Object Metric -eq '/train_total_loss')
        $steps = [long]$script:done.TuningDataStats.TuningStepCount
        $loss.Step | Should -Be (1..$steps)
        $loss[-1].Value | Should -BeLessThan ($loss[0].Value - 1)
        $loss[0].Epoch | Should -Be 1
        $loss[-1].Epoch | Should -Be 3
        @($points | Where-Object Metric -eq '/eval_total_loss').Count | Should -Be 3
        $points[0].JobName | Should -Be $script:done.Name
        $points[0].Time | Should -BeOfType [DateTimeOffset]
    }

    It 'takes the jobs Get-GeminiTuningJob lists, by their names' {
        $points = Get-GeminiTuningJob | Get-GeminiTuningMetric -Metric train_total_loss -WarningAction SilentlyContinue

        $points.JobName | Should -Contain $script:done.Name
        ($points.Metric | Select-Object -Unique) | Should -Be '/train_total_loss'
    }

    It 'matches -Metric with wildcards, in any case, with or without the leading slash' {
        (Get-GeminiTuningMetric $script:done.Name -Metric *loss).Metric | Select-Object -Unique | Should -Be @('/train_total_loss', '/eval_total_loss')
        (Get-GeminiTuningMetric $script:done.Id -Metric '/EVAL_TOTAL_LOSS').Metric | Select-Object -Unique | Should -Be '/eval_total_loss'
        (Get-GeminiTuningMetric $script:done.Id eval_*preds).Metric | Select-Object -Unique | Should -Be '/eval_fraction_of_correct_next_step_preds'
    }

    It 'completes metric names, without the slash unless it was typed' {
        $line = "Get-GeminiTuningMetric x -Metric train_t"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'train_total_loss'
        $line = "Get-GeminiTuningMetric x -Metric /eval"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText |
            Should -Be @('/eval_total_loss', '/eval_fraction_of_correct_next_step_preds', '/eval_num_predictions')
    }

    It 'reads the points of a running job, more of them as it trains' {
        $job = New-TestJob -Label @{ 'emulator-duration-seconds' = '12' }
        $first = @()
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while ($first.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 300
            $first = @($job | Get-GeminiTuningMetric -Metric train_total_loss -WarningAction SilentlyContinue)
        }
        $first.Count | Should -BeGreaterThan 0
        Start-Sleep -Seconds 2
        $later = @($job | Get-GeminiTuningMetric -Metric train_total_loss)

        (Get-GeminiTuningJob $job.Name).State | Should -Be 'Running'
        $later.Count | Should -BeGreaterThan $first.Count
        $later.Step[0..($first.Count - 1)] | Should -Be $first.Step
    }

    It 'warns that a job which has not started has no metrics yet, and writes no error' {
        $pending = New-TestJob -Label @{ 'emulator-duration-seconds' = '600' }
        $points = $pending | Get-GeminiTuningMetric -WarningVariable warn -ErrorVariable err 3>$null
        $points | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
        $warn | Should -Match 'no metrics yet: it is Pending'
    }

    It 'reports a job that does not exist as an error naming it' {
        Get-GeminiTuningMetric 1234567 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'GetGeminiTuningMetricNotFound*'
        $err[0].TargetObject | Should -Be '1234567'
    }

    It 'round-trips through Export-Csv and Import-Csv' {
        $csv = Join-Path $script:folder 'metrics.csv'
        # Read once: a job of another test may still be training, and a second read would have more points.
        $points = @(Get-GeminiTuningJob | Get-GeminiTuningMetric -WarningAction SilentlyContinue)
        $points | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = @(Import-Csv -LiteralPath $csv)

        $rows.Count | Should -Be $points.Count
        (Get-Content -LiteralPath $csv -TotalCount 1) | Should -Be '"JobName","Metric","Step","Epoch","Value","Time"'
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $rows[$i].JobName | Should -Be $points[$i].JobName
            $rows[$i].Metric | Should -Be $points[$i].Metric
            [long]$rows[$i].Step | Should -Be $points[$i].Step
            [double]$rows[$i].Value | Should -Be $points[$i].Value
        }
        ($rows | Measure-Object -Property Value -Minimum).Minimum | Should -Be ($points | Measure-Object -Property Value -Minimum).Minimum
    }

    It 'shows a point table that fits 80 columns' {
        $text = $script:done | Get-GeminiTuningMetric -Metric train_total_loss | Select-Object -First 2 | Out-String -Width 79
        $text | Should -Match 'Job\s+Metric\s+Step\s+Epoch\s+Value'
        $text | Should -Match ([regex]::Escape($script:done.Id) + '\s+/train_total_loss\s+1\s+1\s')
    }
}

Describe 'Metrics of a Gemini API tuned model' {
    It 'are its mean loss snapshots, and draw as a loss chart' {
        $csv = Join-Path $script:folder 'pairs.csv'
        Set-Content -LiteralPath $csv -Value (@('TextInput,Output') + (1..12 | ForEach-Object { "$_,$($_ + 1)" }))
        $model = New-GeminiTuningJob -BaseModel models/gemini-1.5-flash-001-tuning -TrainingExamplePath $csv -EpochCount 2 |
            Wait-GeminiTuningJob -PollingInterval 1

        $points = $model | Get-GeminiTuningMetric
        ($points.Metric | Select-Object -Unique) | Should -Be 'meanLoss'
        $points.Step | Should -Be ($model.Snapshots.Step)
        $points.Value | Should -Be ($model.Snapshots.MeanLoss)
        $points[0].Epoch | Should -Be 1
        $points[0].JobName | Should -Be $model.Name
        (Get-GeminiTuningMetric $model.Name -Metric eval* -WarningVariable warn 3>$null) | Should -BeNullOrEmpty -Because 'the Gemini API has no evaluation series'
        $warn | Should -Match 'has no points of the series asked for\.$'

        $chart = $model | Show-GeminiTuningMetric -Width 80 -Ascii
        $chart.Title | Should -Be "Loss by step: $($model.Name)"
        $chart.Lines | Should -Contain '** meanLoss'
    }
}

Describe 'Show-GeminiTuningMetric' {
    BeforeAll {
        $script:ascii80 = $script:done | Show-GeminiTuningMetric -Width 80 -Ascii
    }

    It 'draws train and eval loss against step at 80 columns, with axes and a legend' {
        $lines = $script:ascii80.Lines
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $lines[0] | Should -Be "Loss by step: tuning job $($script:done.Id)"
        $lines[1].Trim() | Should -Be 'loss'
        @(Get-PlotRow $lines).Count | Should -Be 15
        $axis = $lines | Where-Object { $_ -match '^\s+\+[-+]+\+ step$' }
        $axis.Length | Should -Be 80
        $steps = $script:done.TuningDataStats.TuningStepCount
        $lines | Should -Contain '** train_total_loss   o eval_total_loss'
        ($lines | Where-Object { $_ -match '^\s+1\s.*\s' + $steps + '$' }) | Should -Not -BeNullOrEmpty
        ($lines | Where-Object { $_ -like 'train_total_loss: * (step 1) -> * (step ' + $steps + '), lowest *' }) | Should -Not -BeNullOrEmpty
        (-join (Get-PlotRow $lines)).ToCharArray() | Where-Object { $_ -eq 'o' } | Should -HaveCount 3
        $script:ascii80.Series | Should -Be @('train_total_loss', 'eval_total_loss')
        $script:ascii80.JobName | Should -Be $script:done.Name
    }

    It 'draws a wider plot at 120 columns' {
        $wide = $script:done | Show-GeminiTuningMetric -Width 120 -Ascii
        $wide.Lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 120 }
        ($wide.Lines | Where-Object { $_ -match '\+ step$' }).Length | Should -Be 120
        ((Get-PlotRow $wide.Lines | Measure-Object -Property Length -Maximum).Maximum - (Get-PlotRow $script:ascii80.Lines | Measure-Object -Property Length -Maximum).Maximum) | Should -Be 40
    }

    It 'draws in plain ASCII by default when the output is redirected, and in Unicode with -Ascii:$false' {
        $csv = Join-Path $script:folder 'show.csv'
        $script:done | Get-GeminiTuningMetric | Export-Csv -LiteralPath $csv -NoTypeInformation
        $module = Join-Path (Get-Module GeminiTuning).ModuleBase 'GeminiTuning.psd1'
        $child = "Import-Module '$module'; Import-Csv '$csv' | Show-GeminiTuningMetric | Out-String -Width 200"
        $text = & (Get-ChildPowerShellPath) -NoProfile -NonInteractive -Command $child | Out-String

        $text | Should -Match '\+-+\+'
        $text | Should -Match '\*\* train_total_loss   o eval_total_loss'
        $text.ToCharArray() | Where-Object { [int]$_ -gt 126 } | Should -BeNullOrEmpty

        $unicode = $script:done | Show-GeminiTuningMetric -Width 80 -Ascii:$false
        $unicode.Ascii | Should -BeFalse
        ($unicode.Lines -join "`n") | Should -Match '[\u2801-\u28FF]'
        # Braille dots (U+2812) for the line, a black circle (U+25CF) for the markers.
        $unicode.Lines | Should -Contain ("$([char]0x2812)$([char]0x2812) train_total_loss   $([char]0x25CF) eval_total_loss")
    }

    It 'draws the same chart from points piped from Get-GeminiTuningMetric and from Import-Csv rows of them' {
        $csv = Join-Path $script:folder 'same.csv'
        $script:done | Get-GeminiTuningMetric | Export-Csv -LiteralPath $csv -NoTypeInformation

        $fromPoints = $script:done | Get-GeminiTuningMetric | Show-GeminiTuningMetric -Width 80 -Ascii
        $fromCsv = Import-Csv -LiteralPath $csv | Show-GeminiTuningMetric -Width 80 -Ascii

        $fromPoints.Lines | Should -Be $script:ascii80.Lines
        $fromCsv.Lines | Should -Be $script:ascii80.Lines
    }

    It 'writes an SVG file a browser opens: well-formed XML with one path per series' {
        $svgPath = Join-Path $script:folder 'loss.svg'
        $output = $script:done | Show-GeminiTuningMetric -OutFile $svgPath
        $output | Should -BeNullOrEmpty

        $svg = [xml](Get-Content -LiteralPath $svgPath -Raw)
        $svg.DocumentElement.LocalName | Should -Be 'svg'
        $svg.DocumentElement.NamespaceURI | Should -Be 'http://www.w3.org/2000/svg'
        $paths = $svg.GetElementsByTagName('path')
        $paths.Count | Should -Be 2
        @($paths | ForEach-Object { $_.GetAttribute('data-series') }) | Should -Be @('train_total_loss', 'eval_total_loss')
        ($paths[0].GetAttribute('d') -split 'L').Count | Should -Be $script:done.TuningDataStats.TuningStepCount

        ($script:done | Show-GeminiTuningMetric -OutFile $svgPath -PassThru -Width 80 -Ascii).Lines | Should -Be $script:ascii80.Lines
    }

    It 'draws one chart per job and displays a chart as its lines' {
        $other = New-TestJob | Wait-GeminiTuningJob -PollingInterval 1
        $charts = $script:done, $other | Show-GeminiTuningMetric -Width 80 -Ascii
        $charts.JobName | Should -Be @($script:done.Name, $other.Name)
        $charts[1].Series | Should -Be 'train_total_loss'
        ($charts[0] | Out-String -Width 100).Trim() | Should -Be (($script:ascii80.Lines -join [Environment]::NewLine).Trim())
    }

    It 'draws another series with -Metric, given the job by id' {
        $chart = Show-GeminiTuningMetric $script:done.Id -Metric train_fraction_of_correct_next_step_preds -Width 90 -Height 8 -Ascii
        $chart.Title | Should -Be "train_fraction_of_correct_next_step_preds by step: tuning job $($script:done.Id)"
        @(Get-PlotRow $chart.Lines).Count | Should -Be 8
        $chart.Lines[1].Trim() | Should -Be 'value'
    }

    It 'refuses what is neither a metric point nor a job, and says when there is nothing to draw' {
        Get-Date | Show-GeminiTuningMetric -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable warn 3>$null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ShowGeminiTuningMetricInvalidInputObject*'
        $warn | Should -Match 'nothing to draw'

        $pending = New-TestJob -Label @{ 'emulator-duration-seconds' = '600' }
        $chart = $pending | Show-GeminiTuningMetric -Ascii -WarningVariable warn 3>$null
        $chart.Lines | Should -Be @("Loss by step: tuning job $($pending.Id)", '(no points yet)')
        $warn | Should -Match 'has not started training'
    }

    It 'refuses an -OutFile in a folder that does not exist before reading anything' {
        { $script:done | Show-GeminiTuningMetric -OutFile (Join-Path $script:folder 'no/such/loss.svg') -ErrorAction Stop } |
            Should -Throw -ErrorId 'ShowGeminiTuningMetricInvalidOutFile*'
    }
}

Describe 'Wait-GeminiTuningJob progress of a Vertex AI job' {
    It 'shows the percentage of steps done, the epoch and the latest training loss' {
        $session = New-ModuleRunspace
        try {
            $job = New-GeminiTuningJob -BaseModel gemini-2.5-flash -TrainingDatasetUri gs://bucket/train.jsonl -EpochCount 3 `
                -Label @{ 'emulator-duration-seconds' = '8' }
            $null = $session.PowerShell.AddCommand('Wait-GeminiTuningJob').AddParameter('Name', $job.Name).AddParameter('PollingInterval', 1)
            $ended = $session.PowerShell.Invoke()
            $ended[0].State | Should -Be 'Succeeded'

            $progress = @($session.Host.Snapshot($session.Host.Progress))
            $withTraining = @($progress | Where-Object { $_ -match '% done, epoch [1-3] of 3, training loss [0-9.]+$' })
            $withTraining | Should -Not -BeNullOrEmpty -Because ($progress -join "`n")
            $withTraining[0] | Should -Match "^Tuning job $($job.Id): Running, "
        }
        finally {
            Remove-ModuleRunspace $session
        }
    }
}
