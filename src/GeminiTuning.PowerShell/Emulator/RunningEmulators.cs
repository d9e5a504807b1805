using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace GeminiTuning.PowerShell;

/// <summary>The emulators this process started, by port.</summary>
internal static class RunningEmulators
{
    private static readonly ConcurrentDictionary<int, GeminiTuningEmulatorInfo> ByPort = new();

    public static void Add(GeminiTuningEmulatorInfo info) => ByPort[info.Port] = info;

    public static IReadOnlyList<GeminiTuningEmulatorInfo> All => ByPort.Values.OrderBy(e => e.Port).ToList();

    public static GeminiTuningEmulatorInfo? Remove(int port) => ByPort.TryRemove(port, out var info) ? info : null;
}
