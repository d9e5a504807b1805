using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.Internal;
using GeminiTuning.Vertex;
using GeminiTuning.Workflows;
using static GeminiTuning.Tests.Datasets.Examples;

namespace GeminiTuning.Tests;

/// <summary>The checks before a create: nothing the catalog knows to be wrong, and no missing dataset, reaches the billed service.</summary>
public sealed class CreateCheckTests
{
    private static TuningJobRequest Request(string model = "gemini-2.5-flash") => new() { BaseModel = model, TrainingDatasetUri = "gs://bucket/train.jsonl" };

    private static GeminiTuningArgumentException Refused(TuningJobRequest request, string region = "us-central1") =>
        Assert.Throws<GeminiTuningArgumentException>(() => CatalogCheck.CheckRequest(request, region, new List<string>()));

    [Theory]
    [InlineData("gemini-2.5-flash", GeminiAdapterSize.ThirtyTwo, "One (1), Two (2), Four (4), Eight (8), Sixteen (16)")]
    [InlineData("gemini-2.5-pro", GeminiAdapterSize.Sixteen, "One (1), Two (2), Four (4), Eight (8)")]
    public void An_adapter_size_the_model_does_not_offer_is_refused_naming_the_allowed_sizes(string model, GeminiAdapterSize size, string allowed)
    {
        var request = Request(model);
        request.AdapterSize = size;

        var ex = Refused(request);

        Assert.Equal(("AdapterSize", "AdapterSizeNotSupported"), (ex.ParameterName, ex.Condition));
        Assert.Contains("the sizes are " + allowed + ".", ex.Message);
        Assert.Contains("-Force", ex.RecommendedAction);
    }

    [Fact]
    public void A_model_not_offered_in_the_region_cmek_where_unsupported_and_preference_without_it_are_refused()
    {
        var region = Refused(Request("gemini-3.5-flash"), "asia-northeast1");
        Assert.Equal(("Region", "RegionNotSupported"), (region.ParameterName, region.Condition));
        Assert.Contains("us-central1 and europe-west4", region.Message);

        var cmek = Request("gemini-3.1-flash-lite");
        cmek.KmsKeyName = "projects/p/locations/us-central1/keyRings/r/cryptoKeys/k";
        Assert.Equal("CmekNotSupported", Refused(cmek).Condition);

        var preference = Request("gemini-2.5-pro");
        preference.TuningMethod = GeminiTuningMethod.Preference;
        var ex = Refused(preference);
        Assert.Equal(("TuningMethod", "TuningMethodNotSupported"), (ex.ParameterName, ex.Condition));
        Assert.Contains("gemini-2.5-flash and gemini-2.5-flash-lite", ex.Message);
        Assert.Contains("does not settle this", ex.Message);

        Assert.Equal("BaseModelRetired", Refused(Request("gemini-1.5-pro-002")).Condition);
    }

    [Fact]
    public void An_unknown_base_model_is_a_warning_naming_the_closest_known_ones_not_a_refusal()
    {
        var warnings = new List<string>();

        Assert.Null(CatalogCheck.CheckRequest(Request("gemini-2.5-flsh"), "us-central1", warnings));

        Assert.Contains("'gemini-2.5-flsh' is not a base model this module knows", Assert.Single(warnings));
        Assert.Contains("gemini-2.5-flash", warnings[0]);
    }

    [Fact]
    public void A_mistyped_region_is_an_error_naming_the_closest_and_a_region_outside_a_cut_off_list_a_warning()
    {
        var ex = Refused(Request(), "us-centrall1");
        Assert.Equal(("Region", "RegionNotFound"), (ex.ParameterName, ex.Condition));
        Assert.StartsWith("'us-centrall1' is not a Google Cloud region; the closest are us-central1", ex.Message);

        var warnings = new List<string>();
        CatalogCheck.CheckRequest(Request(), "us-west2", warnings);
        Assert.Contains(warnings, w => w.Contains("does not list generative AI on Vertex AI in us-west2"));
        Assert.Contains(warnings, w => w.Contains("the list was cut off"));
    }

    [Fact]
    public void Input_the_service_would_refuse_or_silently_change_is_refused_first()
    {
        void Bad(string parameter, Action<TuningJobRequest> change)
        {
            var request = Request();
            change(request);
            Assert.Equal(parameter, Assert.Throws<GeminiTuningArgumentException>(request.Validate).ParameterName);
        }

        Bad("TunedModelDisplayName", r => r.TunedModelDisplayName = "   ");
        Bad("TunedModelDisplayName", r => r.TunedModelDisplayName = "two\nlines");
        Bad("Label", r => r.Labels["team"] = null!);
        Bad("TrainingDatasetUri", r => r.TrainingDatasetUri = "gs://bucket/train-*.jsonl");
        Bad("ValidationDatasetUri", r => r.ValidationDatasetUri = "gs://bucket/val?.jsonl");
        Bad("Description", r => r.Description = new string('x', 1_000_000));
        Bad("Beta", r => r.Beta = 0.1);
        Bad("CheckpointId", r => r.CheckpointId = "2");
        Bad("Label", r =>
        {
            r.RequestId = "my-run";
            for (var i = 0; i < 64; i++)
            {
                r.Labels["l" + i] = "v";
            }
        });
        Bad("Label", r =>
        {
            for (var i = 0; i < 65; i++)
            {
                r.Labels["l" + i] = "v";
            }
        });

        var international = Request();
        international.Labels["clé"] = "été";
        international.Labels["名前"] = "値";
        international.Validate();
    }

    [Fact]
    public void A_preference_request_and_a_continuation_from_a_checkpoint_are_written_as_the_service_expects()
    {
        var preference = Request();
        preference.TuningMethod = GeminiTuningMethod.Preference;
        preference.Beta = 0.1;
        preference.EpochCount = 2;
        preference.ExportLastCheckpointOnly = true;
        Assert.Equal("{\"baseModel\":\"gemini-2.5-flash\",\"preferenceOptimizationSpec\":{\"trainingDatasetUri\":\"gs://bucket/train.jsonl\"," +
            "\"hyperParameters\":{\"epochCount\":\"2\",\"beta\":0.1},\"exportLastCheckpointOnly\":true},\"labels\":{\"gemini-tuning-request-id\":\"r\"}}",
            Encoding.UTF8.GetString(GoogleJson.Serialize(preference.ToResource("r"))));

        var continuing = Request("projects/1/locations/us-central1/models/77@1");
        continuing.CheckpointId = "2";
        continuing.Validate();
        Assert.Contains("\"preTunedModel\":{\"tunedModelName\":\"projects/1/locations/us-central1/models/77@1\",\"checkpointId\":\"2\"}",
            Encoding.UTF8.GetString(GoogleJson.Serialize(continuing.ToResource("r"))));
    }

    [Fact]
    public async Task A_missing_dataset_object_is_refused_and_a_found_one_described_before_anything_is_created()
    {
        using var folder = new Datasets.TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "bucket"));
        File.WriteAllText(Path.Combine(folder.Path, "bucket", "train.jsonl"), Good + "\n");
        using var host = new EmulatorHost(configure: o => o.StorageDirectory = folder.Path);
        var operations = host.Operations();

        var found = await operations.CheckCreateAsync(null, Request(), force: false, checkObjects: true, null, CancellationToken.None);
        Assert.Contains(found.Findings, f => f.StartsWith("gs://bucket/train.jsonl: found, ", StringComparison.Ordinal));
        Assert.Contains(found.Findings, f => f.StartsWith("Catalog: Gemini 2.5 Flash", StringComparison.Ordinal));

        var missing = Request();
        missing.ValidationDatasetUri = "gs://bucket/validation.jsonl";
        var ex = await Assert.ThrowsAsync<GeminiTuningArgumentException>(() =>
            operations.CheckCreateAsync(null, missing, force: false, checkObjects: true, null, CancellationToken.None));
        Assert.Equal(("ValidationDatasetUri", "DatasetNotFound", ErrorCategoryHint.ObjectNotFound), (ex.ParameterName, ex.Condition, ex.Category));
        Assert.Empty(host.RequestsFor(EmulatorOperation.CreateTuningJob));
    }

    [Fact]
    public async Task No_permission_to_read_the_dataset_is_a_warning_and_force_skips_only_the_catalog()
    {
        using var host = new EmulatorHost();
        host.Emulator.Faults.Enqueue(EmulatorOperation.StorageGetObject, Fault.Error(403, "PERMISSION_DENIED", "tuner@p.iam.gserviceaccount.com does not have storage.objects.get access."));
        var request = Request("gemini-2.5-pro");
        request.AdapterSize = GeminiAdapterSize.Sixteen;

        var result = await host.Operations().CheckCreateAsync(null, request, force: true, checkObjects: true, Validate(Repeat(Good, 10)), CancellationToken.None);

        Assert.Contains(result.Warnings, w => w.StartsWith("Could not check that gs://bucket/train.jsonl exists", StringComparison.Ordinal));
        Assert.Contains("Catalog check skipped (-Force).", result.Findings);
        Assert.Contains(result.Findings, f => f.StartsWith("Billable size: about ", StringComparison.Ordinal) && f.Contains("per epoch"));
        Assert.Single(host.RequestsFor(EmulatorOperation.StorageGetObject));
    }

    [Fact]
    public async Task Sixty_four_labels_of_ones_own_are_sent_without_the_request_id_label_and_the_check_says_so()
    {
        using var host = new EmulatorHost();
        var request = Request();
        for (var i = 0; i < 64; i++)
        {
            request.Labels["label-" + i] = "v" + i;
        }

        var check = await host.Operations().CheckCreateAsync(null, request, force: false, checkObjects: true, null, CancellationToken.None);
        var created = await host.Operations().CreateAsync(null, null, request, CancellationToken.None);

        Assert.Contains(check.Warnings, w => w.StartsWith("64 labels leave no room", StringComparison.Ordinal));
        Assert.Null(created.RequestId);
        Assert.Equal(64, created.Job.Labels.Count);
        Assert.DoesNotContain(TuningJobRequest.RequestIdLabel, created.Job.Labels.Keys);
    }
}
