using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace GeminiTuning.Config;

/// <summary>A Google Cloud region the catalog knows.</summary>
public sealed class CatalogRegion
{
    internal CatalogRegion(string id, string name, bool generativeAi, string kind)
    {
        Id = id;
        Name = name;
        GenerativeAi = generativeAi;
        Kind = kind;
    }

    /// <summary>The location id, e.g. <c>us-central1</c>, <c>global</c>, <c>us</c>.</summary>
    public string Id { get; }

    /// <summary>Where it is, e.g. "Iowa".</summary>
    public string Name { get; }

    /// <summary>True when Google lists generative AI on Vertex AI there; false for a Google Cloud region without it.</summary>
    public bool GenerativeAi { get; }

    /// <summary><c>region</c>, <c>global</c> or <c>multiRegion</c>.</summary>
    public string Kind { get; }

    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>
/// The one source of truth for the tunable Gemini base models and the regions: each model with its tuning methods,
/// adapter sizes, regions, modalities, CMEK support and dataset limits. Completion, dataset validation and the
/// pre-create checks read it; the emulator embeds the same data file (<c>src/Catalog/tuning-catalog.json</c>).
/// </summary>
/// <remarks>
/// The data is a JSON file embedded in the assembly, not code, so that the emulator (which shares no code with the
/// client) reads the very same facts, and so that new facts (e.g. thinking support) are added as new members without
/// touching either reader: unknown members are ignored.
/// </remarks>
public sealed class TuningCatalog
{
    private const string ResourceName = "GeminiTuning.tuning-catalog.json";
    private static readonly Lazy<TuningCatalog> Loaded = new(() => Load(typeof(TuningCatalog).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException("The tuning catalog resource is missing from the assembly.")));

    private TuningCatalog(string asOf, IReadOnlyList<TunableModel> models, IReadOnlyList<CatalogRegion> regions)
    {
        AsOf = asOf;
        Models = models;
        Regions = regions;
    }

    /// <summary>The catalog built into this module.</summary>
    public static TuningCatalog Default => Loaded.Value;

    /// <summary>The date of the Google documentation the catalog follows.</summary>
    public string AsOf { get; }

    /// <summary>Every model the catalog knows, available ones first, in the order Google lists them.</summary>
    public IReadOnlyList<TunableModel> Models { get; }

    /// <summary>The models Google currently offers for tuning.</summary>
    public IEnumerable<TunableModel> AvailableModels => Models.Where(m => m.Status == TunableModelStatus.Available);

    /// <summary>Every region the catalog knows: Vertex AI generative AI regions first, then other Google Cloud regions.</summary>
    public IReadOnlyList<CatalogRegion> Regions { get; }

    /// <summary>
    /// The model <paramref name="baseModel"/> names (its id or an alias; a <c>publishers/google/models/</c> prefix is
    /// ignored), or null when the catalog does not know it or it names a tuned model (<c>projects/…/models/…</c>).
    /// </summary>
    public TunableModel? FindModel(string? baseModel)
    {
        var id = NormalizeModelId(baseModel);
        return id.Length == 0 ? null : Models.FirstOrDefault(m => m.Matches(id));
    }

    /// <summary>The region with this id, or null.</summary>
    public CatalogRegion? FindRegion(string? region)
    {
        var id = (region ?? string.Empty).Trim().ToLowerInvariant();
        return Regions.FirstOrDefault(r => r.Id == id);
    }

    /// <summary>The available models whose ids are closest to <paramref name="baseModel"/>.</summary>
    public IReadOnlyList<string> ClosestModels(string? baseModel, int count = 3) =>
        ClosestNames.Find(NormalizeModelId(baseModel), AvailableModels.Select(m => m.Id), count);

    /// <summary>The known regions (generative AI ones first) closest to <paramref name="region"/>.</summary>
    public IReadOnlyList<string> ClosestRegions(string? region, int count = 3) =>
        ClosestNames.Find(region, Regions.Select(r => r.Id), count);

    /// <summary>The model id without a resource-name prefix: <c>publishers/google/models/gemini-2.5-flash</c> → <c>gemini-2.5-flash</c>; a tuned model's name stays as it is.</summary>
    public static string NormalizeModelId(string? baseModel)
    {
        var id = (baseModel ?? string.Empty).Trim().ToLowerInvariant();
        var models = id.LastIndexOf("models/", StringComparison.Ordinal);
        if (models >= 0 && !id.StartsWith("projects/", StringComparison.Ordinal))
        {
            id = id.Substring(models + "models/".Length);
        }
        else if (id.StartsWith("projects/", StringComparison.Ordinal) && id.Contains("/publishers/google/models/"))
        {
            id = id.Substring(id.LastIndexOf('/') + 1);
        }

        return id;
    }

    /// <summary>Reads a catalog from its JSON (the format of <c>src/Catalog/tuning-catalog.json</c>).</summary>
    internal static TuningCatalog Load(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var defaults = root.GetProperty("limitsDefault");
        var models = root.GetProperty("models").EnumerateArray().Select(m => ReadModel(m, defaults)).OrderBy(m => (int)m.Status).ToList();
        var regions = root.GetProperty("regions").EnumerateArray().Select(r => new CatalogRegion(
            r.GetProperty("id").GetString()!, r.GetProperty("name").GetString()!, r.TryGetProperty("generativeAi", out var g) && g.GetBoolean(),
            r.TryGetProperty("kind", out var k) ? k.GetString()! : "region")).ToList();
        return new TuningCatalog(root.GetProperty("asOf").GetString()!, models, regions);
    }

    private static TunableModel ReadModel(JsonElement m, JsonElement defaults)
    {
        var methods = new Dictionary<GeminiTuningMethod, TuningMethodInfo>();
        foreach (var method in m.GetProperty("methods").EnumerateObject())
        {
            var kind = method.Name == "preference" ? GeminiTuningMethod.Preference : GeminiTuningMethod.Supervised;
            var sizes = method.Value.GetProperty("adapterSizes").EnumerateArray().Select(s => (GeminiAdapterSize)s.GetInt32()).OrderBy(s => (int)s).ToList();
            var modalities = method.Value.GetProperty("modalities").EnumerateArray().Select(s => s.GetString()!).ToList();
            methods[kind] = new TuningMethodInfo(kind, sizes, modalities);
        }

        var status = m.GetProperty("status").GetString() switch
        {
            "retired" => TunableModelStatus.Retired,
            "deprecated" => TunableModelStatus.Deprecated,
            _ => TunableModelStatus.Available,
        };
        m.TryGetProperty("limits", out var own);
        var limits = new ModelDatasetLimits(
            Long(own, defaults, "maxTokensPerExample") ?? 131_072,
            (int)(Long(own, defaults, "maxValidationExamples") ?? 5000),
            Long(own, defaults, "maxTrainingExamples"),
            Long(own, defaults, "maxMultimodalTrainingExamples"),
            Long(own, defaults, "maxFileBytes") ?? 1_000_000_000,
            (int?)Long(own, default, "minTrainingExamples"));
        var servingLocations = m.TryGetProperty("servingLocations", out var serving) && serving.ValueKind == JsonValueKind.Array
            ? serving.EnumerateArray().Select(s => s.GetString()!).ToList()
            : null;
        return new TunableModel(
            m.GetProperty("id").GetString()!,
            m.GetProperty("displayName").GetString()!,
            status,
            Strings(m, "aliases"),
            methods,
            m.TryGetProperty("continuousTuning", out var continuous) && continuous.GetBoolean(),
            Strings(m, "tuningRegions"),
            m.TryGetProperty("tuningRegionsComplete", out var complete) && complete.GetBoolean(),
            servingLocations,
            m.TryGetProperty("cmek", out var cmek) && cmek.ValueKind is JsonValueKind.True or JsonValueKind.False ? cmek.GetBoolean() : null,
            limits,
            Strings(m, "unconfirmed"));
    }

    /// <summary>A limit from the model's own limits if it names it (null included), else the default.</summary>
    private static long? Long(JsonElement own, JsonElement defaults, string name)
    {
        if (own.ValueKind == JsonValueKind.Object && own.TryGetProperty(name, out var value))
        {
            return value.ValueKind == JsonValueKind.Null ? null : value.GetInt64();
        }

        return defaults.ValueKind == JsonValueKind.Object && defaults.TryGetProperty(name, out var fallback) && fallback.ValueKind != JsonValueKind.Null
            ? fallback.GetInt64()
            : null;
    }

    private static IReadOnlyList<string> Strings(JsonElement m, string name) =>
        m.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(s => s.GetString()!).ToList()
            : Array.Empty<string>();
}
