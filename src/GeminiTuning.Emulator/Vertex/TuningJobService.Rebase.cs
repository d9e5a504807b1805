using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using GeminiTuning.Emulator.Catalog;
using GeminiTuning.Emulator.Http;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Vertex;

// tuningJobs:rebaseTunedModel (rebase.md): a new job that re-tunes a tuned model's data and settings on a newer base
// model (the request's tuningJob.baseModel, else the newest available model of the same family), answered with a
// long-running operation whose response is the new job. The tuningJob override's labels and display name are honoured
// (whether Google honours them is UNCONFIRMED; the client's lost-answer lookup relies on the label where it is).
internal sealed partial class TuningJobService
{
    private Task<HttpResponse> RebaseAsync(RequestContext context)
    {
        var projectId = context.Captures[0];
        var location = context.Captures[1];
        var number = Projects.Resolve(projectId, location);
        var body = ProtoJsonReader.Parse(context.Request.BodyText, Schemas.RebaseTunedModelRequest, string.Empty);
        var source = FindRebaseSource(JsonFields.Object(body, "tunedModelRef"), number, location, context);
        var overrides = JsonFields.Object(body, "tuningJob") ?? new JsonObject();

        var target = JsonFields.String(overrides, "baseModel");
        if (target is null)
        {
            var facts = EmulatorCatalog.Default.Find(source.BaseModel);
            target = (facts is null ? null : EmulatorCatalog.Default.Successor(facts))?.Id ?? throw ApiException.FailedPrecondition(
                "The tuned model's base model " + source.BaseModel + " has no newer version to rebase onto; name one in tuning_job.base_model.");
        }

        // The new job: the source's request on the new base model, with the override's labels and display name.
        var request = (JsonObject)source.Request.DeepClone();
        request.Remove("preTunedModel");
        request["baseModel"] = target;
        var labels = request["labels"] as JsonObject ?? new JsonObject();
        foreach (var label in LabelRules.Read(overrides, "tuning_job.labels"))
        {
            labels[label.Key] = label.Value;
        }

        request["labels"] = labels;
        foreach (var field in new[] { "tunedModelDisplayName", "description" })
        {
            if (JsonFields.String(overrides, field) is string value)
            {
                request[field] = value;
            }
        }

        var merged = LabelRules.Read(request);
        var scenario = ScenarioOf(merged, projectId, location);
        var plan = TuningJobValidation.Validate(request, number, location, _store, _options);
        var spec = (JsonObject)request[plan.SpecField]!;
        var training = Analyze(JsonFields.String(spec, "trainingDatasetUri")!, plan, "training_dataset_uri");
        var validationUri = JsonFields.String(spec, "validationDatasetUri");
        var validation = validationUri is null ? null : Analyze(validationUri, plan, "validation_dataset_uri");
        var sameEndpoint = body["deployToSameEndpoint"] is JsonValue same && same.TryGetValue<bool>(out var flag) && flag;
        var job = AddJob(context, number, location, DurationOf(merged), scenario, request, plan, training, validation, sameEndpoint ? source.EndpointId : null);

        RebaseOperation operation;
        lock (_store.Gate)
        {
            operation = new RebaseOperation(job.Name + "/operations/" + _store.NewId(), job, context.Now, context.Now + _options.RebaseOperationDuration);
            _store.AddOperation(operation);
        }

        return Task.FromResult(context.Json(operation.Render(context.Now)));
    }

    private TuningJob FindRebaseSource(JsonObject? reference, string number, string location, RequestContext context)
    {
        var tunedModel = JsonFields.String(reference, "tunedModel");
        var tuningJob = JsonFields.String(reference, "tuningJob");
        var pipelineJob = JsonFields.String(reference, "pipelineJob");
        if ((tunedModel is null ? 0 : 1) + (tuningJob is null ? 0 : 1) + (pipelineJob is null ? 0 : 1) != 1)
        {
            throw ApiException.InvalidField("tuned_model_ref", "Exactly one of tuned_model_ref.tuned_model, tuned_model_ref.tuning_job and tuned_model_ref.pipeline_job must be set.");
        }

        if (pipelineJob is not null)
        {
            throw ApiException.NotFound("The PipelineJob \"" + pipelineJob + "\" does not exist.");
        }

        var name = (tunedModel ?? tuningJob)!;
        var parts = name.Split('/');
        TuningJob? source = null;
        lock (_store.Gate)
        {
            if (parts.Length == 6 && parts[0] == "projects" && parts[2] == "locations" && parts[3] == location &&
                Projects.Resolve(parts[1], parts[3]) == number)
            {
                var id = parts[5].Split('@');
                source = tuningJob is not null && parts[4] == "tuningJobs" ? _store.Find(number, location, parts[5])
                    : tunedModel is not null && parts[4] == "models" ? _store.FindByModel(number, location, id[0], id.Length > 1 ? id[1] : null)
                    : null;
            }

            if (source is null)
            {
                throw ApiException.NotFound("The " + (tuningJob is not null ? "TuningJob" : "Model") + " \"" + name + "\" does not exist in projects/" + number +
                    "/locations/" + location + ".");
            }

            if (!source.At(context.Now).Succeeded)
            {
                throw ApiException.FailedPrecondition("Only a model whose tuning job succeeded can be rebased; " + source.Name + " is " + source.At(context.Now).State + ".");
            }
        }

        return source;
    }

    private Task<HttpResponse> GetOperationAsync(RequestContext context)
    {
        var number = Projects.Resolve(context.Captures[0], context.Captures[1]);
        var name = "projects/" + number + "/locations/" + context.Captures[1] + "/tuningJobs/" + context.Captures[2] + "/operations/" + context.Captures[3];
        lock (_store.Gate)
        {
            var operation = _store.FindOperation(name) ?? throw ApiException.NotFound("Operation \"" + name + "\" not found.");
            return Task.FromResult(context.Json(operation.Render(context.Now)));
        }
    }
}
