using System;
using System.Globalization;
using System.Threading.Tasks;

namespace GeminiTuning.Bench;

/// <summary>
/// Runs every benchmark of the module side by side with its baselines and prints one table with their ratios, the
/// machine and its load before and after. See README.md.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "host")
        {
            return await EmulatorHost.ServeAsync(args[1..]);
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        var session = BenchSession.Prepare(options);
        var loadBefore = Machine.LoadAverage();
        var table = new ResultTable();
        if (options.Suites.Contains("prompts"))
        {
            await PromptSuite.RunAsync(session, table);
        }

        if (options.Suites.Contains("dataset"))
        {
            DatasetSuite.Run(session, table);
        }

        if (options.Suites.Contains("import"))
        {
            ImportSuite.Run(session, table);
        }

        if (options.Suites.Contains("wait"))
        {
            await WaitSuite.RunAsync(session, table);
        }

        var loadAfter = Machine.LoadAverage();
        Console.WriteLine();
        Console.WriteLine($"GeminiTuning benchmarks, {DateTime.Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}{(options.Quick ? " (--quick: not for the README)" : string.Empty)}");
        Console.WriteLine($"Machine: {Machine.Describe()}");
        Console.WriteLine($"PowerShell {session.PowerShellVersion} ({session.Pwsh}), {session.Python ?? "no python3"}");
        Console.WriteLine($"Load average before: {loadBefore}; after: {loadAfter}");
        Console.WriteLine();
        table.Print(Console.Out);
        return 0;
    }
}
