using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Datasets;
using GeminiTuning.Emulator;
using GeminiTuning.Tests.Datasets;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests.Storage;

/// <summary>LocalDatasetJob: what New-GeminiTuningJob -TrainingDatasetPath does, over the emulator.</summary>
public sealed class LocalDatasetJobTests : IDisposable
{
    private readonly EmulatorHost _host = new();
    private readonly TempFolder _folder = new();
    private readonly string _train;
    private readonly string _validation;

    public LocalDatasetJobTests()
    {
        _train = _folder.Write("train.jsonl", Enumerable.Range(1, 200).Select(i => Examples.Text("What is " + i + " squared?", (i * i) + ".")));
        _validation = _folder.Write("validation.jsonl", Enumerable.Range(1, 20).Select(i => Examples.Text("And " + i + " cubed?", (i * i * i) + ".")));
    }

    public void Dispose()
    {
        _host.Dispose();
        _folder.Dispose();
    }

    private LocalDatasetJob Orchestration() => new(_host.Services(), new DatasetStaging(_host.Storage()));

    private static TuningJobRequest Request(string baseModel = "gemini-2.5-flash") => new() { BaseModel = baseModel, EpochCount = 2 };

    private int Sent(string prefix) => _host.Emulator.Requests.Count(r => r.Operation.ToString().StartsWith(prefix, StringComparison.Ordinal));

    [Fact]
    public async Task A_job_is_created_with_the_uris_its_uploaded_datasets_got()
    {
        var orchestration = Orchestration();
        var plan = await orchestration.PlanAsync(null, null, Request(), _train, _validation, "gs://my-bucket/tuning", null, CancellationToken.None);

        Assert.Equal(0, Sent("Storage") + Sent("CreateTuningJob"));
        Assert.Matches("^Would upload train\\.jsonl .* Would upload validation\\.jsonl .* Then create tuning job: gemini-2\\.5-flash tuned on gs://my-bucket/tuning/train-[0-9a-f]{8}\\.jsonl", plan.Description);

        var result = await orchestration.RunAsync(plan, null, CancellationToken.None);

        Assert.Equal(LocalDatasetJobStage.Created, plan.Stage);
        Assert.Equal(new[] { _train, _validation }, plan.Staged.Select(s => s.LocalPath));
        Assert.Equal(plan.Staged[0].GcsUri, result.Job.TrainingDatasetUri);
        Assert.Equal(plan.Staged[1].GcsUri, result.Job.ValidationDatasetUri);
        Assert.Equal(2, result.Job.EpochCount);
        Assert.Single(_host.RequestsFor(EmulatorOperation.CreateTuningJob));
        Assert.Equal(await System.IO.File.ReadAllBytesAsync(_train), await _host.DownloadAsync("my-bucket", plan.Staged[0].GcsUri.Substring("gs://my-bucket/".Length)));
    }

    [Fact]
    public async Task A_wrong_parameter_is_reported_before_any_file_is_read()
    {
        var missing = System.IO.Path.Combine(_folder.Path, "missing.jsonl");

        var error = await Assert.ThrowsAsync<GeminiTuningArgumentException>(() =>
            Orchestration().PlanAsync(null, null, Request("not a model!"), missing, null, "gs://my-bucket/t", null, CancellationToken.None));

        Assert.Equal("BaseModel", error.ParameterName);
        Assert.Empty(_host.Emulator.Requests);
    }

    [Fact]
    public async Task A_bad_staging_location_is_reported_as_such()
    {
        var error = await Assert.ThrowsAsync<GeminiTuningArgumentException>(() =>
            Orchestration().PlanAsync(null, null, Request(), _train, null, "s3://bucket", null, CancellationToken.None));

        Assert.Equal("StagingBucket", error.ParameterName);
    }

    [Fact]
    public async Task A_plan_given_up_before_it_runs_sends_nothing_and_has_nothing_to_tell()
    {
        var orchestration = Orchestration();
        var plan = await orchestration.PlanAsync(null, null, Request(), _train, null, "gs://my-bucket/t", null, CancellationToken.None);

        Assert.Null(plan.Abandon());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => orchestration.RunAsync(plan, null, CancellationToken.None));
        Assert.Equal(0, Sent("Storage") + Sent("CreateTuningJob"));
    }

    [Fact]
    public async Task Given_up_during_an_upload_it_says_no_job_was_created_and_creates_none()
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.StorageUpload, Fault.Delay(TimeSpan.FromSeconds(1)));
        var orchestration = Orchestration();
        var plan = await orchestration.PlanAsync(null, null, Request(), _train, null, "gs://my-bucket/t", null, CancellationToken.None);
        var run = orchestration.RunAsync(plan, null, CancellationToken.None);
        await WaitForAsync(() => plan.Stage == LocalDatasetJobStage.Uploading && _host.RequestsFor(EmulatorOperation.StorageUpload).Count > 0);

        var told = plan.Abandon();

        Assert.Matches("^Stopped while uploading train\\.jsonl to gs://my-bucket/t/train-[0-9a-f]{8}\\.jsonl: no tuning job was created\\.", told);
        // The user was told no job was created: the upload goes on (its token was not cancelled here), and still no create is sent.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(_host.RequestsFor(EmulatorOperation.CreateTuningJob));
    }

    [Fact]
    public async Task Given_up_while_the_create_is_in_flight_it_says_the_job_may_exist()
    {
        _host.Emulator.Faults.Enqueue(EmulatorOperation.CreateTuningJob, Fault.Delay(TimeSpan.FromSeconds(1)));
        var orchestration = Orchestration();
        var plan = await orchestration.PlanAsync(null, null, Request(), _train, null, "gs://my-bucket/t", null, CancellationToken.None);
        var run = orchestration.RunAsync(plan, null, CancellationToken.None);
        await WaitForAsync(() => _host.RequestsFor(EmulatorOperation.CreateTuningJob).Count > 0);

        var told = plan.Abandon();

        Assert.StartsWith("Stopped while the tuning job was being created: it may have been created (gemini-2.5-flash tuned on gs://my-bucket/t/train-", told);
        Assert.Contains("train.jsonl is in gs://my-bucket/t/", told);
        Assert.Equal(plan.Staged[0].GcsUri, (await run).Job.TrainingDatasetUri);
    }

    [Fact]
    public async Task A_large_validation_set_gets_the_share_warning()
    {
        var validation = _folder.Write("big-validation.jsonl", Enumerable.Range(1, 1100).Select(i => Examples.Text("Q" + i, "A" + i)));

        var plan = await Orchestration().PlanAsync(null, null, Request(), _train, validation, "gs://my-bucket/t", null, CancellationToken.None);

        Assert.Contains("more than 30% of the 200 training examples", plan.ValidationShareWarning);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The run did not get there within 10 s.");
            await Task.Delay(10);
        }
    }
}
