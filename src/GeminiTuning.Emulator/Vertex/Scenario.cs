using System;
using System.Collections.Generic;

namespace GeminiTuning.Emulator.Vertex;

/// <summary>How a simulated tuning job ends, chosen with the label <c>emulator-scenario</c> (see SCENARIOS.md).</summary>
internal enum Scenario
{
    Succeed,
    FailInternal,
    FailValidation,
    Expire,
    CancelMidRun,
    QuotaExceeded,
    PermissionDenied,
}

internal static class Scenarios
{
    public const string Label = "emulator-scenario";
    public const string DurationLabel = "emulator-duration-seconds";

    private static readonly Dictionary<string, Scenario> ByName = new Dictionary<string, Scenario>(StringComparer.Ordinal)
    {
        ["succeed"] = Scenario.Succeed,
        ["fail"] = Scenario.FailInternal,
        ["fail-internal"] = Scenario.FailInternal,
        ["fail-validation"] = Scenario.FailValidation,
        ["expire"] = Scenario.Expire,
        ["cancel-mid-run"] = Scenario.CancelMidRun,
        ["quota-exceeded"] = Scenario.QuotaExceeded,
        ["permission-denied"] = Scenario.PermissionDenied,
    };

    public static bool TryParse(string name, out Scenario scenario) => ByName.TryGetValue(name, out scenario);

    public static string Names => string.Join(", ", ByName.Keys);
}
