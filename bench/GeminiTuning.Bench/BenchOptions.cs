using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GeminiTuning.Bench;

/// <summary>Command-line options.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/GeminiTuning.Bench -- [options]

          --only prompts,dataset,import,wait   run some of the suites (default: all four)
          --rounds N                           interleaved rounds of each suite (default: prompts 3, dataset 5, import 10, wait 1)
          --size 1GiB                          the dataset's size (default 1GiB)
          --quick                              fewer prompts, a 256 MiB dataset, 3 rounds: a smoke run, not for the README
          --no-build                           use the module already in out/ instead of building it
          --module PATH                        measure another build of the module (a GeminiTuning.psd1); implies --no-build
          --no-readytorun                      measure PowerShell only as the .NET tool ships it (IL), not also compiled as released
          --first-call-study                   also measure the dataset's first call under other JIT settings and thread counts
        """;

    public static readonly string[] AllSuites = { "prompts", "dataset", "import", "wait" };

    public HashSet<string> Suites { get; private set; } = new(AllSuites);

    public int? Rounds { get; private set; }

    public long DatasetSize { get; private set; } = 1L << 30;

    public bool Quick { get; private set; }

    public bool NoBuild { get; private set; }

    public bool FirstCallStudy { get; private set; }

    public bool NoReadyToRun { get; private set; }

    public string? Module { get; private set; }

    public int RoundsOr(int standard) => Rounds ?? (Quick ? Math.Min(standard, 3) : standard);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(args[i] + " needs a value.");
            switch (args[i])
            {
                case "--only":
                    var suites = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var unknown = suites.Except(AllSuites).ToList();
                    if (unknown.Count > 0)
                    {
                        throw new ArgumentException("Unknown suite(s): " + string.Join(", ", unknown));
                    }

                    options.Suites = new HashSet<string>(suites);
                    break;
                case "--rounds":
                    options.Rounds = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var rounds) && rounds > 0
                        ? rounds
                        : throw new ArgumentException("--rounds takes a positive number.");
                    break;
                case "--size":
                    options.DatasetSize = ParseSize(Value());
                    break;
                case "--quick":
                    options.Quick = true;
                    options.DatasetSize = Math.Min(options.DatasetSize, 256L << 20);
                    break;
                case "--no-build":
                    options.NoBuild = true;
                    break;
                case "--module":
                    options.Module = System.IO.Path.GetFullPath(Value());
                    options.NoBuild = true;
                    break;
                case "--no-readytorun":
                    options.NoReadyToRun = true;
                    break;
                case "--first-call-study":
                    options.FirstCallStudy = true;
                    break;
                default:
                    throw new ArgumentException("Unknown argument: " + args[i]);
            }
        }

        return options;
    }

    private static long ParseSize(string text)
    {
        foreach (var (suffix, factor) in new[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), (string.Empty, 1L) })
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) &&
                double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                return (long)(value * factor);
            }
        }

        throw new ArgumentException("Not a size: " + text + " (e.g. 1GiB, 256MiB, 1000000)");
    }
}
