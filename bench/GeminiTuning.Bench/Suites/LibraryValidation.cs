using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using GeminiTuning.Datasets;

namespace GeminiTuning.Bench;

/// <summary>
/// The validator as a library, in this process after an untimed warm-up pass, against plain sequential reading of the
/// same file: with the file's pages evicted from the OS cache first ("cold", Linux only) and with the file cached.
/// Shows what the disk allows and how much of it validation keeps.
/// </summary>
internal sealed class LibraryValidation
{
    private const int BlockSize = 1 << 20;
    private readonly string _path;

    public LibraryValidation(string path)
    {
        _path = path;
        Validate(); // the JIT reaches its optimised code before anything is timed
    }

    public static bool CanEvict => RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

    public double ColdRead()
    {
        PageCache.Evict(_path);
        return Time(() => PlainRead());
    }

    public double ColdValidate()
    {
        PageCache.Evict(_path);
        return Time(() => Validate());
    }

    public double WarmRead()
    {
        PlainRead();
        return Time(() => PlainRead());
    }

    /// <summary>A warm validation, sampling the working set every 5 ms: returns the seconds and the peak working set's growth.</summary>
    public (double Seconds, long PeakGrowth) WarmValidate()
    {
        PlainRead();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        var peak = before;
        var stop = false;
        var sampler = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                Thread.Sleep(5);
            }
        }) { IsBackground = true };
        sampler.Start();
        var seconds = Time(() => Validate());
        Volatile.Write(ref stop, true);
        sampler.Join();
        return (seconds, peak - before);
    }

    private DatasetReport Validate() =>
        DatasetValidator.Validate(_path, new DatasetValidationOptions { BaseModel = "gemini-2.5-flash" }, CancellationToken.None);

    private long PlainRead()
    {
        var buffer = new byte[BlockSize];
        long total = 0;
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }
}

/// <summary>Drops a file's pages from the Linux page cache, so that the next read comes from the disk.</summary>
internal static class PageCache
{
    private const int PosixFadvDontNeed = 4;

    public static void Evict(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        _ = posix_fadvise(fd, 0, 0, PosixFadvDontNeed);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int posix_fadvise(int fd, long offset, long length, int advice);
}
