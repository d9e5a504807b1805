using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests;

/// <summary>Preference tuning, continuous tuning from a checkpoint and rebase, over the emulator; never created twice.</summary>
public sealed class TuningSurfaceTests : IDisposable
{
    private readonly EmulatorHost _host = new();

    public void Dispose() => _host.Dispose();

    private async Task<GeminiTuningJob> SucceededJobAsync(string model = "gemini-2.5-flash", long epochs = 3)
    {
        var request = new TuningJobRequest { BaseModel = model, TrainingDatasetUri = "gs://bucket/train.jsonl", EpochCount = epochs };
        var job = (await _host.Operations().CreateAsync(null, null, request, CancellationToken.None)).Job;
        _host.Clock.Advance(TimeSpan.FromHours(2));
        return await _host.Operations().GetAsync(job.Name, null, null, CancellationToken.None);
    }

    [Fact]
    public async Task A_preference_job_shows_its_method_beta_and_preference_statistics()
    {
        var request = new TuningJobRequest
        {
            BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/dpo.jsonl", TuningMethod = GeminiTuningMethod.Preference,
            Beta = 0.1, EpochCount = 2, AdapterSize = GeminiAdapterSize.Four, ExportLastCheckpointOnly = true,
        };

        var created = (await _host.Operations().CreateAsync(null, null, request, CancellationToken.None)).Job;
        _host.Clock.Advance(TimeSpan.FromMinutes(30));
        var job = await _host.Operations().GetAsync(created.Name, null, null, CancellationToken.None);

        Assert.Equal((GeminiTuningMethod?)GeminiTuningMethod.Preference, job.TuningMethod);
        Assert.Equal((0.1, 2L, GeminiAdapterSize.Four, true), (job.Beta!.Value, job.EpochCount!.Value, job.AdapterSize!.Value, job.ExportLastCheckpointOnly));
        Assert.Equal("gs://bucket/dpo.jsonl", job.TrainingDatasetUri);
        Assert.Equal(GeminiTuningMethod.Preference, job.TuningDataStats!.TuningMethod);
        Assert.NotNull(job.TuningDataStats.ScoresDistribution);
        Assert.True(job.TuningDataStats.TotalBillableTokenCount > 0);
    }

    [Fact]
    public async Task Continuing_from_a_checkpoint_sends_pre_tuned_model_with_its_checkpoint_and_the_checkpoint_names_its_model()
    {
        var first = await SucceededJobAsync();
        var checkpoint = first.Checkpoints[1];
        Assert.Equal((first.TunedModelName, first.Name), (checkpoint.TunedModelName, checkpoint.JobName));

        var request = new TuningJobRequest { BaseModel = checkpoint.TunedModelName!, CheckpointId = checkpoint.CheckpointId, TrainingDatasetUri = "gs://bucket/more.jsonl" };
        var next = (await _host.Operations().CreateAsync(null, null, request, CancellationToken.None)).Job;

        Assert.Equal(("gemini-2.5-flash", first.TunedModelName, "2"), (next.BaseModel, next.PreTunedModelName, next.PreTunedCheckpointId));
        var body = _host.RequestsFor(EmulatorOperation.CreateTuningJob).Last().Body;
        Assert.Contains("\"preTunedModel\":{\"tunedModelName\":\"" + first.TunedModelName + "\",\"checkpointId\":\"2\"}", body);
        Assert.DoesNotContain("\"baseModel\"", body);
    }

    [Fact]
    public async Task A_rebase_returns_its_new_job_like_a_create()
    {
        var source = await SucceededJobAsync("gemini-2.0-flash-001");

        var result = await _host.Operations().RebaseAsync(new RebaseTunedModelRequest { TunedModelRef = source.Name, DeployToSameEndpoint = true }, CancellationToken.None);

        Assert.False(result.AlreadyExisted);
        Assert.Equal("gemini-3.5-flash", result.Job.BaseModel);
        Assert.Equal(GeminiTuningJobState.Pending, result.Job.State);
        Assert.Equal(result.RequestId, result.Job.Labels[TuningJobRequest.RequestIdLabel]);
        Assert.StartsWith(result.Job.Name + "/operations/", result.OperationName);
        var body = Assert.Single(_host.RequestsFor(EmulatorOperation.RebaseTunedModel)).Body;
        Assert.Contains("\"tunedModelRef\":{\"tuningJob\":\"" + source.Name + "\"}", body);
        Assert.Contains("\"deployToSameEndpoint\":true", body);
    }

    [Fact]
    public async Task A_rebase_whose_answer_is_lost_is_found_by_its_label_and_never_sent_twice()
    {
        var source = await SucceededJobAsync();
        _host.Emulator.Faults.Enqueue(EmulatorOperation.RebaseTunedModel, Fault.DropConnectionAfterProcessing());

        var result = await _host.Operations().RebaseAsync(new RebaseTunedModelRequest { TunedModelRef = source.TunedModelName! }, CancellationToken.None);

        Assert.Single(_host.RequestsFor(EmulatorOperation.RebaseTunedModel));
        Assert.Equal("gemini-3.5-flash", result.Job.BaseModel);
        Assert.Equal(2, (await _host.Vertex().ListPageAsync(EmulatorHost.Project, EmulatorHost.Region, null, null, 100, CancellationToken.None)).Jobs.Count);
        Assert.Contains(_host.Log.Lines, l => l.Contains("The answer to the rebase was lost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rebase_lost_before_it_reached_the_service_is_reported_and_a_rerun_with_its_request_id_rebases_once()
    {
        var source = await SucceededJobAsync();
        _host.Emulator.Faults.Enqueue(EmulatorOperation.RebaseTunedModel, Fault.DropConnection());
        var request = new RebaseTunedModelRequest { TunedModelRef = source.Name, RequestId = "rebase-1" };

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() => _host.Operations().RebaseAsync(request, CancellationToken.None));
        Assert.Equal("RebaseOutcomeUnknown", ex.Condition);
        Assert.Contains("-RequestId rebase-1", ex.RecommendedAction);
        Assert.Single(_host.RequestsFor(EmulatorOperation.RebaseTunedModel));

        var rerun = await _host.Operations().RebaseAsync(request, CancellationToken.None);
        var again = await _host.Operations().RebaseAsync(request, CancellationToken.None);

        Assert.False(rerun.AlreadyExisted);
        Assert.True(again.AlreadyExisted);
        Assert.Equal(rerun.Job.Name, again.Job.Name);
        Assert.Equal(2, _host.RequestsFor(EmulatorOperation.RebaseTunedModel).Count);
    }

    [Fact]
    public async Task A_rebase_operation_still_running_yields_the_job_found_by_its_label()
    {
        using var host = new EmulatorHost(configure: o => o.RebaseOperationDuration = TimeSpan.FromHours(5));
        var create = new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/train.jsonl" };
        var source = (await host.Operations().CreateAsync(null, null, create, CancellationToken.None)).Job;
        host.Clock.Advance(TimeSpan.FromHours(2));

        var result = await host.Operations().RebaseAsync(new RebaseTunedModelRequest { TunedModelRef = source.Name }, CancellationToken.None);

        Assert.Equal("gemini-3.5-flash", result.Job.BaseModel);
        Assert.Empty(host.RequestsFor(EmulatorOperation.GetTuningJobOperation));
    }

    [Fact]
    public async Task A_rebase_the_service_refuses_is_an_error_and_a_bad_reference_never_leaves_the_machine()
    {
        var running = (await _host.Operations().CreateAsync(null, null,
            new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/train.jsonl" }, CancellationToken.None)).Job;

        var refused = await Assert.ThrowsAsync<GoogleApiException>(() =>
            _host.Operations().RebaseAsync(new RebaseTunedModelRequest { TunedModelRef = running.Name }, CancellationToken.None));
        Assert.Equal("FAILED_PRECONDITION", refused.Status);

        var bad = Assert.Throws<GeminiTuningArgumentException>(() => new RebaseTunedModelRequest { TunedModelRef = "my-model" }.Validate());
        Assert.Equal("RebaseTunedModel", bad.ParameterName);
        Assert.Single(_host.RequestsFor(EmulatorOperation.RebaseTunedModel));
    }

    [Fact]
    public async Task A_create_with_64_labels_whose_answer_is_lost_is_found_by_its_fingerprint_and_never_sent_twice()
    {
        var request = new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/train.jsonl", TunedModelDisplayName = "full" };
        for (var i = 0; i < 64; i++)
        {
            request.Labels["label-" + i] = "v" + i;
        }

        await SucceededJobAsync(); // another job, which must not be taken for it
        _host.Emulator.Faults.Enqueue(EmulatorOperation.CreateTuningJob, Fault.DropConnectionAfterProcessing());

        var result = await _host.Vertex().CreateAsync(EmulatorHost.Project, EmulatorHost.Region, request, CancellationToken.None);

        Assert.Equal(2, _host.RequestsFor(EmulatorOperation.CreateTuningJob).Count); // the first job's create, and this one once
        Assert.Equal("full", result.Job.TunedModelDisplayName);
        Assert.Equal(64, result.Job.Labels.Count);
        Assert.Contains(_host.Log.Lines, l => l.Contains("its labels, model, dataset and creation time", StringComparison.Ordinal));
    }
}
