using System;
using System.Collections.Generic;
using System.Management.Automation;
using GeminiTuning.GeminiApi;
using GeminiTuning.Workflows;

namespace GeminiTuning.PowerShell.Commands;

// New-GeminiTuningJob on the Gemini API: a tuned model from piped examples (all of them, at the end) or from a file.
public sealed partial class NewGeminiTuningJobCommand
{
    private readonly List<TuningExample> _examples = new();

    private void CollectExamples()
    {
        foreach (var item in TrainingExample)
        {
            try
            {
                _examples.Add(TuningExampleReader.FromFields(ExampleFields.Of(item.Value), "Training example " + (_examples.Count + 1)));
            }
            catch (GeminiTuningException ex)
            {
                // One bad row stops the whole model: a model tuned on a silently shortened dataset would be worse.
                ThrowTerminatingFor(ex, item.Value);
            }
        }
    }

    private void CreateFromExampleFile()
    {
        IReadOnlyList<TuningExample> examples;
        try
        {
            examples = TuningExampleReader.ReadFile(ProviderPath(TrainingExamplePath));
        }
        catch (Exception ex) when (ex is GeminiTuningException or ItemNotFoundException or System.IO.IOException)
        {
            WriteErrorFor(ex is GeminiTuningException ? ex : new GeminiTuningException(ex.Message, "ExampleFileNotFound", ErrorCategoryHint.ObjectNotFound), TrainingExamplePath);
            return;
        }

        CreateTunedModel(examples);
    }

    private void CreateTunedModel(IReadOnlyList<TuningExample> examples)
    {
        var request = ToTunedModelRequest(examples);
        try
        {
            request.Validate();
        }
        catch (GeminiTuningException ex)
        {
            WriteErrorFor(ex, BaseModel);
            return;
        }

        var target = TuningJobOperations.DescribeCreate(request);
        if (ShouldProcess(target, "Create tuned model") && Create(ct => Operations.CreateTunedModelAsync(request, ct), target, request.NormalizedBaseModel) is { } job)
        {
            Created(job);
        }
    }
}
