using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Completion;

/// <summary>
/// Values for tab completion that come from the service (job ids), answered within a fixed budget: a fresh cached
/// list at once; otherwise a refresh is started (at most one per key at a time) and awaited for the budget only, and
/// whatever is known then (the stale list, or nothing) is returned. The next Tab gets the refreshed list.
/// </summary>
public sealed class CompletionCache<T>
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Func<DateTimeOffset> _now;

    /// <summary>Creates a cache; <paramref name="now"/> is for tests.</summary>
    public CompletionCache(TimeSpan timeToLive, Func<DateTimeOffset>? now = null)
    {
        TimeToLive = timeToLive;
        _now = now ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>How long a fetched list is fresh.</summary>
    public TimeSpan TimeToLive { get; }

    /// <summary>The longest a fetch may run in the background before it is abandoned.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The values for <paramref name="key"/>, waiting at most <paramref name="budget"/> for a fetch.</summary>
    public IReadOnlyList<T> Get(string key, Func<CancellationToken, Task<IReadOnlyList<T>>> fetch, TimeSpan budget)
    {
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        Task<IReadOnlyList<T>> refresh;
        lock (entry)
        {
            if (entry.Values is not null && _now() - entry.FetchedAt < TimeToLive)
            {
                return entry.Values;
            }

            if (entry.Refresh is null || entry.Refresh.IsCompleted)
            {
                entry.Refresh = StartRefresh(entry, fetch);
            }

            refresh = entry.Refresh;
        }

        try
        {
            if (refresh.Wait(budget) && refresh.Status == TaskStatus.RanToCompletion)
            {
                return refresh.Result;
            }
        }
        catch (AggregateException)
        {
            // A failed fetch (no project, no network) completes nothing; completion stays quiet.
        }

        lock (entry)
        {
            return entry.Values ?? Array.Empty<T>();
        }
    }

    private Task<IReadOnlyList<T>> StartRefresh(Entry entry, Func<CancellationToken, Task<IReadOnlyList<T>>> fetch) => Task.Run(async () =>
    {
        using var timeout = new CancellationTokenSource(FetchTimeout);
        var values = await fetch(timeout.Token).ConfigureAwait(false);
        lock (entry)
        {
            entry.Values = values;
            entry.FetchedAt = _now();
        }

        return values;
    });

    private sealed class Entry
    {
        public IReadOnlyList<T>? Values { get; set; }

        public DateTimeOffset FetchedAt { get; set; }

        public Task<IReadOnlyList<T>>? Refresh { get; set; }
    }
}
