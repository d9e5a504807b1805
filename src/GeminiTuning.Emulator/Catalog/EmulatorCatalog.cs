using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;

namespace GeminiTuning.Emulator.Catalog;

/// <summary>
/// The tunable base models and regions, read from the catalog data file that the client embeds too
/// (<c>src/Catalog/tuning-catalog.json</c>), so that the emulated service accepts what the client's catalog says Google
/// accepts. Only the data is shared: this reader is the emulator's own.
/// </summary>
internal sealed class EmulatorCatalog
{
    private const string ResourceName = "GeminiTuning.Emulator.tuning-catalog.json";
    private static readonly Lazy<EmulatorCatalog> Loaded = new Lazy<EmulatorCatalog>(Load);

    private readonly List<ModelFacts> _models;
    private readonly Dictionary<string, bool> _regions;

    private EmulatorCatalog(List<ModelFacts> models, Dictionary<string, bool> regions)
    {
        _models = models;
        _regions = regions;
    }

    public static EmulatorCatalog Default => Loaded.Value;

    public IReadOnlyList<ModelFacts> Models => _models;

    public ModelFacts? Find(string id)
    {
        foreach (var model in _models)
        {
            if (model.Matches(id))
            {
                return model;
            }
        }

        return null;
    }

    /// <summary>The ids of the models Google offers for tuning now, for error messages.</summary>
    public string AvailableIds()
    {
        var ids = new List<string>();
        foreach (var model in _models)
        {
            if (model.Status == "available")
            {
                ids.Add(model.Id);
            }
        }

        return string.Join(", ", ids);
    }

    /// <summary>True for a location Vertex AI serves generative AI in (a region, <c>global</c>, <c>us</c>, <c>eu</c>).</summary>
    public bool IsGenerativeAiLocation(string location) => _regions.TryGetValue(location, out var generative) && generative;

    /// <summary>The newest available model of the same family as <paramref name="model"/> (flash, flash-lite, pro), if newer.</summary>
    public ModelFacts? Successor(ModelFacts model)
    {
        var (family, version) = model.Generation();
        ModelFacts? best = null;
        var bestVersion = version;
        foreach (var candidate in _models)
        {
            var (candidateFamily, candidateVersion) = candidate.Generation();
            if (candidate.Status == "available" && candidateFamily == family && candidateVersion > bestVersion)
            {
                best = candidate;
                bestVersion = candidateVersion;
            }
        }

        return best;
    }

    private static EmulatorCatalog Load()
    {
        using var stream = typeof(EmulatorCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The tuning catalog resource is missing from the emulator assembly.");
        var root = JsonNode.Parse(stream)!.AsObject();
        var models = new List<ModelFacts>();
        foreach (var node in root["models"]!.AsArray())
        {
            var m = node!.AsObject();
            var sizes = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var textOnly = false;
            foreach (var method in m["methods"]!.AsObject())
            {
                var list = new List<int>();
                foreach (var size in method.Value!["adapterSizes"]!.AsArray())
                {
                    list.Add(size!.GetValue<int>());
                }

                list.Sort();
                sizes[method.Key] = list.ConvertAll(WireName).ToArray();
                if (method.Key == "supervised")
                {
                    var modalities = method.Value["modalities"]!.AsArray();
                    textOnly = modalities.Count == 1 && modalities[0]!.GetValue<string>() == "text";
                }
            }

            var cmek = m["cmek"] is JsonValue c && c.TryGetValue<bool>(out var cmekValue) ? cmekValue : (bool?)null;
            models.Add(new ModelFacts(
                m["id"]!.GetValue<string>(),
                m["status"]!.GetValue<string>(),
                Strings(m["aliases"]),
                sizes,
                m["continuousTuning"] is JsonValue ct && ct.GetValue<bool>(),
                Strings(m["tuningRegions"]),
                m["tuningRegionsComplete"] is JsonValue complete && complete.GetValue<bool>(),
                cmek,
                textOnly));
        }

        var regions = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var node in root["regions"]!.AsArray())
        {
            regions[node!["id"]!.GetValue<string>()] = node["generativeAi"] is JsonValue g && g.GetValue<bool>();
        }

        return new EmulatorCatalog(models, regions);
    }

    private static List<string> Strings(JsonNode? node)
    {
        var result = new List<string>();
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                result.Add(item!.GetValue<string>());
            }
        }

        return result;
    }

    private static string WireName(int size) => size switch
    {
        1 => "ADAPTER_SIZE_ONE",
        2 => "ADAPTER_SIZE_TWO",
        4 => "ADAPTER_SIZE_FOUR",
        8 => "ADAPTER_SIZE_EIGHT",
        16 => "ADAPTER_SIZE_SIXTEEN",
        32 => "ADAPTER_SIZE_THIRTY_TWO",
        _ => "ADAPTER_SIZE_" + size.ToString(CultureInfo.InvariantCulture),
    };
}
