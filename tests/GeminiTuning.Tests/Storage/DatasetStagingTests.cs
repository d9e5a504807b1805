using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Datasets;
using GeminiTuning.Emulator;
using GeminiTuning.Http;
using GeminiTuning.Storage;
using GeminiTuning.Tests.Datasets;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests.Storage;

/// <summary>DatasetStaging: validate, then upload or reuse; what New-GeminiTuningJob -TrainingDatasetPath relies on.</summary>
public sealed class DatasetStagingTests : IDisposable
{
    private readonly EmulatorHost _host = new();
    private readonly TempFolder _folder = new();
    private readonly string _train;

    public DatasetStagingTests()
    {
        // About 1 MB, so that it takes several 256 KiB chunks.
        _train = _folder.Write("train.jsonl", Enumerable.Range(1, 6000).Select(i => Examples.Text("What is " + i + " squared?", (i * i) + ", of course.")));
    }

    public void Dispose()
    {
        _host.Dispose();
        _folder.Dispose();
    }

    private DatasetStaging Staging() => new(_host.Storage());

    private int StorageRequests => _host.Emulator.Requests.Count(r => r.Operation.ToString().StartsWith("Storage", StringComparison.Ordinal));

    [Fact]
    public async Task A_valid_dataset_is_uploaded_under_the_prefix_with_a_content_addressed_name()
    {
        var staged = await Staging().StageAsync(_train, "gs://my-bucket/tuning/run1", DatasetPurpose.Training, "gemini-2.5-flash", null, CancellationToken.None);

        Assert.True(staged.Uploaded);
        Assert.Matches("^gs://my-bucket/tuning/run1/train-[0-9a-f]{8}\\.jsonl$", staged.GcsUri);
        var name = staged.GcsUri.Substring("gs://my-bucket/".Length);
        Assert.Equal(File.ReadAllBytes(_train), await _host.DownloadAsync("my-bucket", name));
        Assert.True(_host.Puts().Count > 3);
        Assert.Equal(6000, staged.Report.ExampleCount);
        Assert.Equal(DatasetStaging.JsonlContentType, staged.Object.ContentType);
    }

    [Fact]
    public async Task Staging_the_same_file_again_sends_no_data()
    {
        var first = await Staging().StageAsync(_train, "gs://my-bucket/tuning", DatasetPurpose.Training, null, null, CancellationToken.None);
        var uploadsBefore = _host.RequestsFor(EmulatorOperation.StorageUpload).Count;

        var again = await Staging().StageAsync(_train, "gs://my-bucket/tuning/", DatasetPurpose.Training, null, null, CancellationToken.None);

        Assert.False(again.Uploaded);
        Assert.Equal(first.GcsUri, again.GcsUri);
        Assert.Equal(uploadsBefore, _host.RequestsFor(EmulatorOperation.StorageUpload).Count);
        Assert.Equal(2, _host.RequestsFor(EmulatorOperation.StorageGetObject).Count);
    }

    [Fact]
    public async Task A_changed_file_gets_a_new_object_and_the_old_one_stays()
    {
        var first = await Staging().StageAsync(_train, "gs://my-bucket/t", DatasetPurpose.Training, null, null, CancellationToken.None);
        File.AppendAllText(_train, Examples.Good + "\n");

        var second = await Staging().StageAsync(_train, "gs://my-bucket/t", DatasetPurpose.Training, null, null, CancellationToken.None);

        Assert.True(second.Uploaded);
        Assert.NotEqual(first.GcsUri, second.GcsUri);
        Assert.NotNull(await _host.Storage().GetObjectAsync(new GcsObject("my-bucket", first.GcsUri.Substring("gs://my-bucket/".Length)), CancellationToken.None));
    }

    [Fact]
    public async Task WhatIf_validates_and_describes_without_any_request()
    {
        var plan = await Staging().PlanAsync(_train, "gs://my-bucket/tuning", DatasetPurpose.Training, "gemini-2.5-flash", null, CancellationToken.None);

        var text = DatasetStaging.DescribeStaging(plan);

        Assert.Equal(0, StorageRequests);
        Assert.Empty(_host.Emulator.Requests);
        Assert.StartsWith($"Would upload train.jsonl ({new FileInfo(_train).Length:N0} bytes, 6,000 training examples) to gs://my-bucket/tuning/train-", text);
        Assert.Contains(plan.TargetUri, text);
        Assert.Equal(plan.Hashes.Crc32cHex, plan.TargetUri.Substring(plan.TargetUri.LastIndexOf('-') + 1, 8));
    }

    [Fact]
    public async Task An_invalid_dataset_fails_with_its_problems_and_nothing_is_sent()
    {
        var bad = _folder.Write("bad.jsonl", new[] { Examples.Good, "{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"x\"}]}]}", "not json" });

        var error = await Assert.ThrowsAsync<DatasetInvalidException>(() =>
            Staging().StageAsync(bad, "gs://my-bucket/t", DatasetPurpose.Training, "gemini-2.5-flash", null, CancellationToken.None));

        Assert.Equal("InvalidDataset", error.Condition);
        Assert.Equal(ErrorCategoryHint.InvalidData, error.Category);
        Assert.StartsWith("The training dataset 'bad.jsonl' has 2 error(s): line 2, column ", error.Message);
        Assert.Contains("line 3, column 2: Invalid JSON", error.Message);
        Assert.Contains("Test-GeminiTuningDataset -LiteralPath '" + bad + "' -BaseModel gemini-2.5-flash", error.RecommendedAction);
        Assert.Equal(2, error.Report.ErrorCount);
        Assert.Equal(0, StorageRequests);
    }

    [Fact]
    public async Task A_bad_staging_location_is_refused_before_the_file_is_read()
    {
        var error = await Assert.ThrowsAsync<GeminiTuningArgumentException>(() =>
            Staging().StageAsync(Path.Combine(_folder.Path, "missing.jsonl"), "gs://My_Bucket/x", DatasetPurpose.Training, null, null, CancellationToken.None));

        Assert.Equal("StagingBucket", error.ParameterName);
        Assert.Equal("InvalidStagingBucket", error.Condition);
        Assert.Contains("lowercase", error.Message);
    }

    [Fact]
    public async Task A_missing_file_is_reported_by_name()
    {
        var missing = Path.Combine(_folder.Path, "missing.jsonl");

        var error = await Assert.ThrowsAsync<GeminiTuningException>(() =>
            Staging().StageAsync(missing, "gs://my-bucket", DatasetPurpose.Training, null, null, CancellationToken.None));

        Assert.Equal("FileNotFound", error.Condition);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public async Task A_file_changed_between_validation_and_upload_is_refused_and_its_copy_deleted()
    {
        var staging = Staging();
        var plan = await staging.PlanAsync(_train, "gs://my-bucket/t", DatasetPurpose.Training, null, null, CancellationToken.None);
        var bytes = File.ReadAllBytes(_train);
        bytes[20] = (byte)'X';
        File.WriteAllBytes(_train, bytes);

        var error = await Assert.ThrowsAsync<GeminiTuningException>(() => staging.UploadAsync(plan, null, CancellationToken.None));

        Assert.Equal("DatasetChanged", error.Condition);
        Assert.Null(await _host.Storage().GetObjectAsync(plan.Target, CancellationToken.None));
    }

    [Fact]
    public async Task Progress_covers_validation_then_upload_of_the_whole_file()
    {
        var reports = new System.Collections.Generic.List<DatasetStagingProgress>();

        var staged = await Staging().StageAsync(_train, "gs://my-bucket/t", DatasetPurpose.Training, null, new SyncProgress(reports.Add), CancellationToken.None);

        var phases = reports.Select(r => r.Phase).Distinct().ToList();
        Assert.Equal(new[] { DatasetStagingPhase.Validating, DatasetStagingPhase.Uploading }, phases);
        Assert.Equal(staged.SizeBytes, reports.Last(r => r.Phase == DatasetStagingPhase.Validating).BytesDone);
        Assert.Equal(100, reports.Last().PercentComplete);
    }

    [Fact]
    public async Task The_staged_uri_works_for_a_tuning_job_whose_statistics_match_the_local_estimate()
    {
        var staged = await Staging().StageAsync(_train, "gs://my-bucket/t", DatasetPurpose.Training, "gemini-2.5-flash", null, CancellationToken.None);
        var request = new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = staged.GcsUri, EpochCount = 1 };

        var created = await _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, request, CancellationToken.None);
        _host.Clock.Advance(TimeSpan.FromMinutes(10));
        var job = await _host.Operations().GetAsync(created.Job.Name, null, null, CancellationToken.None);

        Assert.Equal(GeminiTuningJobState.Running, job.State);
        Assert.Equal(staged.Report.ExampleCount, job.TuningDataStats!.ExampleCount);
        Assert.Equal(staged.Report.EstimatedTokens, job.TuningDataStats.TotalBillableTokenCount);
    }

    [Theory]
    [InlineData("my data [v2].jsonl", "my-data--v2-")]
    [InlineData("train.txt", "train")]
    [InlineData("résumés.JSONL", "résumés")]
    [InlineData(".jsonl", "dataset")]
    public void The_object_name_keeps_the_file_name_readable_and_always_ends_in_jsonl(string file, string stem)
    {
        var hasher = new ContentHasher();

        var name = DatasetStaging.ObjectFileName(Path.Combine(_folder.Path, file), hasher.Finish());

        Assert.Equal(stem + "-00000000.jsonl", name);
    }

    private sealed class SyncProgress : IProgress<DatasetStagingProgress>
    {
        private readonly Action<DatasetStagingProgress> _report;

        public SyncProgress(Action<DatasetStagingProgress> report) => _report = report;

        public void Report(DatasetStagingProgress value) => _report(value);
    }
}
