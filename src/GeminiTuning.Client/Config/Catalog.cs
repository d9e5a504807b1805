using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GeminiTuning.Config;

/// <summary>A value offered by tab completion, with a description.</summary>
public sealed class CatalogEntry
{
    internal CatalogEntry(string value, string description)
    {
        Value = value;
        Description = description;
    }

    /// <summary>The value.</summary>
    public string Value { get; }

    /// <summary>What it is.</summary>
    public string Description { get; }
}

/// <summary>
/// What tab completion offers, read from the <see cref="TuningCatalog"/>. Completion only suggests: any string is
/// accepted where these are offered (the pre-create checks judge the value).
/// </summary>
public static class Catalog
{
    /// <summary>Base models Vertex AI currently tunes, as the catalog lists them.</summary>
    public static IReadOnlyList<CatalogEntry> TunableBaseModels { get; } =
        TuningCatalog.Default.AvailableModels.Select(m => new CatalogEntry(m.Id, m.Describe())).ToArray();

    /// <summary>Vertex AI generative AI regions, plus the global and multi-regional locations.</summary>
    public static IReadOnlyList<CatalogEntry> Regions { get; } =
        TuningCatalog.Default.Regions.Where(r => r.GenerativeAi).Select(r => new CatalogEntry(r.Id, DescribeRegion(r))).ToArray();

    /// <summary>
    /// Adapter sizes to offer, smallest first: those <paramref name="baseModel"/> accepts for <paramref name="method"/>
    /// when the catalog knows it, else every size some available model accepts for the method.
    /// </summary>
    public static IReadOnlyList<CatalogEntry> AdapterSizes(string? baseModel, GeminiTuningMethod method = GeminiTuningMethod.Supervised)
    {
        var model = TuningCatalog.Default.FindModel(baseModel);
        var sizes = model?.Method(method)?.AdapterSizes
            ?? TuningCatalog.Default.AvailableModels.SelectMany(m => m.Method(method)?.AdapterSizes ?? new List<GeminiAdapterSize>()).Distinct().OrderBy(s => (int)s).ToList();
        return sizes.Select(s => new CatalogEntry(s.ToString(), string.Format(CultureInfo.InvariantCulture, "LoRA adapter of rank {0}{1}", (int)s,
            model is null ? string.Empty : " (" + model.Id + ", " + method.ToString().ToLowerInvariant() + ")"))).ToArray();
    }

    private static string DescribeRegion(CatalogRegion region)
    {
        var tunes = TuningCatalog.Default.AvailableModels.Where(m => m.TuningRegionsComplete && m.TuningRegions.Contains(region.Id)).Select(m => m.Id).ToList();
        return tunes.Count == 0 ? region.Name : region.Name + "; also tunes " + string.Join(", ", tunes);
    }
}
