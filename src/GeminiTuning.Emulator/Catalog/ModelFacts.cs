using System;
using System.Collections.Generic;

namespace GeminiTuning.Emulator.Catalog;

/// <summary>What the emulated tuning service knows of one base model, read from the catalog data file.</summary>
internal sealed class ModelFacts
{
    public ModelFacts(string id, string status, IReadOnlyList<string> aliases, IReadOnlyDictionary<string, string[]> adapterSizesByMethod,
        bool continuousTuning, IReadOnlyList<string> tuningRegions, bool tuningRegionsComplete, bool? cmek, bool textOnly)
    {
        Id = id;
        Status = status;
        Aliases = aliases;
        AdapterSizesByMethod = adapterSizesByMethod;
        ContinuousTuning = continuousTuning;
        TuningRegions = tuningRegions;
        TuningRegionsComplete = tuningRegionsComplete;
        Cmek = cmek;
        TextOnly = textOnly;
    }

    public string Id { get; }

    /// <summary><c>available</c>, <c>deprecated</c> or <c>retired</c>.</summary>
    public string Status { get; }

    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The wire names of the adapter sizes (<c>ADAPTER_SIZE_FOUR</c>…), by method (<c>supervised</c>, <c>preference</c>), smallest first.</summary>
    public IReadOnlyDictionary<string, string[]> AdapterSizesByMethod { get; }

    public bool ContinuousTuning { get; }

    public IReadOnlyList<string> TuningRegions { get; }

    public bool TuningRegionsComplete { get; }

    public bool? Cmek { get; }

    /// <summary>True when supervised tuning takes text only (gemini-1.0-pro-002).</summary>
    public bool TextOnly { get; }

    public bool IsRetired => Status == "retired";

    public bool Matches(string id) => Id == id || Contains(Aliases, id);

    /// <summary>The family (flash, flash-lite, pro) and version of a <c>gemini-X.Y-family[-NNN]</c> id, for choosing a rebase target.</summary>
    public (string Family, double Version) Generation()
    {
        var parts = Id.Split('-');
        var version = parts.Length > 1 && double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;
        var family = new List<string>();
        for (var i = 2; i < parts.Length; i++)
        {
            if (parts[i].Length == 3 && char.IsDigit(parts[i][0]))
            {
                break; // a -001 version suffix
            }

            family.Add(parts[i]);
        }

        return (string.Join("-", family), version);
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (var item in list)
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
