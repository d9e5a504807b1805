using System;
using System.Text;
using GeminiTuning.Internal;
using GeminiTuning.Vertex;
using GeminiTuning.Vertex.Wire;

namespace GeminiTuning.Tests;

public class TuningJobReadingTests
{
    private static GeminiTuningJob Read(string json) =>
        TuningJobMapper.ToJob(GoogleJson.Deserialize<TuningJobResource>(Encoding.UTF8.GetBytes(json), "test"));

    // The succeeded job of vertex-tuning-api.md §7.3, plus fields from newer API versions this module does not know.
    private const string SucceededJob = """
        {
          "name": "projects/123456789012/locations/us-central1/tuningJobs/4982013113894174720",
          "tunedModelDisplayName": "tuned_gemini",
          "baseModel": "gemini-2.5-flash",
          "supervisedTuningSpec": {
            "trainingDatasetUri": "gs://my-bucket/train.jsonl",
            "validationDatasetUri": "gs://my-bucket/validation.jsonl",
            "hyperParameters": { "epochCount": "3", "learningRateMultiplier": 1, "adapterSize": "ADAPTER_SIZE_FOUR" }
          },
          "state": "JOB_STATE_SUCCEEDED",
          "createTime": "2026-08-21T10:15:30.123456Z",
          "startTime": "2026-08-21T10:16:02.510922Z",
          "endTime": "2026-08-21T11:02:44.009121Z",
          "updateTime": "2026-08-21T11:02:44.009121713Z",
          "experiment": "projects/123456789012/locations/us-central1/metadataStores/default/contexts/tuning-experiment-20260821101530123456",
          "tunedModel": {
            "model": "projects/123456789012/locations/us-central1/models/1234567890@1",
            "endpoint": "projects/123456789012/locations/us-central1/endpoints/123456789012345",
            "checkpoints": [
              { "checkpointId": "1", "epoch": "1", "step": "10", "endpoint": "projects/123456789012/locations/us-central1/endpoints/123456789000000" },
              { "checkpointId": "2", "epoch": "2", "step": "20", "endpoint": "projects/123456789012/locations/us-central1/endpoints/123456789012345" }
            ]
          },
          "tuningDataStats": {
            "supervisedTuningDataStats": {
              "tuningDatasetExampleCount": "500",
              "totalTuningCharacterCount": "812345",
              "totalBillableTokenCount": "610233",
              "tuningStepCount": "30",
              "truncatedExampleIndices": ["4", "17"],
              "userInputTokenDistribution": { "sum": "180211", "billableSum": "180211", "min": 35, "max": 1630, "mean": 360.42, "median": 298, "p5": 61, "p95": 977,
                "buckets": [ { "count": 120, "left": 35, "right": 200 } ] },
              "userDatasetExamples": [ { "role": "user", "parts": [ { "text": "Summarize" } ] } ]
            }
          },
          "evaluateDatasetRuns": [ { "checkpointId": "2" } ],
          "tuningJobMetadata": { "someFutureField": 1 },
          "preferenceOptimizationSpec": null
        }
        """;

    [Fact]
    public void A_succeeded_job_reads_completely_with_int64_strings_and_unknown_fields()
    {
        var job = Read(SucceededJob);

        Assert.Equal("4982013113894174720", job.Id);
        Assert.Equal("123456789012", job.Project);
        Assert.Equal("us-central1", job.Region);
        Assert.Equal(GeminiTuningJobState.Succeeded, job.State);
        Assert.True(job.HasEnded);
        Assert.Equal(3, job.EpochCount);
        Assert.Equal(GeminiAdapterSize.Four, job.AdapterSize);
        Assert.Equal(1.0, job.LearningRateMultiplier);
        Assert.Equal("projects/123456789012/locations/us-central1/endpoints/123456789012345", job.TunedModelEndpoint);
        Assert.Equal("projects/123456789012/locations/us-central1/models/1234567890@1", job.TunedModelName);
        Assert.Equal(2, job.Checkpoints.Count);
        Assert.Equal(20, job.Checkpoints[1].Step);
        Assert.Equal(500, job.TuningDataStats!.ExampleCount);
        Assert.Equal(30, job.TuningDataStats.TuningStepCount);
        Assert.Equal(new long[] { 4, 17 }, job.TuningDataStats.TruncatedExampleIndices);
        Assert.Equal(360.42, job.TuningDataStats.UserInputTokenDistribution!.Mean);
        Assert.Equal(new DateTimeOffset(2026, 8, 21, 10, 15, 30, TimeSpan.Zero).AddTicks(1234560), job.CreateTime);
        // 00:46:41.4981990 between start and end, shown in whole seconds as every duration the module shows.
        Assert.Equal(TimeSpan.Parse("00:46:41"), job.Duration);
    }

    [Fact]
    public void A_state_the_service_adds_later_reads_as_unknown_and_not_ended()
    {
        var job = Read("""{"name":"projects/1/locations/us-central1/tuningJobs/2","state":"JOB_STATE_WARMING_UP"}""");

        Assert.Equal(GeminiTuningJobState.Unknown, job.State);
        Assert.Equal("JOB_STATE_WARMING_UP", job.ServiceState);
        Assert.False(job.HasEnded);
    }

    [Fact]
    public void A_cancelled_job_carries_its_grpc_error()
    {
        var job = Read("""{"name":"projects/1/locations/us-central1/tuningJobs/7005","state":"JOB_STATE_CANCELLED","error":{"code":1,"message":"CANCELED"},"endTime":"2026-08-21T10:40:00Z"}""");

        Assert.Equal(GeminiTuningJobState.Cancelled, job.State);
        Assert.Equal("CANCELLED", job.Error!.Status);
        Assert.Equal("CANCELED", job.Error.Message);
        Assert.Null(job.TunedModelEndpoint);
    }

    [Fact]
    public void Epoch_count_may_also_arrive_as_a_number()
    {
        var job = Read("""{"name":"projects/1/locations/l/tuningJobs/2","supervisedTuningSpec":{"hyperParameters":{"epochCount":5}}}""");

        Assert.Equal(5, job.EpochCount);
    }

    [Fact]
    public void Json_the_module_cannot_read_gives_an_error_naming_the_path_not_the_content()
    {
        var ex = Assert.Throws<GeminiTuningException>(() => Read("""{"name":"x","createTime":"secret-looking-not-a-date"}"""));

        Assert.Equal("InvalidResponse", ex.Condition);
        Assert.Contains("$.createTime", ex.Message);
        Assert.DoesNotContain("secret-looking", ex.Message);
    }
}
