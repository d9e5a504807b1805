using System;

namespace GeminiTuning.Emulator.Metrics;

/// <summary>Deterministic, plausible training curves: loss falls and accuracy rises roughly exponentially with the step,
/// with a small wobble derived from the step and a seed (so two jobs differ, but one job always reads the same).</summary>
internal static class LossCurve
{
    public static double Loss(long step, long totalSteps, string seed, double start = 2.4, double floor = 0.3)
    {
        var progress = totalSteps <= 0 ? 1 : (double)step / totalSteps;
        var value = floor + ((start - floor) * Math.Exp(-3.5 * progress)) + (Wobble(step, seed) * 0.04);
        return Math.Round(Math.Max(0.01, value), 6);
    }

    public static double Accuracy(long step, long totalSteps, string seed)
    {
        var progress = totalSteps <= 0 ? 1 : (double)step / totalSteps;
        var value = 0.45 + (0.45 * (1 - Math.Exp(-3.5 * progress))) + (Wobble(step + 7919, seed) * 0.01);
        return Math.Round(Math.Min(0.999, Math.Max(0, value)), 6);
    }

    /// <summary>A value in [-1, 1) from the step and the seed.</summary>
    public static double Wobble(long step, string seed)
    {
        unchecked
        {
            ulong h = 14695981039346656037UL;
            foreach (var c in seed)
            {
                h = (h ^ c) * 1099511628211UL;
            }

            h ^= (ulong)step * 0x9E3779B97F4A7C15UL;
            h = (h ^ (h >> 31)) * 0xBF58476D1CE4E5B9UL;
            h ^= h >> 29;
            return ((h >> 11) * (1.0 / (1UL << 53)) * 2) - 1;
        }
    }
}
