using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Waiting;

/// <summary>
/// Reads the current state of every pending job once per polling round, as cheaply as the service allows: jobs of one
/// region (two or more that can be listed) with one filtered list request, read page by page only until all of them
/// were seen; every other job with a GET, a few at a time rather than all at once. A region where the listing costs as
/// many requests as the GETs it replaces (it holds many newer jobs), or where the service refuses the filter, is read
/// job by job for the rest of the wait.
/// </summary>
internal sealed class RoundReader
{
    /// <summary>Most GETs in flight at once: twenty piped jobs in as many regions do not hit the service in one burst.</summary>
    internal const int MaxConcurrentReads = 4;

    /// <summary>The largest page Vertex AI serves; the fewer pages, the cheaper a listing.</summary>
    internal const int ListPageSize = 100;

    private readonly HashSet<string> _readOneByOne = new(StringComparer.Ordinal);

    /// <summary>Reads every target once. A target whose read failed is absent from the answer, with its error.</summary>
    public async Task<IReadOnlyDictionary<WaitTarget, (GeminiTuningJob? Job, GeminiTuningException? Error)>> ReadAsync(IReadOnlyList<WaitTarget> pending,
        CancellationToken cancellationToken)
    {
        var read = new Dictionary<WaitTarget, (GeminiTuningJob?, GeminiTuningException?)>();
        var listable = pending.Where(t => t.Listing is { } l && t.Last?.CreateTime is not null && !_readOneByOne.Contains(l.Scope))
            .GroupBy(t => t.Listing!.Scope, StringComparer.Ordinal)
            .Select(g => g.ToList())
            .Where(g => g.Count >= 2);
        foreach (var group in listable)
        {
            foreach (var (target, job) in await ListAsync(group, cancellationToken).ConfigureAwait(false))
            {
                read[target] = (target.Listing!.Complete is { } complete ? await complete(job, cancellationToken).ConfigureAwait(false) : job, null);
            }
        }

        var rest = pending.Where(t => !read.ContainsKey(t)).ToList();
        using var slots = new SemaphoreSlim(MaxConcurrentReads);
        var gets = rest.Select(async target =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return (target, await target.Refresh(cancellationToken).ConfigureAwait(false), (GeminiTuningException?)null);
            }
            catch (GeminiTuningException ex)
            {
                return (target, (GeminiTuningJob?)null, ex);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        foreach (var (target, job, error) in await Task.WhenAll(gets).ConfigureAwait(false))
        {
            read[target] = (job, error);
        }

        return read;
    }

    /// <summary>Lists the group's region for jobs created since the oldest of them; returns the ones found (a job not found is read by GET).</summary>
    private async Task<List<(WaitTarget Target, GeminiTuningJob Job)>> ListAsync(List<WaitTarget> group, CancellationToken cancellationToken)
    {
        var scope = group[0].Listing!.Scope;
        var wanted = new Dictionary<string, WaitTarget>(StringComparer.Ordinal);
        foreach (var target in group)
        {
            wanted[target.Listing!.JobId] = target;
        }

        // A second of slack: the service may keep more precision than a DateTimeOffset, and the filter must not miss the oldest.
        var since = group.Min(t => t.Last!.CreateTime!.Value).UtcDateTime.AddSeconds(-1);
        var filter = "create_time>=\"" + since.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\"";
        var found = new List<(WaitTarget, GeminiTuningJob)>();
        var pages = 0;
        string? token = null;
        try
        {
            do
            {
                var page = await group[0].Listing!.ListPage(filter, token, cancellationToken).ConfigureAwait(false);
                pages++;
                foreach (var job in page.Jobs)
                {
                    if (wanted.TryGetValue(job.Id, out var target))
                    {
                        wanted.Remove(job.Id);
                        found.Add((target, job));
                    }
                }

                token = page.NextPageToken;
            }
            while (token is not null && wanted.Count > 0);
        }
        catch (GeminiTuningException)
        {
            // The service refused the filter (or the listing): the GETs of this round and of the next ones read the jobs.
            _readOneByOne.Add(scope);
            return new List<(WaitTarget, GeminiTuningJob)>();
        }

        if (pages >= group.Count)
        {
            _readOneByOne.Add(scope);
        }

        return found;
    }
}
