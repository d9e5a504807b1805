using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace GeminiTuning.Bench;

/// <summary>
/// Dataset validation on a generated JSONL file (1 GiB by default) as a user runs it: the first and later calls of
/// Test-GeminiTuningDataset in a fresh pwsh, a fresh pwsh that imports and validates end to end against python3's
/// json.loads loop end to end and an empty pwsh start, and Get-Content | ConvertFrom-Json on a smaller file. Then the
/// validator as a library against plain reads of the file, from the disk and from the cache.
/// </summary>
internal static class DatasetSuite
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static void Run(BenchSession session, ResultTable table)
    {
        var rounds = session.Options.RoundsOr(5);
        var file = Dataset(session, session.Options.DatasetSize);
        var small = Dataset(session, session.Options.Quick ? 16L << 20 : 64L << 20);
        var mib = new FileInfo(file).Length / (1024.0 * 1024.0);
        var smallMib = new FileInfo(small).Length / (1024.0 * 1024.0);
        var results = new Results();
        var library = new LibraryValidation(file);
        var quotedModule = Quote(session.Module);
        var endToEnd = $"Import-Module {quotedModule}; $null = Test-GeminiTuningDataset -LiteralPath {Quote(file)} -BaseModel gemini-2.5-flash";
        var steps = new List<(string Name, Action Run)>
        {
            ("pwsh end to end", () => results.Add("pwsh-e2e", session.RunCommand(endToEnd, Timeout).Seconds)),
            ("empty pwsh", () => results.Add("pwsh-empty", session.RunCommand("$null", Timeout).Seconds)),
            ("session", () =>
            {
                var run = session.RunPowerShell("Dataset.ps1", new[] { "-Module", session.Module, "-File", file, "-Small", small }, Timeout);
                results.Add("first", run.Value("first"));
                results.Add("warm", (run.Value("second") + run.Value("third")) / 2);
                results.Add("convertfrom-json", smallMib / run.Value("convertfrom-json"));
                results.Add("validate-small", smallMib / run.Value("validate-small"));
            }),
        };
        if (session.ReleasedPwsh is { } released)
        {
            steps.Add(("released pwsh end to end", () => results.Add("released-e2e", session.RunCommand(endToEnd, Timeout, pwsh: released).Seconds)));
            steps.Add(("released empty pwsh", () => results.Add("released-empty", session.RunCommand("$null", Timeout, pwsh: released).Seconds)));
        }

        if (session.Python is not null)
        {
            steps.Add(("python3", () =>
            {
                var run = ChildProcess.Run("python3", new[] { Path.Combine(session.Scripts, "check_jsonl.py"), file }, Timeout);
                results.Add("python-e2e", run.Seconds);
                results.Add("python-inner", run.Value("python-inner"));
            }));
        }

        for (var round = 0; round < rounds; round++)
        {
            Progress.Say($"Dataset, round {round + 1} of {rounds} ...");
            foreach (var (_, run) in steps.Skip(round % steps.Count).Concat(steps.Take(round % steps.Count)))
            {
                run();
            }

            if (LibraryValidation.CanEvict)
            {
                results.Add("cold-read", mib / library.ColdRead());
                results.Add("cold-validate", mib / library.ColdValidate());
            }

            results.Add("warm-read", mib / library.WarmRead());
            var (seconds, growth) = library.WarmValidate();
            results.Add("warm-validate", mib / seconds);
            results.Add("growth", growth / (1024.0 * 1024.0));
        }

        table.Section($"Dataset validation as a user runs it: {mib:N0} MiB of JSONL, a fresh pwsh each time");
        table.Measure("`Test-GeminiTuningDataset`, the session's first call", results["first"], "s", "0.00");
        table.Measure("… a later call (mean of the 2nd and 3rd)", results["warm"], "s", "0.00");
        var firstOverWarm = Stats.MedianRatio(results["first"], results["warm"]);
        table.Ratio("first call / later call", firstOverWarm, "0.00'×'", "≤ 1.3×", firstOverWarm <= 1.3);
        table.Measure("fresh pwsh (the .NET tool's, IL): `Import-Module`, `Test-GeminiTuningDataset`, exit", results["pwsh-e2e"], "s", "0.00");
        table.Measure("… doing nothing (`pwsh -c $null`)", results["pwsh-empty"], "s", "0.00");
        if (session.ReleasedPwsh is not null)
        {
            table.Measure("fresh pwsh compiled ReadyToRun as released: `Import-Module`, `Test-GeminiTuningDataset`, exit", results["released-e2e"], "s", "0.00");
            table.Measure("… doing nothing", results["released-empty"], "s", "0.00");
        }

        if (session.Python is not null)
        {
            table.Measure("python3: start, `json.loads` every line, exit", results["python-e2e"], "s", "0.00");
            if (session.ReleasedPwsh is not null)
            {
                var releasedSpeedup = Stats.MedianRatio(results["python-e2e"], results["released-e2e"]);
                table.Ratio("python3 end to end / pwsh end to end, pwsh as released", releasedSpeedup, "0.0'×'", "≥ 4×", releasedSpeedup >= 4);
            }

            var speedup = Stats.MedianRatio(results["python-e2e"], results["pwsh-e2e"]);
            table.Ratio("python3 end to end / pwsh end to end, the .NET tool's pwsh", speedup, "0.0'×'", "≥ 4×", speedup >= 4);
            table.Ratio("python3's loop alone / a later call", Stats.MedianRatio(results["python-inner"], results["warm"]), "0.0'×'", null, null);
        }

        table.Measure($"`Get-Content | ConvertFrom-Json`, {smallMib:N0} MiB file", results["convertfrom-json"], "MiB/s");
        table.Measure($"`Test-GeminiTuningDataset`, the same file", results["validate-small"], "MiB/s");
        table.Ratio("`Test-GeminiTuningDataset` / `Get-Content | ConvertFrom-Json`", Stats.MedianRatio(results["validate-small"], results["convertfrom-json"]), "0'×'", null, null);

        table.Section($"Dataset validation as a library, in process after a warm-up, {mib:N0} MiB");
        if (LibraryValidation.CanEvict)
        {
            table.Measure("plain sequential read, file not in the OS cache", results["cold-read"], "MiB/s");
            table.Measure("validation, file not in the OS cache", results["cold-validate"], "MiB/s");
            table.Ratio("validation / plain read, not cached", Stats.MedianRatio(results["cold-validate"], results["cold-read"]), "0.00'×'", null, null);
        }

        table.Measure("plain sequential read, cached", results["warm-read"], "MiB/s");
        table.Measure("validation, cached", results["warm-validate"], "MiB/s");
        table.Ratio("validation / plain read, cached", Stats.MedianRatio(results["warm-validate"], results["warm-read"]), "0.00'×'", null, null);
        table.Measure("working set growth while validating", results["growth"], "MiB");

        if (session.Options.FirstCallStudy)
        {
            FirstCallStudy.Run(session, table, file, rounds);
        }
    }

    /// <summary>The generated dataset of about <paramref name="size"/> bytes in bench/data, made once and reused.</summary>
    private static string Dataset(BenchSession session, long size)
    {
        var path = Path.Combine(session.DataDirectory, "bench-" + size.ToString(CultureInfo.InvariantCulture) + ".jsonl");
        if (!File.Exists(path) || new FileInfo(path).Length > size || new FileInfo(path).Length < size - 64 * 1024)
        {
            Progress.Say($"Generating {size / (1024.0 * 1024.0):N0} MiB of JSONL in {path} ...");
            DatasetGenerator.Write(path, size);
        }

        return path;
    }

    internal static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Named lists of per-round measurements.</summary>
    internal sealed class Results
    {
        private readonly Dictionary<string, List<double>> _values = new();

        public List<double> this[string name] => _values.TryGetValue(name, out var list) ? list : new List<double>();

        public void Add(string name, double value)
        {
            if (!_values.TryGetValue(name, out var list))
            {
                _values[name] = list = new List<double>();
            }

            list.Add(value);
        }
    }
}
