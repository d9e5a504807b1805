using System.Globalization;
using System.Text.Json.Nodes;
using GeminiTuning.Emulator.Datasets;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Vertex;

/// <summary>Writes a <see cref="TuningJob"/> as the proto3 JSON TuningJob resource: fields in proto order, int64 as
/// strings, timestamps in RFC 3339, defaults omitted.</summary>
internal static class TuningJobRenderer
{
    public static JsonObject Render(TuningJob job, JobTimeline t)
    {
        var request = job.Request;
        var result = new JsonObject { ["name"] = job.Name };
        CopyIfPresent(request, result, "tunedModelDisplayName");
        CopyIfPresent(request, result, "description");
        if (request["preTunedModel"] is JsonObject preTuned)
        {
            var echo = (JsonObject)preTuned.DeepClone();
            echo["baseModel"] = job.BaseModel;
            result["preTunedModel"] = echo;
        }
        else
        {
            result["baseModel"] = job.BaseModel;
        }

        if (request[job.SpecField] is JsonObject spec)
        {
            var echo = (JsonObject)spec.DeepClone();
            if (echo["hyperParameters"] is JsonObject hyper)
            {
                Int64AsString(hyper, "epochCount");
                Int64AsString(hyper, "batchSize");
            }

            result[job.SpecField] = echo;
        }

        result["state"] = t.State;
        result["createTime"] = ProtoTime.Format(job.CreateTime);
        if (t.Start is not null)
        {
            result["startTime"] = ProtoTime.Format(t.Start.Value);
        }

        if (t.End is not null)
        {
            result["endTime"] = ProtoTime.Format(t.End.Value);
        }

        result["updateTime"] = ProtoTime.Format(t.Update);
        if (t.ErrorCode is int code)
        {
            result["error"] = new JsonObject { ["code"] = code, ["message"] = t.ErrorMessage };
        }

        CopyIfPresent(request, result, "labels");
        if (t.Start is not null)
        {
            result["experiment"] = job.Parent + "/metadataStores/default/contexts/" + job.ExperimentId;
        }

        if (t.Succeeded)
        {
            result["tunedModel"] = TunedModel(job);
        }

        if (t.Start is not null)
        {
            result["tuningDataStats"] = job.SpecField == TuningJob.PreferenceSpec
                ? PreferenceDataStats.Render(job.Training, job.Epochs, job.TotalSteps)
                : TuningDataStats.Render(job.Training, job.Epochs, job.TotalSteps);
        }

        CopyIfPresent(request, result, "encryptionSpec");
        CopyIfPresent(request, result, "serviceAccount");
        return result;
    }

    private static JsonObject TunedModel(TuningJob job)
    {
        var tuned = new JsonObject
        {
            ["model"] = job.Parent + "/models/" + job.ModelId + "@" + job.ModelVersion.ToString(CultureInfo.InvariantCulture),
            ["endpoint"] = job.Parent + "/endpoints/" + job.EndpointId,
        };
        if (!job.ExportLastCheckpointOnly)
        {
            var checkpoints = new JsonArray();
            for (var epoch = 1; epoch <= job.CheckpointEndpointIds.Length; epoch++)
            {
                checkpoints.Add(new JsonObject
                {
                    ["checkpointId"] = epoch.ToString(CultureInfo.InvariantCulture),
                    ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
                    ["step"] = (epoch * job.StepsPerEpoch).ToString(CultureInfo.InvariantCulture),
                    ["endpoint"] = job.Parent + "/endpoints/" + job.CheckpointEndpointIds[epoch - 1],
                });
            }

            tuned["checkpoints"] = checkpoints;
        }

        return tuned;
    }

    private static void CopyIfPresent(JsonObject from, JsonObject to, string name)
    {
        if (from[name] is JsonNode node)
        {
            to[name] = node.DeepClone();
        }
    }

    private static void Int64AsString(JsonObject obj, string name)
    {
        if (JsonFields.Long(obj, name) is long value)
        {
            obj[name] = value.ToString(CultureInfo.InvariantCulture);
        }
    }
}
