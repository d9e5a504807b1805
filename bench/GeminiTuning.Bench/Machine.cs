using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace GeminiTuning.Bench;

/// <summary>The machine the numbers come from, and how busy it is.</summary>
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

        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Format(CultureInfo.InvariantCulture, "{0} cores ({1}), {2:0} GiB RAM, {3}, {4}", Environment.ProcessorCount, cpu, memory,
            RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux); on a 2-core machine anything near 2 means the runs shared the CPU.</summary>
    public static string LoadAverage()
    {
        try
        {
            if (File.Exists("/proc/loadavg"))
            {
                var parts = File.ReadAllText("/proc/loadavg").Split(' ');
                return string.Join(" ", parts.Take(3)) + " (1, 5, 15 min)";
            }
        }
        catch (IOException)
        {
        }

        return "not available on this system";
    }
}
