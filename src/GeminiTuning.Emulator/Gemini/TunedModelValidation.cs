using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Gemini;

/// <summary>The checks <c>tunedModels.create</c> and <c>patch</c> make on a request, with the service's field paths
/// and wording; each throws INVALID_ARGUMENT naming the field.</summary>
internal static class TunedModelValidation
{
    private const int MaxDisplayNameLength = 40;
    private static readonly Regex IdPattern = new Regex("^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$", RegexOptions.CultureInvariant);

    /// <summary>The fields PATCH may change.</summary>
    private static readonly string[] Mutable = { "displayName", "description", "temperature", "topP", "topK", "readerProjectNumbers" };

    /// <summary>Fields of TunedModel that exist but PATCH may not change.</summary>
    private static readonly string[] Immutable = { "name", "baseModel", "tunedModelSource", "tuningTask", "state", "createTime", "updateTime" };

    public static void CheckId(string? requestedId)
    {
        if (requestedId is not null && !IdPattern.IsMatch(requestedId))
        {
            throw ApiException.InvalidField("tuned_model_id", "tuned_model_id \"" + requestedId + "\" is invalid: it must match [a-z]([a-z0-9-]{0,38}[a-z0-9])?.");
        }
    }

    public static void CheckDisplayName(string? displayName)
    {
        if (displayName is not null && displayName.Length > MaxDisplayNameLength)
        {
            throw ApiException.InvalidField("tuned_model.display_name", "tuned_model.display_name must be at most 40 characters, got " + displayName.Length.ToString(CultureInfo.InvariantCulture) + ".");
        }
    }

    /// <summary>The training examples of <c>tuningTask</c>: at least one, each with an <c>output</c>.</summary>
    public static JsonArray ReadExamples(JsonObject task)
    {
        var examples = JsonFields.Array(JsonFields.Object(JsonFields.Object(task, "trainingData"), "examples"), "examples");
        if (examples is null || examples.Count == 0)
        {
            throw ApiException.InvalidField("tuned_model.tuning_task.training_data", "tuned_model.tuning_task.training_data.examples.examples must hold at least one example.");
        }

        for (var i = 0; i < examples.Count; i++)
        {
            if (JsonFields.String(examples[i], "output") is null)
            {
                var field = "tuned_model.tuning_task.training_data.examples.examples[" + i.ToString(CultureInfo.InvariantCulture) + "].output";
                throw ApiException.InvalidField(field, field + " is required.");
            }
        }

        return examples;
    }

    /// <summary>The hyperparameters the model will report: the requested ones, else the service's defaults for the
    /// dataset size (5 epochs; batch size 4, 16 from 500 examples; learning rate 0.001, 0.0002 from 500 examples).</summary>
    public static (int Epochs, int BatchSize, double? LearningRate, double? Multiplier) ReadHyperparameters(JsonObject task, int exampleCount)
    {
        var hyper = JsonFields.Object(task, "hyperparameters");
        var epochs = (int)(JsonFields.Long(hyper, "epochCount") ?? 5);
        var batchSize = (int)(JsonFields.Long(hyper, "batchSize") ?? (exampleCount < 500 ? 4 : 16));
        var learningRate = JsonFields.Double(hyper, "learningRate");
        var multiplier = JsonFields.Double(hyper, "learningRateMultiplier");
        if (epochs < 1)
        {
            throw ApiException.InvalidField("tuned_model.tuning_task.hyperparameters.epoch_count", "hyperparameters.epoch_count must be positive.");
        }

        if (batchSize < 1)
        {
            throw ApiException.InvalidField("tuned_model.tuning_task.hyperparameters.batch_size", "hyperparameters.batch_size must be positive.");
        }

        if (learningRate is not null && multiplier is not null)
        {
            throw ApiException.InvalidField("tuned_model.tuning_task.hyperparameters", "Only one of learning_rate and learning_rate_multiplier can be set.");
        }

        if ((learningRate is double lr && !(lr > 0)) || (multiplier is double m && !(m > 0)))
        {
            throw ApiException.InvalidField("tuned_model.tuning_task.hyperparameters", "The learning rate must be greater than 0.");
        }

        if (learningRate is null && multiplier is null)
        {
            learningRate = exampleCount < 500 ? 0.001 : 0.0002;
        }

        return (epochs, batchSize, learningRate, multiplier);
    }

    public static void CheckSampling(JsonObject body)
    {
        if (JsonFields.Double(body, "temperature") is double t && !(t >= 0 && t <= 1))
        {
            throw ApiException.InvalidField("tuned_model.temperature", "tuned_model.temperature must be in [0.0, 1.0], got " + t.ToString("R", CultureInfo.InvariantCulture) + ".");
        }

        if (JsonFields.Double(body, "topP") is double p && !(p >= 0 && p <= 1))
        {
            throw ApiException.InvalidField("tuned_model.top_p", "tuned_model.top_p must be in [0.0, 1.0], got " + p.ToString("R", CultureInfo.InvariantCulture) + ".");
        }

        if (JsonFields.Long(body, "topK") is long k && k < 0)
        {
            throw ApiException.InvalidField("tuned_model.top_k", "tuned_model.top_k must not be negative.");
        }
    }

    /// <summary>The fields a PATCH changes, in camelCase: the <c>updateMask</c> paths (snake_case or camelCase), or without
    /// a mask the fields present in the body. An immutable or unknown path is refused.</summary>
    public static List<string> UpdatePaths(string? mask, JsonObject body)
    {
        var paths = new List<string>();
        if (mask is not null)
        {
            foreach (var path in mask.Split(','))
            {
                if (path.Trim().Length > 0)
                {
                    paths.Add(ToCamel(path.Trim()));
                }
            }
        }
        else
        {
            foreach (var property in body)
            {
                paths.Add(property.Key);
            }
        }

        foreach (var path in paths)
        {
            if (Array.IndexOf(Immutable, path) >= 0)
            {
                throw ApiException.InvalidField("update_mask", "The field \"" + path + "\" cannot be updated.");
            }

            if (Array.IndexOf(Mutable, path) < 0)
            {
                throw ApiException.InvalidField("update_mask", "Invalid update mask path \"" + path + "\": no such field in TunedModel.");
            }
        }

        return paths;
    }

    /// <summary>How long tuning takes: <paramref name="standard"/>, or the seconds after <see cref="TunedModel.DurationMarker"/>
    /// in the display name or description.</summary>
    public static TimeSpan Duration(string marked, TimeSpan standard)
    {
        var at = marked.IndexOf(TunedModel.DurationMarker, StringComparison.Ordinal);
        if (at < 0)
        {
            return standard;
        }

        var from = at + TunedModel.DurationMarker.Length;
        var end = from;
        while (end < marked.Length && marked[end] >= '0' && marked[end] <= '9')
        {
            end++;
        }

        return end > from && int.TryParse(marked.Substring(from, end - from), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : standard;
    }

    private static string ToCamel(string path)
    {
        var builder = new StringBuilder(path.Length);
        var upper = false;
        foreach (var c in path)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }
}
