using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Auth;
using GeminiTuning.Config;
using GeminiTuning.Emulator;
using GeminiTuning.Http;
using GeminiTuning.Vertex;
using GeminiTuning.Waiting;
using GeminiTuning.Workflows;

namespace GeminiTuning.Bench;

/// <summary>
/// Waiting for 20 jobs in one region that end at different times, as Wait-GeminiTuningJob does (the client's waiter,
/// adaptive polling from 0.5 s up to a 2 s maximum so that the run stays short), against reading each job with its own
/// GET every round (what the waiter did before): requests per round, and how late each ended job was noticed against the
/// configured maximum interval. Real time, an emulator per strategy, both at once.
/// </summary>
internal static class WaitSuite
{
    private const int Jobs = 20;
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(BenchSession session, ResultTable table)
    {
        var rounds = session.Options.RoundsOr(1);
        var results = new DatasetSuite.Results();
        for (var round = 0; round < rounds; round++)
        {
            Progress.Say($"Waiting, round {round + 1} of {rounds} ...");
            var outcomes = await Task.WhenAll(WaitAsync(listing: false), WaitAsync(listing: true));
            foreach (var (name, outcome) in new[] { ("get", outcomes[0]), ("module", outcomes[1]) })
            {
                results.Add(name + "-per-round", outcome.RequestsPerRound);
                results.Add(name + "-requests", outcome.Requests);
                results.Add(name + "-late", outcome.LatestNotice.TotalSeconds);
            }
        }

        table.Section($"Waiting for {Jobs} jobs in one region, ending 3 to 12 s after they start; polls every 0.5 s growing to a {MaxInterval.TotalSeconds:0} s maximum");
        table.Measure("`Wait-GeminiTuningJob`'s waiter: requests per round (after the first)", results["module-per-round"], "requests", "0.0");
        table.Measure("one GET per job every round (the waiter before)", results["get-per-round"], "requests", "0.0");
        table.Measure("the waiter: requests in all", results["module-requests"], "requests");
        table.Measure("one GET per job: requests in all", results["get-requests"], "requests");
        table.Ratio("requests in all, the waiter / one GET per job", Stats.MedianRatio(results["module-requests"], results["get-requests"]), "0.00'×'", null, null);
        table.Measure("the waiter: latest an ended job was noticed", results["module-late"], "s", "0.00");
        var late = Stats.Median(results["module-late"]) / MaxInterval.TotalSeconds;
        table.Ratio("latest notice / maximum polling interval", late, "0.00'×'", "≤ 1× (within one interval)", late <= 1);
    }

    private sealed record Outcome(double RequestsPerRound, double Requests, TimeSpan LatestNotice);

    private static async Task<Outcome> WaitAsync(bool listing)
    {
        using var emulator = GeminiTuningEmulator.Start(new EmulatorOptions { JobDuration = TimeSpan.FromSeconds(10) });
        var context = new GeminiTuningContext(EmulatorHost.Project, EmulatorHost.Region, emulator.BaseUri, GoogleCredentials.FromAccessToken(EmulatorHost.Token));
        var services = new GeminiTuningServices(new SettingsResolver(context, _ => null), NullLog.Instance, HttpClients.Create(null), RetryPolicy.Default);
        var operations = new TuningJobOperations(services);
        var targets = new List<WaitTarget>();
        for (var i = 0; i < Jobs; i++)
        {
            var request = new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bench/train.jsonl" };
            request.Labels["emulator-duration-seconds"] = (3 + (i * 9 / (Jobs - 1))).ToString(CultureInfo.InvariantCulture);
            var name = (await operations.CreateAsync(null, null, request, CancellationToken.None)).Job.Name;
            var parsed = TuningJobName.Parse(name, () => default);
            targets.Add(listing ? operations.WaitTargetFor(name, null, null) : new WaitTarget(name, ct => services.Vertex.GetAsync(parsed, ct)));
        }

        emulator.ClearRequests();
        var observer = new NoticeObserver();
        await operations.WaitAsync(targets, new WaitOptions { InitialInterval = TimeSpan.FromSeconds(0.5), MaxInterval = MaxInterval }, observer, CancellationToken.None);
        var requests = emulator.Requests.Count(r => r.Operation is EmulatorOperation.GetTuningJob or EmulatorOperation.ListTuningJobs);
        var rounds = observer.Polls.Values.Max();
        return new Outcome((requests - Jobs) / (double)(rounds - 1), requests, observer.Latest);
    }

    /// <summary>How late each ended job was noticed: the time it was seen ended minus its end time.</summary>
    private sealed class NoticeObserver : IWaitObserver
    {
        private readonly object _gate = new();

        public ConcurrentDictionary<string, int> Polls { get; } = new();

        public TimeSpan Latest { get; private set; }

        public void OnPolled(WaitTarget target, GeminiTuningJob job, TimeSpan waited) => Polls.AddOrUpdate(target.Name, 1, (_, n) => n + 1);

        public void OnEnded(WaitTarget target, GeminiTuningJob job)
        {
            var late = DateTimeOffset.UtcNow - job.EndTime!.Value;
            lock (_gate)
            {
                Latest = late > Latest ? late : Latest;
            }
        }

        public void OnError(WaitTarget target, GeminiTuningException error) => throw new InvalidOperationException(error.Message);
    }
}
