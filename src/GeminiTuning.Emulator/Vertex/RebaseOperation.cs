using System;
using System.Text.Json.Nodes;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Vertex;

/// <summary>
/// The long-running operation <c>tuningJobs:rebaseTunedModel</c> answers with (rebase.md §3): parented under the new
/// job, done after <see cref="EmulatorOptions.RebaseOperationDuration"/>, its response the new TuningJob.
/// </summary>
internal sealed class RebaseOperation
{
    private const string MetadataType = "type.googleapis.com/google.cloud.aiplatform.v1.RebaseTunedModelOperationMetadata";
    private const string TuningJobType = "type.googleapis.com/google.cloud.aiplatform.v1.TuningJob";

    public RebaseOperation(string name, TuningJob job, DateTimeOffset createTime, DateTimeOffset doneTime)
    {
        Name = name;
        Job = job;
        CreateTime = createTime;
        DoneTime = doneTime;
    }

    public string Name { get; }

    public TuningJob Job { get; }

    public DateTimeOffset CreateTime { get; }

    public DateTimeOffset DoneTime { get; }

    public JsonObject Render(DateTimeOffset now)
    {
        var done = now >= DoneTime;
        var operation = new JsonObject
        {
            ["name"] = Name,
            ["metadata"] = new JsonObject
            {
                ["@type"] = MetadataType,
                ["genericMetadata"] = new JsonObject
                {
                    ["createTime"] = ProtoTime.Format(CreateTime),
                    ["updateTime"] = ProtoTime.Format(done ? DoneTime : CreateTime),
                },
            },
        };
        if (done)
        {
            operation["done"] = true;
            var response = new JsonObject { ["@type"] = TuningJobType };
            foreach (var property in TuningJobRenderer.Render(Job, Job.At(now)))
            {
                response[property.Key] = property.Value!.DeepClone();
            }

            operation["response"] = response;
        }

        return operation;
    }
}
