using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using GeminiTuning.Emulator.Generation;
using GeminiTuning.Emulator.Http;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Gemini;

/// <summary>The Gemini API's <c>tunedModels</c> (generativelanguage v1beta): create (a long-running operation),
/// get, list, patch, delete, operations get/list, and generateContent / streamGenerateContent on a tuned model.</summary>
internal sealed class TunedModelService
{
    private readonly TunedModelStore _store;
    private readonly EmulatorOptions _options;

    public TunedModelService(TunedModelStore store, EmulatorOptions options)
    {
        _store = store;
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
        router.Add(new Route("GET", both, "tunedModels/*/operations", EmulatorOperation.ListOperations, AuthRequirement.BearerOrApiKey, c => Task.FromResult(ListOperations(c))));
        // Only v1 binds a cancel for tuned-model operations (gemini-api-operations-and-enum-encoding.md §1).
        router.Add(new Route("POST", new[] { "v1" }, "tunedModels/*/operations/*:cancel", EmulatorOperation.CancelOperation, AuthRequirement.BearerOrApiKey,
            c => Task.FromResult(CancelOperation(c))));
        router.Add(new Route("POST", both, "tunedModels/*:generateContent", EmulatorOperation.GeminiGenerateContent, AuthRequirement.BearerOrApiKey, c => Task.FromResult(Generate(c, false))));
        router.Add(new Route("POST", both, "tunedModels/*:streamGenerateContent", EmulatorOperation.GeminiStreamGenerateContent, AuthRequirement.BearerOrApiKey, c => Task.FromResult(Generate(c, true))));
    }

    private HttpResponse Create(RequestContext context)
    {
        var body = ProtoJsonReader.Parse(context.Request.BodyText, Schemas.TunedModel, "tuned_model");
        var requestedId = context.Request.QueryValue("tunedModelId") ?? context.Request.QueryValue("tuned_model_id");
        TunedModelValidation.CheckId(requestedId);
        var displayName = JsonFields.String(body, "displayName");
        var description = JsonFields.String(body, "description");
        TunedModelValidation.CheckDisplayName(displayName);
        var (baseModel, sourceModel) = ResolveBaseModel(body);
        var task = JsonFields.Object(body, "tuningTask") ?? throw ApiException.InvalidField("tuned_model.tuning_task", "tuned_model.tuning_task is required.");
        var examples = TunedModelValidation.ReadExamples(task);
        var (epochs, batchSize, learningRate, multiplier) = TunedModelValidation.ReadHyperparameters(task, examples.Count);
        TunedModelValidation.CheckSampling(body);

        var marked = (displayName ?? string.Empty) + " " + (description ?? string.Empty);
        var duration = TunedModelValidation.Duration(marked, _options.JobDuration);
        var fails = marked.IndexOf(TunedModel.FailMarker, StringComparison.Ordinal) >= 0;
        lock (_store.Gate)
        {
            var id = requestedId ?? _store.NewId(displayName);
            if (_store.Contains(id))
            {
                throw new ApiException(409, "ALREADY_EXISTS", "Tuned model \"tunedModels/" + id + "\" already exists.");
            }

            var model = new TunedModel(id, Auth.RandomIds.Lowercase(12), context.Now, duration, fails,
                baseModel, sourceModel, examples.Count, epochs, batchSize, learningRate, multiplier)
            {
                DisplayName = displayName,
                Description = description,
                Temperature = JsonFields.Double(body, "temperature"),
                TopP = JsonFields.Double(body, "topP"),
                TopK = (int?)JsonFields.Long(body, "topK"),
            };
            SetReaders(model, body);
            _store.Add(model);
            return context.Json(TunedModelRenderer.Operation(model, context.Now, atCreation: true));
        }
    }

    /// <summary>The base model to tune: <c>baseModel</c> (one the emulator lets tune), or that of the tuned model named by
    /// <c>tunedModelSource.tunedModel</c>, which is then the source.</summary>
    private (string BaseModel, string? SourceModel) ResolveBaseModel(JsonObject body)
    {
        var source = JsonFields.Object(body, "tunedModelSource");
        if (JsonFields.String(body, "baseModel") is string requestedBase)
        {
            if (source is not null)
            {
                throw ApiException.InvalidField("tuned_model.base_model", "Only one of base_model and tuned_model_source can be set.");
            }

            if (!_options.GeminiApiTunableBaseModels.Contains(requestedBase))
            {
                throw ApiException.NotFound(requestedBase + " is not found for API version v1beta, or is not supported for createTunedModel. " +
                    "Call ListModels to see the list of available models and their supported methods.");
            }

            return (requestedBase, null);
        }

        if (JsonFields.String(source, "tunedModel") is string sourceName)
        {
            lock (_store.Gate)
            {
                var parent = sourceName.StartsWith("tunedModels/", StringComparison.Ordinal) ? _store.Find(sourceName.Substring(12)) : null;
                return (parent?.BaseModel ?? throw ApiException.NotFound("Tuned model \"" + sourceName + "\" was not found."), sourceName);
            }
        }

        throw ApiException.InvalidField("tuned_model.base_model", "tuned_model.base_model is required: name the model to tune, e.g. models/gemini-1.5-flash-001-tuning.");
    }

    private HttpResponse Get(RequestContext context)
    {
        lock (_store.Gate)
        {
            return context.Json(TunedModelRenderer.Render(FindOrThrow(context.Captures[0]), context.Now));
        }
    }

    private HttpResponse List(RequestContext context)
    {
        var filterText = context.Request.QueryValue("filter") ?? string.Empty;
        var pageSize = PageToken.PageSize(context.Request.QueryValue("pageSize") ?? context.Request.QueryValue("page_size"), _options);
        var scope = "tunedModels/" + filterText;
        var after = PageToken.Decode(context.Request.QueryValue("pageToken") ?? context.Request.QueryValue("page_token"), scope);
        var filter = TunedModelFilter.Parse(filterText);
        var page = new JsonArray();
        string? next = null;
        lock (_store.Gate)
        {
            TunedModel? last = null;
            foreach (var model in _store.NewestFirst())
            {
                if ((after is not null && string.CompareOrdinal(TunedModelStore.Cursor(model), after) >= 0) || !filter.Matches(model))
                {
                    continue;
                }

                if (page.Count == pageSize)
                {
                    next = PageToken.Encode(scope, TunedModelStore.Cursor(last!));
                    break;
                }

                page.Add(TunedModelRenderer.Render(model, context.Now));
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

    private HttpResponse Patch(RequestContext context)
    {
        var body = ProtoJsonReader.Parse(context.Request.BodyText, Schemas.TunedModel, "tuned_model");
        var paths = TunedModelValidation.UpdatePaths(context.Request.QueryValue("updateMask") ?? context.Request.QueryValue("update_mask"), body);
        if (paths.Contains("displayName"))
        {
            TunedModelValidation.CheckDisplayName(JsonFields.String(body, "displayName"));
        }

        TunedModelValidation.CheckSampling(body);
        lock (_store.Gate)
        {
            var model = FindOrThrow(context.Captures[0]);
            foreach (var path in paths)
            {
                switch (path)
                {
                    case "displayName": model.DisplayName = JsonFields.String(body, "displayName"); break;
                    case "description": model.Description = JsonFields.String(body, "description"); break;
                    case "temperature": model.Temperature = JsonFields.Double(body, "temperature"); break;
                    case "topP": model.TopP = JsonFields.Double(body, "topP"); break;
                    case "topK": model.TopK = (int?)JsonFields.Long(body, "topK"); break;
                    default: SetReaders(model, body); break;
                }
            }

            model.UpdateTime = context.Now;
            return context.Json(TunedModelRenderer.Render(model, context.Now));
        }
    }

    private HttpResponse Delete(RequestContext context)
    {
        lock (_store.Gate)
        {
            _store.Remove(FindOrThrow(context.Captures[0]).Id);
        }

        return context.Json(new JsonObject());
    }

    private HttpResponse GetOperation(RequestContext context)
    {
        lock (_store.Gate)
        {
            var model = FindOrThrow(context.Captures[0]);
            if (model.OperationId != context.Captures[1])
            {
                throw ApiException.NotFound("Operation \"tunedModels/" + context.Captures[0] + "/operations/" + context.Captures[1] + "\" was not found.");
            }

            return context.Json(TunedModelRenderer.Operation(model, context.Now, atCreation: false));
        }
    }

    /// <summary>google.longrunning cancel: best effort; the model stops tuning and fails, its operation ends with CANCELLED (code 1).</summary>
    private HttpResponse CancelOperation(RequestContext context)
    {
        ProtoJsonReader.Parse(context.Request.BodyText, Schemas.CancelOperationRequest, string.Empty);
        lock (_store.Gate)
        {
            var model = FindOrThrow(context.Captures[0]);
            if (model.OperationId != context.Captures[1])
            {
                throw ApiException.NotFound("Operation \"tunedModels/" + context.Captures[0] + "/operations/" + context.Captures[1] + "\" was not found.");
            }

            if (model.State(context.Now) != "CREATING")
            {
                throw ApiException.FailedPrecondition("Operation " + model.OperationName + " has already completed.");
            }

            model.CancelledAt ??= context.Now;
        }

        return context.Json(new JsonObject());
    }

    private HttpResponse ListOperations(RequestContext context)
    {
        lock (_store.Gate)
        {
            var model = FindOrThrow(context.Captures[0]);
            return context.Json(new JsonObject { ["operations"] = new JsonArray(TunedModelRenderer.Operation(model, context.Now, atCreation: false)) });
        }
    }

    private HttpResponse Generate(RequestContext context, bool streaming)
    {
        string baseModel;
        lock (_store.Gate)
        {
            var model = _store.Find(context.Captures[0]) ??
                throw ApiException.NotFound("tunedModels/" + context.Captures[0] + " is not found for API version " + context.Version +
                    ", or is not supported for " + (streaming ? "streamGenerateContent" : "generateContent") +
                    ". Call ListModels to see the list of available models and their supported methods.");
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

    /// <summary>Call with the store's gate held.</summary>
    private TunedModel FindOrThrow(string id) =>
        _store.Find(id) ?? throw ApiException.NotFound("Tuned model \"tunedModels/" + id + "\" was not found.");

    private static void SetReaders(TunedModel model, JsonObject body)
    {
        model.ReaderProjectNumbers.Clear();
        foreach (var reader in JsonFields.Array(body, "readerProjectNumbers") ?? new JsonArray())
        {
            model.ReaderProjectNumbers.Add(reader!.GetValue<long>());
        }
    }
}
