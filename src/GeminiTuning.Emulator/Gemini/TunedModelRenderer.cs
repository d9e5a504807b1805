using System;
using System.Globalization;
using System.Text.Json.Nodes;
using GeminiTuning.Emulator.Json;
using GeminiTuning.Emulator.Metrics;

namespace GeminiTuning.Emulator.Gemini;

/// <summary>Writes a <see cref="TunedModel"/> as the v1beta TunedModel resource and as its create Operation, as they
/// stand at a given time: state, tuning snapshots and completion all follow from the clock.</summary>
internal static class TunedModelRenderer
{
    private const string MetadataType = "type.googleapis.com/google.ai.generativelanguage.v1beta.CreateTunedModelMetadata";
    private const string TunedModelType = "type.googleapis.com/google.ai.generativelanguage.v1beta.TunedModel";

    public static JsonObject Render(TunedModel model, DateTimeOffset now)
    {
        var result = new JsonObject { ["name"] = model.Name };
        if (model.SourceModel is not null)
        {
            result["tunedModelSource"] = new JsonObject { ["tunedModel"] = model.SourceModel, ["baseModel"] = model.BaseModel };
        }
        else
        {
            result["baseModel"] = model.BaseModel;
        }

        if (model.DisplayName is not null)
        {
            result["displayName"] = model.DisplayName;
        }

        if (model.Description is not null)
        {
            result["description"] = model.Description;
        }

        var state = model.State(now);
        result["state"] = state;
        result["createTime"] = ProtoTime.Format(model.CreateTime);
        var updated = state == "CREATING" ? model.UpdateTime : Max(model.UpdateTime, model.End);
        result["updateTime"] = ProtoTime.Format(updated);
        var task = new JsonObject();
        if (now >= model.TrainingStart)
        {
            task["startTime"] = ProtoTime.Format(model.TrainingStart, 311);
        }

        if (state != "CREATING")
        {
            task["completeTime"] = ProtoTime.Format(model.End, 577);
        }

        var snapshots = Snapshots(model, now);
        if (snapshots.Count > 0)
        {
            task["snapshots"] = snapshots;
        }

        task["hyperparameters"] = model.Hyperparameters();
        result["tuningTask"] = task;
        if (model.ReaderProjectNumbers.Count > 0)
        {
            var readers = new JsonArray();
            foreach (var reader in model.ReaderProjectNumbers)
            {
                readers.Add(reader.ToString(CultureInfo.InvariantCulture));
            }

            result["readerProjectNumbers"] = readers;
        }

        result["temperature"] = model.Temperature ?? 1.0;
        result["topP"] = model.TopP ?? 0.95;
        result["topK"] = model.TopK ?? 64;
        return result;
    }

    /// <summary>The create Operation; <paramref name="atCreation"/> is the create's own answer (no progress yet).</summary>
    public static JsonObject Operation(TunedModel model, DateTimeOffset now, bool atCreation)
    {
        var metadata = new JsonObject { ["@type"] = MetadataType, ["totalSteps"] = model.TotalSteps };
        var completed = atCreation ? 0 : model.CompletedSteps(now);
        if (completed > 0)
        {
            metadata["completedSteps"] = completed;
            metadata["completedPercent"] = Math.Round(100.0 * completed / model.TotalSteps, 6);
            metadata["snapshots"] = Snapshots(model, now);
        }

        metadata["tunedModel"] = model.Name;
        var operation = new JsonObject { ["name"] = model.OperationName, ["metadata"] = metadata };
        if (!atCreation && model.State(now) != "CREATING")
        {
            operation["done"] = true;
            if (model.Cancelled)
            {
                operation["error"] = new JsonObject { ["code"] = 1, ["message"] = "Operation cancelled." };
            }
            else if (model.Fails)
            {
                operation["error"] = new JsonObject { ["code"] = 13, ["message"] = "Tuning failed: an internal error occurred. Please retry." };
            }
            else
            {
                var response = new JsonObject { ["@type"] = TunedModelType };
                foreach (var property in Render(model, now))
                {
                    response[property.Key] = property.Value!.DeepClone();
                }

                operation["response"] = response;
            }
        }

        return operation;
    }

    private static JsonArray Snapshots(TunedModel model, DateTimeOffset now)
    {
        var snapshots = new JsonArray();
        var completed = model.CompletedSteps(now);
        for (var step = 1; step <= completed; step++)
        {
            var snapshot = new JsonObject { ["step"] = step };
            var epoch = (step - 1) / model.StepsPerEpoch;
            if (epoch > 0)
            {
                snapshot["epoch"] = epoch;
            }

            snapshot["meanLoss"] = LossCurve.Loss(step, model.TotalSteps, model.Id, start: 12, floor: 0.2);
            snapshot["computeTime"] = ProtoTime.Format(model.StepTime(step), 100 + (step * 37 % 900));
            snapshots.Add(snapshot);
        }

        return snapshots;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
