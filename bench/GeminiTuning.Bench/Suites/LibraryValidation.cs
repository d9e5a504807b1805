using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using GeminiTuning.Datasets;

namespace GeminiTuning.Bench;

/// <summary>Dataset validation throughput against plain reading and python's json.loads; see README.md.</summary>
public static class Program
{
    private const int BlockSize = 1 << 20;

    public static int Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine("usage: GeminiTuning.Bench [--size 1GiB] [--file PATH] [--runs 3] [--no-python] [--delete]");
            return 2;
        }

        var path = options.File ?? DefaultPath(options.Size);
        if (options.File is null && (!File.Exists(path) || new FileInfo(path).Length > options.Size || new FileInfo(path).Length < options.Size - 64 * 1024))
        {
            Console.WriteLine($"Generating {Mb(options.Size)} of JSONL in {path} ...");
            var watch = Stopwatch.StartNew();
            DatasetGenerator.Write(path, options.Size);
            Console.WriteLine($"  done in {watch.Elapsed.TotalSeconds:0.0} s");
        }

        var size = new FileInfo(path).Length;
        Console.WriteLine();
        Console.WriteLine(Machine.Describe());
        Console.WriteLine($"File: {path}, {size:N0} bytes ({Mb(size)})");
        Console.WriteLine();

        var results = new Results(size, options.Runs);

        // Steady state only: one pass first so that the JIT has compiled the validator's hot paths at full optimisation.
        Validate(path);
        var canEvict = PageCache.CanEvict;
        for (var run = 0; run < options.Runs; run++)
        {
            if (canEvict)
            {
                PageCache.Evict(path);
                results.ColdRead.Add(Time(() => PlainRead(path)));
                PageCache.Evict(path);
                results.ColdValidate.Add(Time(() => Validate(path)));
            }

            // Warm: the file was just read, so it is in the page cache.
            PlainRead(path);
            results.WarmRead.Add(Time(() => PlainRead(path)));
            results.WarmReadLines.Add(Time(() => ReadLines(path)));
            if (run == 0)
            {
                var memory = new MemorySampler();
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var gen0Before = GC.CollectionCount(0);
                memory.Start();
                DatasetReport? report = null;
                results.WarmValidate.Add(Time(() => report = Validate(path)));
                memory.Stop();
                results.Allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                results.Gen0 = GC.CollectionCount(0) - gen0Before;
                results.Memory = memory;
                results.Report = report!;
            }
            else
            {
                results.WarmValidate.Add(Time(() => Validate(path)));
            }

            if (!options.NoPython && PythonCheck.Run(path) is { } python)
            {
                results.Python.Add(python.Seconds);
            }
        }

        results.Print();
        if (options.Delete && options.File is null)
        {
            File.Delete(path);
        }

        return 0;
    }

    private static DatasetReport Validate(string path) =>
        DatasetValidator.Validate(path, new DatasetValidationOptions { BaseModel = "gemini-2.5-flash" }, CancellationToken.None);

    private static long PlainRead(string path)
    {
        var buffer = new byte[BlockSize];
        long total = 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>What a naive C# check starts with: every line as a string.</summary>
    private static long ReadLines(string path)
    {
        long lines = 0;
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, false, BlockSize);
        while (reader.ReadLine() is not null)
        {
            lines++;
        }

        return lines;
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    private static double Time(Func<object?> action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    private static double Time(Func<long> action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    internal static string Mb(double bytes) => (bytes / (1024.0 * 1024.0)).ToString("N0", CultureInfo.InvariantCulture) + " MiB";

    private static string DefaultPath(long size)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GeminiTuning.psd1")))
        {
            dir = dir.Parent;
        }

        var folder = dir is null ? Path.Combine(Path.GetTempPath(), "geminituning-bench") : Path.Combine(dir.FullName, "bench", "data");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, "bench-" + size.ToString(CultureInfo.InvariantCulture) + ".jsonl");
    }
}

/// <summary>Command-line options.</summary>
internal sealed class BenchOptions
{
    public long Size { get; private set; } = 1L << 30;

    public string? File { get; private set; }

    public bool NoPython { get; private set; }

    public bool Delete { get; private set; }

    public int Runs { get; private set; } = 3;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--size" when i + 1 < args.Length:
                    options.Size = ParseSize(args[++i]);
                    break;
                case "--file" when i + 1 < args.Length:
                    options.File = Path.GetFullPath(args[++i]);
                    if (!System.IO.File.Exists(options.File))
                    {
                        throw new ArgumentException("No such file: " + options.File);
                    }

                    break;
                case "--runs" when i + 1 < args.Length:
                    options.Runs = int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs > 0
                        ? runs
                        : throw new ArgumentException("--runs takes a positive number");
                    break;
                case "--no-python":
                    options.NoPython = true;
                    break;
                case "--delete":
                    options.Delete = true;
                    break;
                default:
                    throw new ArgumentException("Unknown argument: " + args[i]);
            }
        }

        return options;
    }

    private static long ParseSize(string text)
    {
        var units = new[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("", 1L) };
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) &&
                double.TryParse(text.Substring(0, text.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                return (long)(value * factor);
            }
        }

        throw new ArgumentException("Not a size: " + text + " (e.g. 1GiB, 256MiB, 1000000)");
    }
}

/// <summary>Samples working set and GC heap while validation runs.</summary>
internal sealed class MemorySampler
{
    private Thread? _thread;
    private volatile bool _stop;

    public long BaselineWorkingSet { get; private set; }

    public long PeakWorkingSet { get; private set; }

    public long BaselineHeap { get; private set; }

    public long PeakHeap { get; private set; }

    public int Samples { get; private set; }

    public void Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using (var process = Process.GetCurrentProcess())
        {
            BaselineWorkingSet = process.WorkingSet64;
        }

        BaselineHeap = GC.GetTotalMemory(false);
        _thread = new Thread(Run) { IsBackground = true };
        _thread.Start();
    }

    public void Stop()
    {
        _stop = true;
        _thread?.Join();
    }

    private void Run()
    {
        using var process = Process.GetCurrentProcess();
        while (!_stop)
        {
            process.Refresh();
            PeakWorkingSet = Math.Max(PeakWorkingSet, process.WorkingSet64);
            PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(false));
            Samples++;
            Thread.Sleep(5);
        }
    }
}

/// <summary>Drops a file's pages from the Linux page cache, so that the next read comes from the disk.</summary>
internal static class PageCache
{
    private const int PosixFadvDontNeed = 4;

    public static bool CanEvict => RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

    public static void Evict(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        _ = posix_fadvise(fd, 0, 0, PosixFadvDontNeed);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int posix_fadvise(int fd, long offset, long length, int advice);
}

/// <summary>The python3 baseline: every line through json.loads, timed inside python (interpreter start-up excluded).</summary>
internal static class PythonCheck
{
    private const string Script = """
        import json, sys, time
        start = time.perf_counter()
        lines = 0
        with open(sys.argv[1], 'rb') as f:
            for line in f:
                if line.strip():
                    json.loads(line)
                    lines += 1
        print(f"{time.perf_counter() - start} {lines}")
        """;

    public static (double Seconds, long Lines)? Run(string path)
    {
        var scriptPath = Path.Combine(Path.GetTempPath(), "geminituning-bench-check.py");
        File.WriteAllText(scriptPath, Script.Replace("\r\n", "\n"));
        try
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(scriptPath);
            start.ArgumentList.Add(path);
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var parts = output.Trim().Split(' ');
            return process.ExitCode == 0 && parts.Length == 2
                ? (double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture))
                : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("python3 not found: skipping the json.loads baseline.");
            return null;
        }
        finally
        {
            File.Delete(scriptPath);
        }
    }
}

/// <summary>The machine, for the README.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = "unknown CPU";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? cpu;
            }
        }
        catch (IOException)
        {
        }

        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return $"Machine: {Environment.ProcessorCount} cores ({cpu}), {Program.Mb(memory)} RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }
}

/// <summary>The measurements (seconds, one per run) and how they are printed: the median, and the range.</summary>
internal sealed class Results
{
    public Results(long size, int runs)
    {
        Size = size;
        Runs = runs;
    }

    public long Size { get; }

    public int Runs { get; }

    public List<double> ColdRead { get; } = new();

    public List<double> ColdValidate { get; } = new();

    public List<double> WarmRead { get; } = new();

    public List<double> WarmReadLines { get; } = new();

    public List<double> WarmValidate { get; } = new();

    public List<double> Python { get; } = new();

    public long Allocated { get; set; }

    public int Gen0 { get; set; }

    public MemorySampler Memory { get; set; } = new();

    public DatasetReport Report { get; set; } = null!;

    private double Rate(double seconds) => Size / seconds / (1024.0 * 1024.0);

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public void Print()
    {
        Console.WriteLine($"Median of {Runs} run(s); MiB/s range in brackets.");
        Console.WriteLine($"{"",-36}{"seconds",9}{"MiB/s",9}   {"range",-15}");
        Row("plain read, cold cache", ColdRead);
        Row("validation, cold cache", ColdValidate);
        Row("plain read, warm cache", WarmRead);
        Row("StreamReader.ReadLine, warm cache", WarmReadLines);
        Row("validation, warm cache", WarmValidate);
        Row("python3 json.loads, warm cache", Python);
        Console.WriteLine();
        if (ColdRead.Count > 0)
        {
            Console.WriteLine($"validation / plain read, cold cache:  {Median(ColdRead) / Median(ColdValidate):0.00}x   (target >= 0.5x)");
        }

        Console.WriteLine($"validation / plain read, warm cache:  {Median(WarmRead) / Median(WarmValidate):0.00}x");
        Console.WriteLine($"validation / StreamReader.ReadLine:   {Median(WarmReadLines) / Median(WarmValidate):0.00}x");
        if (Python.Count > 0)
        {
            Console.WriteLine($"validation / python3 json.loads:      {Median(Python) / Median(WarmValidate):0.0}x faster");
        }

        Console.WriteLine();
        Console.WriteLine($"Memory while validating {Program.Mb(Size)}: working set {Program.Mb(Memory.BaselineWorkingSet)} before, " +
                          $"peak {Program.Mb(Memory.PeakWorkingSet)} ({Memory.Samples} samples); GC heap {Memory.BaselineHeap / 1024:N0} KiB before, " +
                          $"peak {Memory.PeakHeap / 1024:N0} KiB; allocated {Allocated / 1024:N0} KiB in all; gen0 collections: {Gen0}");
        Console.WriteLine($"Report: {Report.ExampleCount:N0} examples ({Report.MultimodalExampleCount:N0} multimodal), {Report.EstimatedTokens:N0} estimated tokens " +
                          $"(min {Report.MinExampleTokens}, max {Report.MaxExampleTokens}, mean {Report.MeanExampleTokens}), {Report.ErrorCount} errors, {Report.WarningCount} warnings");
        foreach (var problem in Report.Problems.Take(5))
        {
            Console.WriteLine("  " + problem);
        }
    }

    private void Row(string what, List<double> seconds)
    {
        if (seconds.Count == 0)
        {
            return;
        }

        var median = Median(seconds);
        Console.WriteLine($"{what,-36}{median,9:0.000}{Rate(median),9:N0}   {Rate(seconds.Max()),6:N0}-{Rate(seconds.Min()),-7:N0}");
    }
}
