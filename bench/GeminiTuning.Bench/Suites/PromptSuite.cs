using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace GeminiTuning.Bench;

/// <summary>
/// Many prompts: 1,000 prompts to an endpoint answering in 100 ms through Invoke-GeminiTunedModel at -ThrottleLimit 16
/// and 64, against an Invoke-RestMethod loop, ForEach-Object -Parallel with Invoke-RestMethod, the emulator host alone
/// and the physical limit; then the client's own cost per prompt with no latency, and its memory over 10,000 prompts.
/// </summary>
internal static class PromptSuite
{
    private const double LatencyMs = 100;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task RunAsync(BenchSession session, ResultTable table)
    {
        var quick = session.Options.Quick;
        var rounds = session.Options.RoundsOr(3);
        var count = quick ? 300 : 1000;
        var sequential = quick ? 20 : 50;
        var zeroCount = quick ? 200 : 500;
        using var slow = EmulatorHost.Start(TimeSpan.FromMilliseconds(LatencyMs));
        using var fast = EmulatorHost.Start(TimeSpan.Zero);

        var slowCases = new[] { "cmdlet-64", "cmdlet-16", "rest-parallel-16", "rest-loop" };
        var fastCases = new[] { "cmdlet-1", "rest-loop", "cmdlet-64" };
        var results = new Dictionary<string, List<double>>();
        void Add(string key, double value)
        {
            if (!results.TryGetValue(key, out var list))
            {
                results[key] = list = new List<double>();
            }

            list.Add(value);
        }

        for (var round = 0; round < rounds; round++)
        {
            Progress.Say($"Prompts, round {round + 1} of {rounds} ...");
            Add("host-64", count / await LoadGenerator.SecondsForAsync(slow, count, 64));
            var run = session.RunPowerShell("Prompts.ps1", Arguments(session, slow, Rotate(slowCases, round), count, sequential), Timeout);
            foreach (var name in slowCases)
            {
                Add(name, (name == "rest-loop" ? sequential : count) / run.Value(name));
            }

            var zero = session.RunPowerShell("Prompts.ps1", Arguments(session, fast, Rotate(fastCases, round), zeroCount * 4, zeroCount), Timeout);
            Add("zero-cmdlet-1", zero.Value("cmdlet-1") / zeroCount * 1000);
            Add("zero-rest-loop", zero.Value("rest-loop") / zeroCount * 1000);
            Add("zero-cmdlet-64", zeroCount * 4 / zero.Value("cmdlet-64"));
        }

        Progress.Say("Prompts: memory over 1,000 and 10,000 prompts ...");
        var memory = session.RunPowerShell("PromptMemory.ps1", new[]
        {
            "-Module", session.Module, "-BaseUri", fast.BaseUri.ToString(), "-Endpoint", fast.Endpoint, "-Token", EmulatorHost.Token,
            "-First", (quick ? 500 : 1000).ToString(CultureInfo.InvariantCulture), "-Then", (quick ? 2000 : 10000).ToString(CultureInfo.InvariantCulture),
        }, Timeout);

        var physical = 64 * 1000 / LatencyMs;
        table.Section($"Many prompts: {count:N0} prompts, the service answering in {LatencyMs:0} ms (physical limit at 64 in flight: {physical:0}/s)");
        table.Measure("`Invoke-GeminiTunedModel -ThrottleLimit 64`", results["cmdlet-64"], "prompts/s");
        table.Measure("`Invoke-GeminiTunedModel -ThrottleLimit 16`", results["cmdlet-16"], "prompts/s");
        table.Measure("`ForEach-Object -Parallel -ThrottleLimit 16` { `Invoke-RestMethod` }", results["rest-parallel-16"], "prompts/s");
        table.Measure($"`Invoke-RestMethod` loop, one after another ({sequential} prompts)", results["rest-loop"], "prompts/s", "0.0");
        table.Measure("the emulator host alone, 64 in flight (a bare C# client)", results["host-64"], "prompts/s");
        var at64 = Stats.Median(results["cmdlet-64"]);
        table.Ratio("-ThrottleLimit 64, prompts/s", at64, "N0", "≥ 500", at64 >= 500);
        table.Ratio("-ThrottleLimit 64 / -ThrottleLimit 16 (4× the limit)", Stats.MedianRatio(results["cmdlet-64"], results["cmdlet-16"]), "0.00'×'", null, null);
        table.Ratio("requests in flight at -ThrottleLimit 64 (prompts/s × latency, of 64)", at64 * LatencyMs / 1000, "0.0", "every limit used", at64 * LatencyMs / 1000 >= 0.75 * 64);
        table.Ratio("-ThrottleLimit 64 / emulator host alone", Stats.MedianRatio(results["cmdlet-64"], results["host-64"]), "0.00'×'", null, null);
        table.Ratio("-ThrottleLimit 64 / `ForEach-Object -Parallel` 16", Stats.MedianRatio(results["cmdlet-64"], results["rest-parallel-16"]), "0.0'×'", null, null);
        table.Ratio("-ThrottleLimit 64 / `Invoke-RestMethod` loop", Stats.MedianRatio(results["cmdlet-64"], results["rest-loop"]), "0'×'", null, null);

        table.Section($"One prompt's cost, the service answering at once ({zeroCount} prompts one after another)");
        table.Measure("`Invoke-GeminiTunedModel -ThrottleLimit 1`, per prompt", results["zero-cmdlet-1"], "ms", "0.00");
        table.Measure("`Invoke-RestMethod` loop, per call", results["zero-rest-loop"], "ms", "0.00");
        var perPrompt = Stats.MedianRatio(results["zero-cmdlet-1"], results["zero-rest-loop"]);
        table.Ratio("cmdlet per prompt / `Invoke-RestMethod` per call", perPrompt, "0.00'×'", "≤ 1×", perPrompt <= 1);
        table.Measure($"`Invoke-GeminiTunedModel -ThrottleLimit 64`, {zeroCount * 4:N0} prompts", results["zero-cmdlet-64"], "prompts/s");
        var first = memory.Value("first-peak-working-set");
        var then = memory.Value("then-peak-working-set");
        table.Measure($"peak working set after {(quick ? 500 : 1000):N0} prompts at -ThrottleLimit 64", new[] { first / (1 << 20) }, "MiB");
        table.Measure($"… after {(quick ? 2000 : 10000):N0} more", new[] { then / (1 << 20) }, "MiB");
        table.Measure($"GC heap after the first {(quick ? 500 : 1000):N0}", new[] { memory.Value("first-heap") / (1 << 20) }, "MiB", "0.0");
        table.Measure("… and after the rest", new[] { memory.Value("then-heap") / (1 << 20) }, "MiB", "0.0");
        // Flat: nothing is kept per prompt. The heap after a full collection is what the process holds; the peak working set
        // also counts the runtime's own code and caches, which grow with what has run, not with how many prompts.
        var heapRatio = memory.Value("then-heap") / memory.Value("first-heap");
        table.Ratio("GC heap held after 10,000 more prompts / after 1,000", heapRatio, "0.00'×'", "flat (≤ 1.1×)", heapRatio <= 1.1);
        table.Ratio("peak working set, after 10,000 more / after 1,000", then / first, "0.00'×'", null, null);
    }

    private static IEnumerable<string> Arguments(BenchSession session, EmulatorHost host, IEnumerable<string> cases, int count, int sequential) => new[]
    {
        "-Module", session.Module, "-BaseUri", host.BaseUri.ToString(), "-Endpoint", host.Endpoint, "-Token", EmulatorHost.Token,
        "-Cases", string.Join(",", cases), "-Count", count.ToString(CultureInfo.InvariantCulture), "-SequentialCount", sequential.ToString(CultureInfo.InvariantCulture),
    };

    private static IEnumerable<string> Rotate(IReadOnlyList<string> items, int by) => items.Skip(by % items.Count).Concat(items.Take(by % items.Count));
}
