using System;
using System.Collections.Generic;

namespace GeminiTuning.Emulator.Vertex;

/// <summary>Every tuning job, indexed by id, endpoint and experiment. All access goes through <see cref="Gate"/>.</summary>
internal sealed class TuningJobStore
{
    private readonly Dictionary<string, TuningJob> _byId = new Dictionary<string, TuningJob>(StringComparer.Ordinal);
    // An endpoint can serve several jobs' models in turn: a rebase deployed to the same endpoint replaces the model there.
    private readonly Dictionary<string, List<(TuningJob Job, int Checkpoint)>> _byEndpoint = new Dictionary<string, List<(TuningJob, int)>>(StringComparer.Ordinal);
    private readonly Dictionary<string, RebaseOperation> _operations = new Dictionary<string, RebaseOperation>(StringComparer.Ordinal);
    private readonly Dictionary<string, TuningJob> _byModel = new Dictionary<string, TuningJob>(StringComparer.Ordinal);
    private readonly Dictionary<string, TuningJob> _byExperiment = new Dictionary<string, TuningJob>(StringComparer.Ordinal);
    private readonly HashSet<string> _usedIds = new HashSet<string>(StringComparer.Ordinal);

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
        while (!_usedIds.Add(id));
        return id;
    }

    public bool ExperimentExists(string projectNumber, string location, string experimentId) =>
        _byExperiment.ContainsKey(Key(projectNumber, location, experimentId));

    public void Add(TuningJob job)
    {
        _byId[job.Id] = job;
        _byModel[Key(job.ProjectNumber, job.Location, job.ModelId)] = job;
        _byModel[Key(job.ProjectNumber, job.Location, job.ModelId + "@" + job.ModelVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))] = job;
        _byExperiment[Key(job.ProjectNumber, job.Location, job.ExperimentId)] = job;
        for (var i = 0; i < job.CheckpointEndpointIds.Length; i++)
        {
            var key = Key(job.ProjectNumber, job.Location, job.CheckpointEndpointIds[i]);
            if (!_byEndpoint.TryGetValue(key, out var deployed))
            {
                _byEndpoint[key] = deployed = new List<(TuningJob, int)>();
            }

            deployed.Add((job, i + 1));
        }
    }

    public TuningJob? Find(string projectNumber, string location, string id) =>
        _byId.TryGetValue(id, out var job) && job.ProjectNumber == projectNumber && job.Location == location ? job : null;

    /// <summary>
    /// The jobs whose tuned model (or checkpoint) was deployed at an endpoint, oldest first; Checkpoint is 1-based, the
    /// last being the final model. The newest deployed one serves.
    /// </summary>
    public IReadOnlyList<(TuningJob Job, int Checkpoint)> FindByEndpoint(string projectNumber, string location, string endpointId) =>
        _byEndpoint.TryGetValue(Key(projectNumber, location, endpointId), out var found) ? found : (IReadOnlyList<(TuningJob, int)>)Array.Empty<(TuningJob, int)>();

    /// <summary>The job that made a model (its latest version, or <paramref name="version"/>).</summary>
    public TuningJob? FindByModel(string projectNumber, string location, string modelId, string? version = null) =>
        _byModel.TryGetValue(Key(projectNumber, location, version is null ? modelId : modelId + "@" + version), out var job) ? job : null;

    public void AddOperation(RebaseOperation operation) => _operations[operation.Name] = operation;

    public RebaseOperation? FindOperation(string name) => _operations.TryGetValue(name, out var operation) ? operation : null;

    public TuningJob? FindByExperiment(string projectNumber, string location, string experimentId) =>
        _byExperiment.TryGetValue(Key(projectNumber, location, experimentId), out var job) ? job : null;

    /// <summary>The jobs of a project and location, newest first.</summary>
    public List<TuningJob> List(string projectNumber, string location)
    {
        var result = new List<TuningJob>();
        foreach (var job in _byId.Values)
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
