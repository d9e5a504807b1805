using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Workflows;

namespace GeminiTuning.Tests;

public sealed class OrderedWorkTests
{
    private static async Task<List<(int Input, string Outcome)>> Drain(OrderedWork<int, int> work)
    {
        var results = new List<(int, string)>();
        while (work.Pending > 0)
        {
            await work.WaitForHeadAsync(CancellationToken.None);
            foreach (var (input, result) in work.TakeCompleted())
            {
                results.Add((input, result.Status == TaskStatus.RanToCompletion ? result.Result.ToString(System.Globalization.CultureInfo.InvariantCulture) : "error: " + result.Exception!.GetBaseException().Message));
            }
        }

        return results;
    }

    [Fact]
    public async Task Results_come_back_in_the_order_the_items_were_added_even_when_later_ones_finish_first()
    {
        var work = new OrderedWork<int, int>(4, async (i, ct) => { await Task.Delay((5 - i) * 40, ct); return i * 10; }, CancellationToken.None);
        for (var i = 1; i <= 4; i++)
        {
            work.Add(i);
        }

        Assert.Equal(new[] { (1, "10"), (2, "20"), (3, "30"), (4, "40") }, await Drain(work));
    }

    [Fact]
    public async Task No_more_than_the_limit_run_at_once_and_all_slots_are_used()
    {
        var running = 0;
        var peak = 0;
        var work = new OrderedWork<int, int>(3, async (i, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(30, ct);
            Interlocked.Decrement(ref running);
            return i;
        }, CancellationToken.None);
        for (var i = 0; i < 12; i++)
        {
            work.Add(i);
        }

        var results = await Drain(work);

        Assert.Equal(Enumerable.Range(0, 12), results.Select(r => r.Input));
        Assert.Equal(3, peak);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Fact]
    public async Task A_failed_item_is_handed_back_in_its_place_and_the_others_still_run()
    {
        var work = new OrderedWork<int, int>(2, (i, ct) => i == 2 ? Task.FromException<int>(new InvalidOperationException("prompt 2 failed")) : Task.FromResult(i), CancellationToken.None);
        foreach (var i in new[] { 1, 2, 3 })
        {
            work.Add(i);
        }

        Assert.Equal(new[] { (1, "1"), (2, "error: prompt 2 failed"), (3, "3") }, await Drain(work));
    }

    [Fact]
    public async Task Nothing_is_handed_back_past_an_item_still_running()
    {
        var gate = new TaskCompletionSource<int>();
        var work = new OrderedWork<int, int>(2, (i, ct) => i == 1 ? gate.Task : Task.FromResult(i), CancellationToken.None);
        work.Add(1);
        work.Add(2);
        SpinWait.SpinUntil(() => false, 50);

        Assert.Empty(work.TakeCompleted());
        Assert.Equal(2, work.Pending);
        gate.SetResult(1);
        await work.WaitForHeadAsync(CancellationToken.None);
        Assert.Equal(new[] { 1, 2 }, work.TakeCompleted().Select(r => r.Input));
    }

    [Fact]
    public async Task Stopping_ends_the_wait_for_a_slow_item_at_once()
    {
        using var stop = new CancellationTokenSource();
        var work = new OrderedWork<int, int>(1, async (i, ct) => { await Task.Delay(TimeSpan.FromMinutes(5), ct); return i; }, stop.Token);
        work.Add(1);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        stop.CancelAfter(100);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work.WaitForHeadAsync(stop.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }
}
