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
/// <remarks>
/// Tab never waits twice for the same lookup: a refresh that outlived one Tab's budget is not waited for again, and a
/// lookup that failed (no credential, no network) is not tried again for <see cref="FailureTimeToLive"/>, so pressing
/// Tab repeatedly stays instant.
/// </remarks>
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

    /// <summary>How long a failed lookup is remembered before it is tried again.</summary>
    public TimeSpan FailureTimeToLive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest a fetch may run in the background before it is abandoned.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The values for <paramref name="key"/>, waiting at most <paramref name="budget"/> for a fetch.</summary>
    public IReadOnlyList<T> Get(string key, Func<CancellationToken, Task<IReadOnlyList<T>>> fetch, TimeSpan budget)
    {
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        Task<IReadOnlyList<T>?> refresh;
        lock (entry)
        {
            var now = _now();
            if (entry.Values is not null && now - entry.FetchedAt < TimeToLive)
            {
                return entry.Values;
            }

            if (entry.FailedAt is { } failed && now - failed < FailureTimeToLive)
            {
                return entry.Values ?? Array.Empty<T>();
            }

            if (entry.Refresh is null || entry.Refresh.IsCompleted)
            {
                entry.Refresh = StartRefresh(entry, fetch);
                entry.RefreshAwaited = false;
            }
            else if (entry.RefreshAwaited)
            {
                // An earlier Tab already spent its budget on this refresh: answer at once with what is known.
                return entry.Values ?? Array.Empty<T>();
            }

            entry.RefreshAwaited = true;
            refresh = entry.Refresh;
        }

        if (refresh.Wait(budget) && refresh.Result is { } values)
        {
            return values;
        }

        lock (entry)
        {
            return entry.Values ?? Array.Empty<T>();
        }
    }

    /// <summary>Forgets every list and failure (Disconnect-GeminiTuning).</summary>
    public void Clear() => _entries.Clear();

    private Task<IReadOnlyList<T>?> StartRefresh(Entry entry, Func<CancellationToken, Task<IReadOnlyList<T>>> fetch) => Task.Run(async () =>
    {
        try
        {
            using var timeout = new CancellationTokenSource(FetchTimeout);
            var values = await fetch(timeout.Token).ConfigureAwait(false);
            lock (entry)
            {
                entry.Values = values;
                entry.FetchedAt = _now();
                entry.FailedAt = null;
            }

            return values;
        }
        catch (Exception)
        {
            // A failed fetch (no project, no credential, no network, a timeout) completes nothing; completion stays
            // quiet, and the failure is remembered so that the next Tab does not wait for it again.
            lock (entry)
            {
                entry.FailedAt = _now();
            }

            return null;
        }
    });

    private sealed class Entry
    {
        public IReadOnlyList<T>? Values { get; set; }

        public DateTimeOffset FetchedAt { get; set; }

        public DateTimeOffset? FailedAt { get; set; }

        public Task<IReadOnlyList<T>?>? Refresh { get; set; }

        public bool RefreshAwaited { get; set; }
    }
}
