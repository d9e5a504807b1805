using System.Runtime.CompilerServices;

namespace GeminiTuning.Datasets;

/// <summary>
/// The methods every line of a dataset goes through are compiled fully optimised on their first call, not in tiers.
/// Tiered compilation starts a method in quick, unoptimised code (instrumented, with the runtime's profile-guided
/// optimisation) and recompiles it in the background once it is hot; a validation of a large file spends most of a
/// session's first call in that slow code while the background compiler competes with the validator's threads for the
/// cores, so the first call ran about three times slower than the next ones. The runtime's tiering settings hold for the
/// whole process (a module cannot choose them); this flag is per method.
/// </summary>
internal static class HotPath
{
    /// <summary>
    /// <c>MethodImplOptions.AggressiveOptimization</c> (0x200), which .NET Core 3.0 named and netstandard2.0 does not.
    /// .NET Framework (Windows PowerShell 5.1) has no tiers and leaves the bit unused.
    /// </summary>
    public const MethodImplOptions Optimized = (MethodImplOptions)512;
}
