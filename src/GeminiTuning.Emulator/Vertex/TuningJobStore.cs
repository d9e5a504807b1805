using System;
using System.Collections.Generic;

namespace GeminiTuning.Emulator.Vertex;

/// <summary>Every tuning job, indexed by id, endpoint and experiment. All access goes through <see cref="Gate"/>.</summary>
internal sealed class TuningJobStore
{
    private readonly Dictionary<string, TuningJob> byId = new Dictionary<string, TuningJob>(StringComparer.Ordinal);
    private readonly Dictionary<string, (TuningJob Job, int Checkpoint)> byEndpoint = new Dictionary<string, (TuningJob, int)>(StringComparer.Ordinal);
    private readonly Dictionary<string, TuningJob> byModel = new Dictionary<string, TuningJob>(StringComparer.Ordinal);
    private readonly Dictionary<string, TuningJob> byExperiment = new Dictionary<string, TuningJob>(StringComparer.Ordinal);
    private readonly HashSet<string> usedIds = new HashSet<string>(StringComparer.Ordinal);

    public object Gate { get; } = new object();

    /// <summary>A fresh 19-digit numeric id, unique among every id the store has handed out (jobs, models, endpoints).
    /// Call with <see cref="Gate"/> held.</summary>
    public string NewId()
    {
        string id;
        do
        {
            id = Auth.RandomIds.Digits(19);
        }
        while (!usedIds.Add(id));
        return id;
    }

    public bool ExperimentExists(string projectNumber, string location, string experimentId) =>
        byExperiment.ContainsKey(Key(projectNumber, location, experimentId));

    public void Add(TuningJob job)
    {
        byId[job.Id] = job;
        byModel[Key(job.ProjectNumber, job.Location, job.ModelId)] = job;
        byExperiment[Key(job.ProjectNumber, job.Location, job.ExperimentId)] = job;
        for (var i = 0; i < job.CheckpointEndpointIds.Length; i++)
        {
            byEndpoint[Key(job.ProjectNumber, job.Location, job.CheckpointEndpointIds[i])] = (job, i + 1);
        }
    }

    public TuningJob? Find(string projectNumber, string location, string id) =>
        byId.TryGetValue(id, out var job) && job.ProjectNumber == projectNumber && job.Location == location ? job : null;

    /// <summary>The job whose tuned model (or checkpoint) is deployed at an endpoint; Checkpoint is 1-based, the last being the final model.</summary>
    public (TuningJob Job, int Checkpoint)? FindByEndpoint(string projectNumber, string location, string endpointId) =>
        byEndpoint.TryGetValue(Key(projectNumber, location, endpointId), out var found) ? found : null;

    public TuningJob? FindByModel(string projectNumber, string location, string modelId) =>
        byModel.TryGetValue(Key(projectNumber, location, modelId), out var job) ? job : null;

    public TuningJob? FindByExperiment(string projectNumber, string location, string experimentId) =>
        byExperiment.TryGetValue(Key(projectNumber, location, experimentId), out var job) ? job : null;

    /// <summary>The jobs of a project and location, newest first.</summary>
    public List<TuningJob> List(string projectNumber, string location)
    {
        var result = new List<TuningJob>();
        foreach (var job in byId.Values)
        {
            if (job.ProjectNumber == projectNumber && job.Location == location)
            {
                result.Add(job);
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(PageToken.NewestFirstCursor(b.CreateTime, b.Id), PageToken.NewestFirstCursor(a.CreateTime, a.Id)));
        return result;
    }

    private static string Key(string projectNumber, string location, string id) => projectNumber + "/" + location + "/" + id;
}
