using System;
using System.Collections.Generic;
using System.Linq;

namespace GeminiTuning.Bench;

/// <summary>
/// Where the first Test-GeminiTuningDataset call of a session spends its time: the same fresh-pwsh session (first call,
/// then two more) under runtime settings a user could set (they hold for the whole process, so the module cannot choose
/// them for itself) and with the validator held to one thread, interleaved round by round.
/// </summary>
internal static class FirstCallStudy
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private static readonly (string Name, Dictionary<string, string> Environment)[] Settings =
    {
        ("as installed", new Dictionary<string, string>()),
        ("DOTNET_TieredPGO=0 (no instrumented tier)", new() { ["DOTNET_TieredPGO"] = "0" }),
        ("DOTNET_TieredCompilation=0 (optimised at once)", new() { ["DOTNET_TieredCompilation"] = "0" }),
        ("DOTNET_TC_CallCountingDelayMs=0 (tier up at once)", new() { ["DOTNET_TC_CallCountingDelayMs"] = "0" }),
        ("DOTNET_ReadyToRun=0 (no precompiled code at all)", new() { ["DOTNET_ReadyToRun"] = "0" }),
        ("DOTNET_PROCESSOR_COUNT=1 (one validator thread)", new() { ["DOTNET_PROCESSOR_COUNT"] = "1" }),
    };

    public static void Run(BenchSession session, ResultTable table, string file, int rounds)
    {
        var results = new DatasetSuite.Results();
        for (var round = 0; round < rounds; round++)
        {
            Progress.Say($"First-call study, round {round + 1} of {rounds} ...");
            foreach (var (name, environment) in Settings.Skip(round % Settings.Length).Concat(Settings.Take(round % Settings.Length)))
            {
                var run = session.RunPowerShell("Dataset.ps1", new[] { "-Module", session.Module, "-File", file }, Timeout, environment);
                results.Add(name + " first", run.Value("first"));
                results.Add(name + " warm", (run.Value("second") + run.Value("third")) / 2);
            }
        }

        table.Section("Where the first call's time goes: the same session under other runtime settings");
        foreach (var (name, _) in Settings)
        {
            table.Measure(name + ": first call", results[name + " first"], "s", "0.00");
            table.Measure(name + ": later call", results[name + " warm"], "s", "0.00");
            table.Ratio(name + ": first / later", Stats.MedianRatio(results[name + " first"], results[name + " warm"]), "0.00'×'", null, null);
        }
    }
}
