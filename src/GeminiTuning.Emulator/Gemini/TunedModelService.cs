using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GeminiTuning.Emulator.Generation;
using GeminiTuning.Emulator.Http;
using GeminiTuning.Emulator.Json;
using GeminiTuning.Emulator.Metrics;

namespace GeminiTuning.Emulator.Gemini;

/// <summary>The Gemini API's <c>tunedModels</c> (generativelanguage v1beta): create (a long-running operation),
/// get, list, patch, delete, operations get/list, and generateContent / streamGenerateContent on a tuned model.</summary>
internal sealed class TunedModelService
{
    private const string MetadataType = "type.googleapis.com/google.ai.generativelanguage.v1beta.CreateTunedModelMetadata";
    private const string TunedModelType = "type.googleapis.com/google.ai.generativelanguage.v1beta.TunedModel";
    private static readonly Regex IdPattern = new Regex("^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$", RegexOptions.CultureInvariant);

    private readonly object _gate = new object();
    private readonly Dictionary<string, TunedModel> _models = new Dictionary<string, TunedModel>(StringComparer.Ordinal);
    private readonly EmulatorOptions _options;

    public TunedModelService(EmulatorOptions options)
    {
        _options = options;
    }

    public void Register(Router router)
    {
        var beta = new[] { "v1beta" };
        var both = new[] { "v1beta", "v1" };
        router.Add(new Route("POST", beta, "tunedModels", EmulatorOperation.CreateTunedModel, AuthRequirement.BearerOrApiKey, c => Task.FromResult(Create(c))));
        router.Add(new Route("GET", beta, "tunedModels", EmulatorOperation.ListTunedModels, AuthRequirement.BearerOrApiKey, c => Task.FromResult(List(c))));
        router.Add(new Route("GET", beta, "tunedModels/*", EmulatorOperation.GetTunedModel, AuthRequirement.BearerOrApiKey, c => Task.FromResult(Get(c))));
        router.Add(new Route("PATCH", beta, "tunedModels/*", EmulatorOperation.PatchTunedModel, AuthRequirement.BearerOrApiKey, c => Task.FromResult(Patch(c))));
        router.Add(new Route("DELETE", beta, "tunedModels/*", EmulatorOperation.DeleteTunedModel, AuthRequirement.BearerOrApiKey, c => Task.FromResult(Delete(c))));
        router.Add(new Route("GET", both, "tunedModels/*/operations/*", EmulatorOperation.GetOperation, AuthRequirement.BearerOrApiKey, c => Task.FromResult(GetOperation(c))));
        router.Add(new Route("GET", beta, "tunedModels/*/operations", EmulatorOperation.ListOperations, AuthRequirement.BearerOrApiKey, c => Task.FromResult(ListOperations(c))));
        router.Add(new Route("POST", both, "tunedModels/*:generateContent", EmulatorOperation.GeminiGenerateContent, AuthRequirement.BearerOrApiKey, c => Task.FromResult(Generate(c, false))));
        router.Add(new Route("POST", both, "tunedModels/*:streamGenerateContent", EmulatorOperation.GeminiStreamGenerateContent, AuthRequirement.BearerOrApiKey, c => Task.FromResult(Generate(c, true))));
    }

    private HttpResponse Create(RequestContext context)
    {
        var body = ProtoJsonReader.Parse(context.Request.BodyText, Schemas.TunedModel, "tuned_model");
        var requestedId = context.Request.QueryValue("tunedModelId") ?? context.Request.QueryValue("tuned_model_id");
        if (requestedId is not null && !IdPattern.IsMatch(requestedId))
        {
            throw ApiException.InvalidField("tuned_model_id", "tuned_model_id \"" + requestedId + "\" is invalid: it must match [a-z]([a-z0-9-]{0,38}[a-z0-9])?.");
        }

        var displayName = JsonFields.String(body, "displayName");
        var description = JsonFields.String(body, "description");
        if (displayName is not null && displayName.Length > 40)
        {
            throw ApiException.InvalidField("tuned_model.display_name", "tuned_model.display_name must be at most 40 characters, got " + displayName.Length.ToString(CultureInfo.InvariantCulture) + ".");
        }

        string baseModel;
        string? sourceModel = null;
        var source = JsonFields.Object(body, "tunedModelSource");
        if (JsonFields.String(body, "baseModel") is string requestedBase)
        {
            if (source is not null)
            {
                throw ApiException.InvalidField("tuned_model.base_model", "Only one of base_model and tuned_model_source can be set.");
            }

            if (!Contains(_options.GeminiApiTunableBaseModels, requestedBase))
            {
                throw ApiException.NotFound(requestedBase + " is not found for API version v1beta, or is not supported for createTunedModel. " +
                    "Call ListModels to see the list of available models and their supported methods.");
            }

            baseModel = requestedBase;
        }
        else if (JsonFields.String(source, "tunedModel") is string sourceName)
        {
            lock (_gate)
            {
                baseModel = (sourceName.StartsWith("tunedModels/", StringComparison.Ordinal) && _models.TryGetValue(sourceName.Substring(12), out var parent)
                    ? parent.BaseModel
                    : null) ?? throw ApiException.NotFound("Tuned model \"" + sourceName + "\" was not found.");
            }

            sourceModel = sourceName;
        }
        else
        {
            throw ApiException.InvalidField("tuned_model.base_model", "tuned_model.base_model is required: name the model to tune, e.g. models/gemini-1.5-flash-001-tuning.");
        }

        var task = JsonFields.Object(body, "tuningTask") ?? throw ApiException.InvalidField("tuned_model.tuning_task", "tuned_model.tuning_task is required.");
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

        var hyper = JsonFields.Object(task, "hyperparameters");
        var epochs = (int)(JsonFields.Long(hyper, "epochCount") ?? 5);
        var batchSize = (int)(JsonFields.Long(hyper, "batchSize") ?? (examples.Count < 500 ? 4 : 16));
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
            learningRate = examples.Count < 500 ? 0.001 : 0.0002;
        }

        CheckSampling(body);

        var marked = (displayName ?? string.Empty) + " " + (description ?? string.Empty);
        var duration = _options.JobDuration;
        var durationAt = marked.IndexOf(TunedModel.DurationMarker, StringComparison.Ordinal);
        if (durationAt >= 0)
        {
            var digits = DigitsAt(marked, durationAt + TunedModel.DurationMarker.Length);
            if (digits.Length > 0 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                duration = TimeSpan.FromSeconds(seconds);
            }
        }

        TunedModel model;
        lock (_gate)
        {
            var id = requestedId ?? NewId(displayName);
            if (_models.ContainsKey(id))
            {
                throw new ApiException(409, "ALREADY_EXISTS", "Tuned model \"tunedModels/" + id + "\" already exists.");
            }

            model = new TunedModel(id, Auth.RandomIds.Lowercase(12), context.Now, duration, marked.IndexOf(TunedModel.FailMarker, StringComparison.Ordinal) >= 0,
                baseModel, sourceModel, examples.Count, epochs, batchSize, learningRate, multiplier)
            {
                DisplayName = displayName,
                Description = description,
                Temperature = JsonFields.Double(body, "temperature"),
                TopP = JsonFields.Double(body, "topP"),
                TopK = (int?)JsonFields.Long(body, "topK"),
            };
            foreach (var reader in JsonFields.Array(body, "readerProjectNumbers") ?? new JsonArray())
            {
                model.ReaderProjectNumbers.Add(reader!.GetValue<long>());
            }

            _models[id] = model;
            return context.Json(Operation(model, context.Now, atCreation: true));
        }
    }

    private HttpResponse Get(RequestContext context)
    {
        lock (_gate)
        {
            return context.Json(Render(Find(context.Captures[0]), context.Now));
        }
    }

    private HttpResponse List(RequestContext context)
    {
        var filter = context.Request.QueryValue("filter") ?? string.Empty;
        var pageSize = PageToken.PageSize(context.Request.QueryValue("pageSize") ?? context.Request.QueryValue("page_size"), _options);
        var scope = "tunedModels/" + filter;
        var after = PageToken.Decode(context.Request.QueryValue("pageToken") ?? context.Request.QueryValue("page_token"), scope);
        var matches = Matcher(filter);
        var page = new JsonArray();
        string? next = null;
        lock (_gate)
        {
            var sorted = new List<TunedModel>(_models.Values);
            sorted.Sort((a, b) => string.CompareOrdinal(Cursor(b), Cursor(a)));
            TunedModel? last = null;
            foreach (var model in sorted)
            {
                if (after is not null && string.CompareOrdinal(Cursor(model), after) >= 0)
                {
                    continue;
                }

                if (!matches(model))
                {
                    continue;
                }

                if (page.Count == pageSize)
                {
                    next = PageToken.Encode(scope, Cursor(last!));
                    break;
                }

                page.Add(Render(model, context.Now));
                last = model;
            }
        }

        var result = new JsonObject();
        if (page.Count > 0)
        {
            result["tunedModels"] = page;
        }

        if (next is not null)
        {
            result["nextPageToken"] = next;
        }

        return context.Json(result);
    }

    private static string Cursor(TunedModel model) => PageToken.NewestFirstCursor(model.CreateTime, model.Id);

    private HttpResponse Patch(RequestContext context)
    {
        var body = ProtoJsonReader.Parse(context.Request.BodyText, Schemas.TunedModel, "tuned_model");
        var mask = context.Request.QueryValue("updateMask") ?? context.Request.QueryValue("update_mask");
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
            switch (path)
            {
                case "displayName":
                case "description":
                case "temperature":
                case "topP":
                case "topK":
                case "readerProjectNumbers":
                    break;
                case "name":
                case "baseModel":
                case "tunedModelSource":
                case "tuningTask":
                case "state":
                case "createTime":
                case "updateTime":
                    throw ApiException.InvalidField("update_mask", "The field \"" + path + "\" cannot be updated.");
                default:
                    throw ApiException.InvalidField("update_mask", "Invalid update mask path \"" + path + "\": no such field in TunedModel.");
            }
        }

        if (paths.Contains("displayName") && JsonFields.String(body, "displayName") is string newName && newName.Length > 40)
        {
            throw ApiException.InvalidField("tuned_model.display_name", "tuned_model.display_name must be at most 40 characters, got " + newName.Length.ToString(CultureInfo.InvariantCulture) + ".");
        }

        CheckSampling(body);
        lock (_gate)
        {
            var model = Find(context.Captures[0]);
            foreach (var path in paths)
            {
                switch (path)
                {
                    case "displayName": model.DisplayName = JsonFields.String(body, "displayName"); break;
                    case "description": model.Description = JsonFields.String(body, "description"); break;
                    case "temperature": model.Temperature = JsonFields.Double(body, "temperature"); break;
                    case "topP": model.TopP = JsonFields.Double(body, "topP"); break;
                    case "topK": model.TopK = (int?)JsonFields.Long(body, "topK"); break;
                    default:
                        model.ReaderProjectNumbers.Clear();
                        foreach (var reader in JsonFields.Array(body, "readerProjectNumbers") ?? new JsonArray())
                        {
                            model.ReaderProjectNumbers.Add(reader!.GetValue<long>());
                        }

                        break;
                }
            }

            model.UpdateTime = context.Now;
            return context.Json(Render(model, context.Now));
        }
    }

    private HttpResponse Delete(RequestContext context)
    {
        lock (_gate)
        {
            var model = Find(context.Captures[0]);
            _models.Remove(model.Id);
        }

        return context.Json(new JsonObject());
    }

    private HttpResponse GetOperation(RequestContext context)
    {
        lock (_gate)
        {
            var model = Find(context.Captures[0]);
            if (model.OperationId != context.Captures[1])
            {
                throw ApiException.NotFound("Operation \"tunedModels/" + context.Captures[0] + "/operations/" + context.Captures[1] + "\" was not found.");
            }

            return context.Json(Operation(model, context.Now, atCreation: false));
        }
    }

    private HttpResponse ListOperations(RequestContext context)
    {
        lock (_gate)
        {
            var model = Find(context.Captures[0]);
            return context.Json(new JsonObject { ["operations"] = new JsonArray(Operation(model, context.Now, atCreation: false)) });
        }
    }

    private HttpResponse Generate(RequestContext context, bool streaming)
    {
        string baseModel;
        lock (_gate)
        {
            if (!_models.TryGetValue(context.Captures[0], out var model))
            {
                throw ApiException.NotFound("tunedModels/" + context.Captures[0] + " is not found for API version " + context.Version +
                    ", or is not supported for " + (streaming ? "streamGenerateContent" : "generateContent") +
                    ". Call ListModels to see the list of available models and their supported methods.");
            }

            var state = model.State(context.Now);
            if (state != "ACTIVE")
            {
                throw ApiException.FailedPrecondition("Tuned model " + model.Name + " is not ready for use: its state is " + state + ".");
            }

            baseModel = model.BaseModel;
        }

        var version = baseModel.StartsWith("models/", StringComparison.Ordinal) ? baseModel.Substring(7) : baseModel;
        return GenerationResponder.Respond(context, GenerationApi.Gemini, version, version, streaming, _options.StreamChunkDelay);
    }

    private JsonObject Render(TunedModel model, DateTimeOffset now)
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

    private JsonObject Operation(TunedModel model, DateTimeOffset now, bool atCreation)
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
            if (model.Fails)
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

    private TunedModel Find(string id)
    {
        if (!_models.TryGetValue(id, out var model))
        {
            throw ApiException.NotFound("Tuned model \"tunedModels/" + id + "\" was not found.");
        }

        return model;
    }

    /// <summary>The display name as a slug plus a random suffix, as the service derives ids ("Sentence Translator" →
    /// "sentence-translator-u3b7m"). Call with the lock held.</summary>
    private string NewId(string? displayName)
    {
        var slug = new StringBuilder();
        foreach (var c in (displayName ?? string.Empty).ToLowerInvariant())
        {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[slug.Length - 1] != '-')
            {
                slug.Append('-');
            }
        }

        var prefix = slug.ToString().Trim('-');
        while (prefix.Length > 0 && !(prefix[0] >= 'a' && prefix[0] <= 'z'))
        {
            prefix = prefix.Substring(1).TrimStart('-');
        }

        if (prefix.Length > 27)
        {
            prefix = prefix.Substring(0, 27).TrimEnd('-');
        }

        string id;
        do
        {
            id = prefix.Length == 0 ? "m" + Auth.RandomIds.Lowercase(11) : prefix + "-" + Auth.RandomIds.Lowercase(12);
        }
        while (_models.ContainsKey(id));
        return id;
    }

    /// <summary>The list filter: words searched in the display name and description; <c>owner:me</c>, <c>writers:me</c>,
    /// <c>readers:me</c> match every model (all are the caller's); <c>readers:everyone</c> matches none (none is shared).</summary>
    private static Func<TunedModel, bool> Matcher(string filter)
    {
        var words = new List<string>();
        var nothing = false;
        foreach (var token in filter.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
        {
            switch (token)
            {
                case "owner:me":
                case "writers:me":
                case "readers:me":
                    break;
                case "readers:everyone":
                    nothing = true;
                    break;
                default:
                    if (token.IndexOf(':') > 0)
                    {
                        throw ApiException.InvalidField("filter", "Unsupported filter \"" + token + "\": use words, owner:me, writers:me, readers:me or readers:everyone.");
                    }

                    words.Add(token.Trim('"'));
                    break;
            }
        }

        return model =>
        {
            if (nothing)
            {
                return false;
            }

            var text = (model.DisplayName ?? string.Empty) + "\n" + (model.Description ?? string.Empty);
            foreach (var word in words)
            {
                if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) < 0)
                {
                    return false;
                }
            }

            return true;
        };
    }

    private static void CheckSampling(JsonObject body)
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

    private static bool Contains(ICollection<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string DigitsAt(string text, int from)
    {
        var end = from;
        while (end < text.Length && text[end] >= '0' && text[end] <= '9')
        {
            end++;
        }

        return text.Substring(from, end - from);
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

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

}
