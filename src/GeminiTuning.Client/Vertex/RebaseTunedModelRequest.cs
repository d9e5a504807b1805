using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using GeminiTuning.Config;
using GeminiTuning.Vertex.Wire;

namespace GeminiTuning.Vertex;

/// <summary>
/// What to rebase: a model tuned on an older base model, re-tuned on a newer one by Vertex AI's
/// <c>tuningJobs:rebaseTunedModel</c>, which makes a new tuning job and a new tuned model (rebase.md).
/// </summary>
public sealed class RebaseTunedModelRequest
{
    private static readonly Regex TunedModelName = new(@"^projects/([^/\s]+)/locations/([^/\s]+)/models/[^/\s@]+(@[^/\s]+)?$", RegexOptions.CultureInvariant);
    private static readonly Regex TuningJobName = new(@"^projects/([^/\s]+)/locations/([^/\s]+)/tuningJobs/[0-9]{1,20}$", RegexOptions.CultureInvariant);
    private static readonly Regex PipelineJobName = new(@"^projects/([^/\s]+)/locations/([^/\s]+)/pipelineJobs/[^/\s]+$", RegexOptions.CultureInvariant);
    private static readonly Regex RequestIdPattern = new(@"^[a-z0-9_-]{1,63}$", RegexOptions.CultureInvariant);

    /// <summary>
    /// The tuned model (<c>projects/P/locations/R/models/M</c>), the tuning job that made it
    /// (<c>projects/P/locations/R/tuningJobs/ID</c>) or a legacy pipeline job (<c>…/pipelineJobs/ID</c>).
    /// </summary>
    public string TunedModelRef { get; set; } = string.Empty;

    /// <summary>The newer base model to re-tune on (sent as <c>tuningJob.baseModel</c>); the service's choice when null.</summary>
    public string? BaseModel { get; set; }

    /// <summary>The new tuned model's display name (sent in the <c>tuningJob</c> override; whether the service honours it is not documented).</summary>
    public string? TunedModelDisplayName { get; set; }

    /// <summary>The new job's description (sent in the <c>tuningJob</c> override).</summary>
    public string? Description { get; set; }

    /// <summary>Deploy the new model to the original model's endpoint, replacing the original there; null lets the service decide (it creates a new endpoint).</summary>
    public bool? DeployToSameEndpoint { get; set; }

    /// <summary>A <c>gs://</c> prefix for the job's artifacts (<c>artifactDestination.outputUriPrefix</c>).</summary>
    public string? ArtifactDestination { get; set; }

    /// <summary>Labels for the new job (sent in the <c>tuningJob</c> override).</summary>
    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// An id that makes the rebase safe to repeat: a job carrying it is returned instead of rebasing again. Generated
    /// when null. Lowercase letters, digits, <c>-</c> and <c>_</c>.
    /// </summary>
    public string? RequestId { get; set; }

    /// <summary>Which kind of resource <see cref="TunedModelRef"/> names: <c>tunedModel</c>, <c>tuningJob</c> or <c>pipelineJob</c>.</summary>
    public string RefKind => Classify(TunedModelRef.Trim()).Kind;

    /// <summary>The project of the referenced resource.</summary>
    public string RefProject => Classify(TunedModelRef.Trim()).Project;

    /// <summary>The location of the referenced resource: the rebase is made there.</summary>
    public string RefLocation => Classify(TunedModelRef.Trim()).Location;

    /// <summary>Checks every field, throwing <see cref="GeminiTuningArgumentException"/> for the first that is wrong.</summary>
    public void Validate()
    {
        if (Classify(TunedModelRef?.Trim() ?? string.Empty).Kind.Length == 0)
        {
            throw new GeminiTuningArgumentException("RebaseTunedModel", $"'{Identifiers.Printable(TunedModelRef)}' is not a tuned model or tuning job.",
                "Give a tuned model ('projects/P/locations/R/models/M', a job's TunedModelName), a tuning job's full name, or pipe the job.");
        }

        if (BaseModel is not null)
        {
            new TuningJobRequest { BaseModel = BaseModel, TrainingDatasetUri = "gs://b/o.jsonl" }.Validate();
        }

        if (ArtifactDestination is not null && !Regex.IsMatch(ArtifactDestination, @"^gs://[a-z0-9][a-z0-9._-]{1,221}(/[^\r\n]*)?$", RegexOptions.CultureInvariant))
        {
            throw new GeminiTuningArgumentException(nameof(ArtifactDestination), $"'{Identifiers.Printable(ArtifactDestination)}' is not a Cloud Storage location.",
                "Give 'gs://BUCKET' or 'gs://BUCKET/PREFIX'.");
        }

        var labels = new TuningJobRequest
        {
            BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://b/o.jsonl", Labels = Labels, TunedModelDisplayName = TunedModelDisplayName, Description = Description,
        };
        if (labels.UserLabelCount >= TuningJobRequest.MaxLabels)
        {
            // Unlike a create, a rebase has nothing else to recognise its job by: the label is required.
            throw new GeminiTuningArgumentException("Label", $"{labels.UserLabelCount} labels were given; a rebase needs room for its {TuningJobRequest.RequestIdLabel} label, so at most 63.",
                "Remove labels until 63 or fewer remain.");
        }

        labels.Validate();
        if (RequestId is not null && !RequestIdPattern.IsMatch(RequestId))
        {
            throw new GeminiTuningArgumentException(nameof(RequestId), $"'{Identifiers.Printable(RequestId)}' is not a valid request id.",
                "Use at most 63 lowercase letters, digits, '-' or '_' (a label value), e.g. a GUID without braces.");
        }
    }

    internal RebaseTunedModelRequestResource ToResource(string requestId)
    {
        var reference = TunedModelRef.Trim();
        var labels = Labels.Where(p => p.Key != TuningJobRequest.RequestIdLabel).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        labels[TuningJobRequest.RequestIdLabel] = requestId;
        var kind = RefKind;
        return new RebaseTunedModelRequestResource
        {
            TunedModelRef = new TunedModelRefResource
            {
                TunedModel = kind == "tunedModel" ? reference : null,
                TuningJob = kind == "tuningJob" ? reference : null,
                PipelineJob = kind == "pipelineJob" ? reference : null,
            },
            TuningJob = new TuningJobResource
            {
                BaseModel = BaseModel?.Trim(),
                TunedModelDisplayName = string.IsNullOrEmpty(TunedModelDisplayName) ? null : TunedModelDisplayName,
                Description = string.IsNullOrEmpty(Description) ? null : Description,
                Labels = labels,
            },
            ArtifactDestination = ArtifactDestination is null ? null : new GcsDestinationResource { OutputUriPrefix = ArtifactDestination },
            DeployToSameEndpoint = DeployToSameEndpoint,
        };
    }

    private static (string Kind, string Project, string Location) Classify(string reference)
    {
        foreach (var (pattern, kind) in new[] { (TuningJobName, "tuningJob"), (PipelineJobName, "pipelineJob"), (TunedModelName, "tunedModel") })
        {
            var match = pattern.Match(reference);
            if (match.Success)
            {
                return (kind, match.Groups[1].Value, match.Groups[2].Value);
            }
        }

        return (string.Empty, string.Empty, string.Empty);
    }
}
