using System;
using System.Collections.Generic;
using System.Linq;

namespace GeminiTuning.Bench;

/// <summary>
/// Module import in fresh pwsh processes, interleaved with an empty start (what every import pays anyway): the import
/// alone, the import with the first cloud call (Connect-GeminiTuning and Get-GeminiTuningJob against the emulator host),
/// the same first call made with Invoke-RestMethod, and two modules that ship with pwsh for comparison (PSReadLine, a
/// binary module; PSResourceGet, which also loads dependencies of its own). A discarded first round warms the disk cache.
/// </summary>
internal static class ImportSuite
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static void Run(BenchSession session, ResultTable table)
    {
        var rounds = session.Options.RoundsOr(10);
        using var host = EmulatorHost.Start(TimeSpan.Zero);
        var module = DatasetSuite.Quote(session.Module);
        // Timed from outside as a user types it: a stopwatch around it is script that pwsh must compile and run too, so
        // the time inside the process comes from a run of its own.
        var import = $"Import-Module {module}";
        var timedImport = $"$watch = [Diagnostics.Stopwatch]::StartNew(); Import-Module {module}; 'RESULT import ' + $watch.Elapsed.TotalMilliseconds";

        // A SecureString without ConvertTo-SecureString, which would load another module and charge it to this one.
        var connect = $"Connect-GeminiTuning -Endpoint '{host.BaseUri}' -AccessToken ([Net.NetworkCredential]::new('', '{EmulatorHost.Token}').SecurePassword) " +
                      $"-Project {EmulatorHost.Project} -Region {EmulatorHost.Region} | Out-Null";
        var listUri = new Uri(host.BaseUri, $"v1/projects/{EmulatorHost.Project}/locations/{EmulatorHost.Region}/tuningJobs?pageSize=1");
        var released = session.ReleasedPwsh;
        var commands = new List<(string Name, string Command, string? Pwsh)>
        {
            ("empty", "$null", null),
            ("import", import, null),
            ("import-timed", timedImport, null),
            ("import-call", $"{import}; {connect}; if (-not (Get-GeminiTuningJob -First 1)) {{ throw 'no job' }}", null),
            ("psreadline", "Import-Module PSReadLine", null),
            ("psresourceget", "Import-Module Microsoft.PowerShell.PSResourceGet", null),
            ("rest-call", $"if (-not (Invoke-RestMethod -Uri '{listUri}' -Headers @{{ Authorization = 'Bearer {EmulatorHost.Token}' }}).tuningJobs) {{ throw 'no job' }}", null),
        };
        if (released is not null)
        {
            commands.Add(("released-empty", "$null", released));
            commands.Add(("released-import", import, released));
            commands.Add(("released-import-timed", timedImport, released));
        }

        var results = new DatasetSuite.Results();
        for (var round = 0; round <= rounds; round++)
        {
            Progress.Say(round == 0 ? "Import, warm-up round ..." : $"Import, round {round} of {rounds} ...");
            var wall = new Dictionary<string, double>();
            foreach (var (name, command, pwsh) in commands.Skip(round % commands.Count).Concat(commands.Take(round % commands.Count)))
            {
                var run = session.RunCommand(command, Timeout, pwsh: pwsh);
                wall[name] = run.Seconds * 1000;
                if (round > 0 && name is "import-timed" or "released-import-timed")
                {
                    results.Add(name.Replace("-timed", "-in-process", StringComparison.Ordinal), run.Value("import"));
                }
            }

            if (round == 0)
            {
                continue;
            }

            foreach (var (name, _, _) in commands)
            {
                results.Add(name, wall[name]);
            }

            results.Add("import-over-empty", wall["import"] - wall["empty"]);
            results.Add("psreadline-over-empty", wall["psreadline"] - wall["empty"]);
            results.Add("psresourceget-over-empty", wall["psresourceget"] - wall["empty"]);
            results.Add("call-after-import", wall["import-call"] - wall["import"]);
            results.Add("rest-over-empty", wall["rest-call"] - wall["empty"]);
            if (released is not null)
            {
                results.Add("released-import-over-empty", wall["released-import"] - wall["released-empty"]);
            }
        }

        table.Section($"Import: fresh pwsh processes, {rounds} interleaved rounds after a warm-up round");
        if (released is not null)
        {
            table.Measure("pwsh compiled ReadyToRun as PowerShell's releases ship it: empty start", results["released-empty"], "ms");
            table.Measure("… `Import-Module GeminiTuning`", results["released-import"], "ms");
            var releasedOverEmpty = Stats.Median(results["released-import-over-empty"]);
            table.Ratio("… import over an empty start, ms", releasedOverEmpty, "N0", "< 150 ms", releasedOverEmpty < 150);
            table.Measure("… `Import-Module` timed inside the process", results["released-import-in-process"], "ms");
        }

        table.Measure("pwsh as the .NET tool ships it (IL, JIT-compiled at every start): empty start (`pwsh -c $null`)", results["empty"], "ms");
        table.Measure("… `Import-Module GeminiTuning`", results["import"], "ms");
        var overEmpty = Stats.Median(results["import-over-empty"]);
        table.Ratio("… import over an empty start, ms", overEmpty, "N0", "< 150 ms", overEmpty < 150);
        table.Measure("… `Import-Module` timed inside the process", results["import-in-process"], "ms");
        table.Measure("… for comparison: `Import-Module PSReadLine` (binary, ships with pwsh), over an empty start", results["psreadline-over-empty"], "ms");
        table.Measure("… for comparison: `Import-Module Microsoft.PowerShell.PSResourceGet`, over an empty start", results["psresourceget-over-empty"], "ms");
        table.Measure("… import, `Connect-GeminiTuning`, first `Get-GeminiTuningJob`", results["import-call"], "ms");
        table.Measure("… the connect and first call alone (over the import)", results["call-after-import"], "ms");
        table.Measure("… the same call by `Invoke-RestMethod` in a fresh pwsh, over an empty start", results["rest-over-empty"], "ms");
        var callRatio = Stats.MedianRatio(results["call-after-import"], results["rest-over-empty"]);
        table.Ratio("first call after import / `Invoke-RestMethod`'s first call", callRatio, "0.00'×'", "≤ 1×", callRatio <= 1);
    }
}
