using System;
using System.IO;
using System.Linq;
using System.Reflection;
using GeminiTuning.Config;
using GeminiTuning.Datasets;
using GeminiTuning.Emulator;

namespace GeminiTuning.Tests;

/// <summary>The one model catalog: what it knows, and that completion, dataset limits and the emulator read the same data.</summary>
public sealed class CatalogTests
{
    private static readonly TuningCatalog Catalog = TuningCatalog.Default;

    [Fact]
    public void The_client_and_the_emulator_embed_the_same_catalog_data()
    {
        static byte[] Read(Assembly assembly, string name)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        var client = Read(typeof(TuningCatalog).Assembly, "GeminiTuning.tuning-catalog.json");
        var emulator = Read(typeof(GeminiTuningEmulator).Assembly, "GeminiTuning.Emulator.tuning-catalog.json");

        Assert.Equal(client, emulator);
        Assert.True(client.Length > 1000);
    }

    [Fact]
    public void Every_model_google_offers_for_tuning_today_is_known_with_its_methods()
    {
        var available = Catalog.AvailableModels.Select(m => m.Id).ToList();

        Assert.Equal(new[] { "gemini-3.5-flash", "gemini-3.5-flash-lite", "gemini-3.1-flash-lite", "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite" }, available);
        Assert.All(Catalog.AvailableModels, m => Assert.NotNull(m.Method(GeminiTuningMethod.Supervised)));
        Assert.Equal(new[] { "gemini-2.5-flash", "gemini-2.5-flash-lite" },
            Catalog.AvailableModels.Where(m => m.Method(GeminiTuningMethod.Preference) is not null).Select(m => m.Id));
        Assert.Equal(TunableModelStatus.Retired, Catalog.FindModel("gemini-1.5-flash-001")!.Status);
        Assert.Equal("gemini-2.5-flash-lite", Catalog.FindModel("publishers/google/models/gemini-2.5-flash-lite")!.Id);
        Assert.Null(Catalog.FindModel("projects/1/locations/us-central1/models/77"));
    }

    [Fact]
    public void The_catalog_holds_each_models_sizes_regions_cmek_and_limits()
    {
        var pro = Catalog.FindModel("gemini-2.5-pro")!;
        var flash35 = Catalog.FindModel("gemini-3.5-flash")!;

        Assert.Equal(new[] { GeminiAdapterSize.One, GeminiAdapterSize.Two, GeminiAdapterSize.Four, GeminiAdapterSize.Eight },
            pro.Method(GeminiTuningMethod.Supervised)!.AdapterSizes);
        Assert.Equal(new[] { "us-central1", "europe-west4" }, flash35.TuningRegions);
        Assert.True(flash35.TuningRegionsComplete);
        Assert.Equal(new[] { "us", "eu" }, flash35.ServingLocations);
        Assert.False(flash35.Cmek);
        Assert.Null(pro.Cmek);
        Assert.Equal(131_072, flash35.Limits.MaxTokensPerExample);
        Assert.Equal(256, Catalog.FindModel("gemini-1.5-pro-002")!.Limits.MaxValidationExamples);
        Assert.True(Catalog.FindModel("gemini-2.5-flash")!.Method(GeminiTuningMethod.Preference)!.TextOnly);
        Assert.Contains("cmek", Catalog.FindModel("gemini-3.5-flash-lite")!.Unconfirmed);
    }

    [Fact]
    public void Dataset_limits_come_from_the_catalog()
    {
        Assert.False(DatasetLimits.For("gemini-1.0-pro-002").AcceptsMedia);
        Assert.Equal(16, DatasetLimits.For("gemini-1.0-pro-002").MinTrainingExamples);
        Assert.Equal(128_000, DatasetLimits.For("gemini-1.5-flash-002").MaxTokensPerExample);
        Assert.Equal(300_000, DatasetLimits.For("gemini-3.5-flash-lite").MaxMultimodalTrainingExamples);
        Assert.True(DatasetLimits.For("gemini-9-nope").IsGeneric);
    }

    [Theory]
    [InlineData("gemini-2.5-flsh", "gemini-2.5-flash")]
    [InlineData("gemini-3.5-flash-lit", "gemini-3.5-flash-lite")]
    [InlineData("gemni-2.5-pro", "gemini-2.5-pro")]
    public void The_closest_known_models_are_found_for_a_typo(string typo, string closest) =>
        Assert.Equal(closest, Catalog.ClosestModels(typo)[0]);

    [Theory]
    [InlineData("us-centrall1", "us-central1")]
    [InlineData("europe-wset4", "europe-west4")]
    [InlineData("asia-northeast", "asia-northeast1")]
    public void The_closest_known_regions_are_found_for_a_typo(string typo, string closest) =>
        Assert.Equal(closest, Catalog.ClosestRegions(typo)[0]);

    [Fact]
    public void Completion_offers_the_available_models_and_each_models_adapter_sizes_in_size_order()
    {
        Assert.Contains(GeminiTuning.Config.Catalog.TunableBaseModels, e => e.Value == "gemini-3.5-flash-lite");
        Assert.DoesNotContain(GeminiTuning.Config.Catalog.TunableBaseModels, e => e.Value.StartsWith("gemini-1.", StringComparison.Ordinal));
        Assert.Equal(new[] { "One", "Two", "Four", "Eight" }, GeminiTuning.Config.Catalog.AdapterSizes("gemini-2.5-pro").Select(e => e.Value));
        Assert.Equal(new[] { "One", "Two", "Four", "Eight", "Sixteen" }, GeminiTuning.Config.Catalog.AdapterSizes(null).Select(e => e.Value));
        Assert.Contains(GeminiTuning.Config.Catalog.Regions, e => e.Value == "us-central1" && e.Description.Contains("gemini-3.5-flash"));
        Assert.DoesNotContain(GeminiTuning.Config.Catalog.Regions, e => e.Value == "us-west2");
    }
}
