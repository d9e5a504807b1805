using System.Collections.Generic;

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

/// <summary>What tab completion offers. Completion only suggests: any string is accepted where these are offered.</summary>
public static class Catalog
{
    /// <summary>Base models Vertex AI supervised tuning accepts (dataset-format.md §3, docs updated 2026-09-25).</summary>
    public static IReadOnlyList<CatalogEntry> TunableBaseModels { get; } = new[]
    {
        new CatalogEntry("gemini-2.5-flash", "Gemini 2.5 Flash; adapter sizes 1, 2, 4, 8, 16"),
        new CatalogEntry("gemini-2.5-flash-lite", "Gemini 2.5 Flash-Lite; adapter sizes 1, 2, 4, 8, 16"),
        new CatalogEntry("gemini-2.5-pro", "Gemini 2.5 Pro; adapter sizes 1, 2, 4, 8"),
        new CatalogEntry("gemini-3.5-flash", "Gemini 3.5 Flash; us-central1 and europe-west4; served from the us/eu multi-regions"),
        new CatalogEntry("gemini-3.1-flash-lite", "Gemini 3.1 Flash-Lite; us-central1 and europe-west4; served from the us/eu multi-regions"),
    };

    /// <summary>Vertex AI generative AI regions, plus the global and multi-regional locations.</summary>
    public static IReadOnlyList<CatalogEntry> Regions { get; } = new[]
    {
        new CatalogEntry("us-central1", "Iowa; tuning for every tunable model"),
        new CatalogEntry("europe-west4", "Netherlands; tuning for every tunable model"),
        new CatalogEntry("us-east1", "South Carolina"),
        new CatalogEntry("us-east4", "Northern Virginia"),
        new CatalogEntry("us-east5", "Columbus"),
        new CatalogEntry("us-south1", "Dallas"),
        new CatalogEntry("us-west1", "Oregon"),
        new CatalogEntry("us-west4", "Las Vegas"),
        new CatalogEntry("northamerica-northeast1", "Montréal"),
        new CatalogEntry("southamerica-east1", "São Paulo"),
        new CatalogEntry("europe-west1", "Belgium"),
        new CatalogEntry("europe-west2", "London"),
        new CatalogEntry("europe-west3", "Frankfurt"),
        new CatalogEntry("europe-west6", "Zürich"),
        new CatalogEntry("europe-west8", "Milan"),
        new CatalogEntry("europe-west9", "Paris"),
        new CatalogEntry("europe-north1", "Finland"),
        new CatalogEntry("europe-central2", "Warsaw"),
        new CatalogEntry("europe-southwest1", "Madrid"),
        new CatalogEntry("asia-east1", "Taiwan"),
        new CatalogEntry("asia-east2", "Hong Kong"),
        new CatalogEntry("asia-northeast1", "Tokyo"),
        new CatalogEntry("asia-northeast3", "Seoul"),
        new CatalogEntry("asia-south1", "Mumbai"),
        new CatalogEntry("asia-southeast1", "Singapore"),
        new CatalogEntry("australia-southeast1", "Sydney"),
        new CatalogEntry("me-central1", "Doha"),
        new CatalogEntry("me-central2", "Dammam"),
        new CatalogEntry("me-west1", "Tel Aviv"),
        new CatalogEntry("global", "Global endpoint (aiplatform.googleapis.com)"),
        new CatalogEntry("us", "United States multi-region (serves tuned Gemini 3.x models)"),
        new CatalogEntry("eu", "European Union multi-region (serves tuned Gemini 3.x models)"),
    };
}
