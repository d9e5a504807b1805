using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Tests;

public sealed class ListTests
{
    [Fact]
    public async Task An_empty_list_is_an_empty_object()
    {
        using var h = new Harness();
        using var response = await h.GetAsync(Harness.Parent + "/tuningJobs");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("{}", text.Trim());
    }

    [Fact]
    public async Task List_pages_newest_first_and_gives_a_next_page_token_only_while_more_remain()
    {
        using var h = new Harness();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await h.CreateJobAsync(Harness.MinimalJob())).GetProperty("name").GetString()!);
            h.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs?pageSize=2" + (token is null ? string.Empty : "&pageToken=" + Uri.EscapeDataString(token)));
            seen.AddRange(page.GetProperty("tuningJobs").EnumerateArray().Select(j => j.GetProperty("name").GetString()!));
            token = page.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        created.Reverse();
        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task A_page_exactly_filled_by_the_last_jobs_has_no_next_page_token()
    {
        using var h = new Harness();
        await h.CreateJobAsync(Harness.MinimalJob());
        await h.CreateJobAsync(Harness.MinimalJob());
        var page = await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs?pageSize=2");
        Assert.Equal(2, page.GetProperty("tuningJobs").GetArrayLength());
        Assert.False(page.TryGetProperty("nextPageToken", out _));
    }

    [Fact]
    public async Task Page_size_defaults_to_the_option_and_is_clamped_to_the_maximum()
    {
        using var h = new Harness(o =>
        {
            o.DefaultPageSize = 3;
            o.MaxPageSize = 4;
        });
        for (var i = 0; i < 6; i++)
        {
            await h.CreateJobAsync(Harness.MinimalJob());
        }

        Assert.Equal(3, (await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs")).GetProperty("tuningJobs").GetArrayLength());
        Assert.Equal(4, (await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs?pageSize=1000")).GetProperty("tuningJobs").GetArrayLength());
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("YzEKdHVuaW5nSm9icy8xL3VzLWNlbnRyYWwxLwp4")]
    public async Task An_invalid_page_token_is_refused(string token)
    {
        using var h = new Harness();
        using var response = await h.GetAsync(Harness.Parent + "/tuningJobs?pageToken=" + Uri.EscapeDataString(token));
        Assert.Contains("page token", await Harness.AssertErrorAsync(response, 400, "INVALID_ARGUMENT"));
    }

    [Fact]
    public async Task A_page_token_is_not_valid_with_another_filter()
    {
        using var h = new Harness();
        for (var i = 0; i < 3; i++)
        {
            await h.CreateJobAsync(Harness.MinimalJob());
        }

        var page = await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs?pageSize=1");
        var token = page.GetProperty("nextPageToken").GetString()!;
        using var response = await h.GetAsync(Harness.Parent + "/tuningJobs?pageSize=1&filter=state%3DJOB_STATE_PENDING&pageToken=" + Uri.EscapeDataString(token));
        await Harness.AssertErrorAsync(response, 400, "INVALID_ARGUMENT");
    }

    [Fact]
    public async Task List_filters_by_state_labels_and_create_time()
    {
        using var h = new Harness();
        var early = (await h.CreateJobAsync(Harness.MinimalJob("\"team\":\"nlp\""))).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var late = (await h.CreateJobAsync(Harness.MinimalJob("\"team\":\"vision\",\"tier\":\"gold\""))).GetProperty("name").GetString()!;
        h.Clock.Advance(TimeSpan.FromMinutes(6)); // early has succeeded, late is running

        async Task<string[]> Names(string filter)
        {
            var page = await h.ExpectAsync(200, HttpMethod.Get, Harness.Parent + "/tuningJobs?filter=" + Uri.EscapeDataString(filter));
            return page.TryGetProperty("tuningJobs", out var jobs) ? jobs.EnumerateArray().Select(j => j.GetProperty("name").GetString()!).ToArray() : Array.Empty<string>();
        }

        Assert.Equal(new[] { early }, await Names("state=\"JOB_STATE_SUCCEEDED\""));
        Assert.Equal(new[] { late }, await Names("state=JOB_STATE_RUNNING"));
        Assert.Equal(new[] { late }, await Names("labels.team=\"vision\""));
        Assert.Equal(new[] { early }, await Names("labels.team=nlp"));
        Assert.Equal(new[] { late }, await Names("labels.tier:*"));
        Assert.Equal(new[] { late }, await Names("create_time>\"2026-08-21T10:18:00Z\""));
        Assert.Equal(new[] { early }, await Names("create_time<\"2026-08-21T10:18:00Z\" AND labels.team=\"nlp\""));
        Assert.Equal(new[] { late, early }, await Names("labels.team=\"nlp\" OR labels.team=\"vision\""));
        Assert.Equal(new[] { early }, await Names("NOT labels.tier:*"));
        Assert.Empty(await Names("state=JOB_STATE_FAILED"));
    }

    [Theory]
    [InlineData("color=\"blue\"")]
    [InlineData("state>")]
    [InlineData("create_time>\"yesterday\"")]
    [InlineData("(state=JOB_STATE_RUNNING")]
    public async Task An_unsupported_filter_is_refused(string filter)
    {
        using var h = new Harness();
        using var response = await h.GetAsync(Harness.Parent + "/tuningJobs?filter=" + Uri.EscapeDataString(filter));
        Assert.StartsWith("Unsupported filter", await Harness.AssertErrorAsync(response, 400, "INVALID_ARGUMENT"));
    }
}
