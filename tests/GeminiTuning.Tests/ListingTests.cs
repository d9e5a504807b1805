using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Emulator;
using GeminiTuning.Workflows;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests;

public sealed class ListingTests : IDisposable
{
    private readonly EmulatorHost _host = new();

    public void Dispose() => _host.Dispose();

    private async Task<List<GeminiTuningJob>> CreateJobs(int count, string? scenario = null)
    {
        var vertex = _host.Vertex();
        var jobs = new List<GeminiTuningJob>();
        for (var i = 0; i < count; i++)
        {
            var request = new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = $"gs://bucket/train-{i}.jsonl" };
            if (scenario is not null)
            {
                request.Labels["emulator-scenario"] = scenario;
            }

            jobs.Add((await vertex.CreateAsync(EmulatorHost.Project, EmulatorHost.Region, request, CancellationToken.None)).Job);
            _host.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        _host.Emulator.ClearRequests();
        return jobs;
    }

    [Fact]
    public async Task Listing_follows_page_tokens_and_writes_each_job_as_its_page_arrives()
    {
        var created = await CreateJobs(25);
        var seen = new List<(string Id, int ListCallsSoFar)>();

        var written = await _host.Operations().ListAsync(new ListJobsRequest { PageSize = 10 },
            job => seen.Add((job.Id, _host.RequestsFor(EmulatorOperation.ListTuningJobs).Count)), CancellationToken.None);

        Assert.Equal(25, written);
        Assert.Equal(created.Select(j => j.Id).OrderBy(x => x), seen.Select(s => s.Id).OrderBy(x => x));
        var calls = _host.RequestsFor(EmulatorOperation.ListTuningJobs);
        Assert.Equal(3, calls.Count);
        Assert.DoesNotContain("pageToken", calls[0].Query);
        Assert.Contains("pageToken=", calls[1].Query);
        Assert.Contains("pageToken=", calls[2].Query);
        // The first ten were written before the second page was asked for.
        Assert.All(seen.Take(10), s => Assert.Equal(1, s.ListCallsSoFar));
        Assert.All(seen.Skip(20), s => Assert.Equal(3, s.ListCallsSoFar));
    }

    [Fact]
    public async Task First_and_skip_stop_reading_pages_once_enough_jobs_were_written()
    {
        await CreateJobs(25);
        var ids = new List<string>();

        await _host.Operations().ListAsync(new ListJobsRequest { PageSize = 10, Skip = 3, First = 5 }, j => ids.Add(j.Id), CancellationToken.None);

        Assert.Equal(5, ids.Count);
        Assert.Single(_host.RequestsFor(EmulatorOperation.ListTuningJobs));
    }

    [Fact]
    public async Task The_state_filter_is_applied_to_the_services_answer()
    {
        await CreateJobs(3);
        _host.Clock.Advance(TimeSpan.FromMinutes(61));
        await CreateJobs(2);
        var states = new List<GeminiTuningJobState>();

        await _host.Operations().ListAsync(new ListJobsRequest { States = new[] { GeminiTuningJobState.Succeeded } }, j => states.Add(j.State), CancellationToken.None);

        Assert.Equal(3, states.Count);
        Assert.All(states, s => Assert.Equal(GeminiTuningJobState.Succeeded, s));
    }

    [Fact]
    public async Task The_server_filter_is_passed_to_the_service_unchanged()
    {
        var jobs = await CreateJobs(2);
        var vertex = _host.Vertex();
        var tagged = new TuningJobRequest { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/t.jsonl" };
        tagged.Labels["team"] = "search";
        await vertex.CreateAsync(EmulatorHost.Project, EmulatorHost.Region, tagged, CancellationToken.None);
        var found = new List<GeminiTuningJob>();

        await _host.Operations().ListAsync(new ListJobsRequest { Filter = "labels.team=\"search\"" }, found.Add, CancellationToken.None);

        Assert.Equal("search", Assert.Single(found).Labels["team"]);
        Assert.Contains("filter=labels.team%3D%22search%22", _host.RequestsFor(EmulatorOperation.ListTuningJobs).Last().Query);
    }

    [Fact]
    public async Task An_empty_project_lists_nothing_from_an_empty_answer()
    {
        var count = await _host.Operations().ListAsync(new ListJobsRequest(), _ => throw new InvalidOperationException("nothing to write"), CancellationToken.None);

        Assert.Equal(0, count);
    }

    [Fact]
    public async Task Listing_needs_a_project_and_says_how_to_set_one()
    {
        var operations = new TuningJobOperations(new GeminiTuningServices(
            new Config.SettingsResolver(new GeminiTuningContext(null, "us-central1", _host.Emulator.BaseUri, Auth.GoogleCredentials.FromAccessToken("ya29.x-token")),
                _ => null), _host.Log));

        var ex = await Assert.ThrowsAsync<GeminiTuningException>(() => operations.ListAsync(new ListJobsRequest(), _ => { }, CancellationToken.None));

        Assert.Equal("ProjectNotSet", ex.Condition);
        Assert.Empty(_host.Emulator.Requests);
    }
}
