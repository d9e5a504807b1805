using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.PowerShell;

namespace GeminiTuning.Module.Tests;

/// <summary>
/// The dispatcher every cmdlet blocks through: what it posts runs on the pipeline thread, and a stop returns at once,
/// even from work that never looks at its token. (It uses no PowerShell type, so it runs here without PowerShell.)
/// </summary>
public sealed class PipelineDispatcherTests
{
    [Fact]
    public void Posted_actions_run_on_the_calling_thread_while_the_work_runs_elsewhere()
    {
        var dispatcher = new PipelineDispatcher(new CancellationTokenSource());
        var pipelineThread = Environment.CurrentManagedThreadId;
        var ranOn = new ConcurrentBag<int>();

        var result = dispatcher.Run(async ct =>
        {
            await Task.Yield();
            var workThread = Environment.CurrentManagedThreadId;
            for (var i = 0; i < 5; i++)
            {
                dispatcher.Post(() => ranOn.Add(Environment.CurrentManagedThreadId));
                await Task.Delay(5, ct).ConfigureAwait(false);
            }

            return workThread;
        });

        Assert.NotEqual(pipelineThread, result);
        Assert.Equal(5, ranOn.Count);
        Assert.All(ranOn, id => Assert.Equal(pipelineThread, id));
    }

    [Fact]
    public async Task A_stop_returns_at_once_from_work_that_ignores_its_token_and_the_abandoned_failure_is_observed()
    {
        var stop = new CancellationTokenSource();
        var dispatcher = new PipelineDispatcher(stop);
        var release = new ManualResetEventSlim();
        var started = new ManualResetEventSlim();
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> count = (_, e) =>
        {
            if (e.Exception.GetBaseException().Message == "abandoned work failed")
            {
                Interlocked.Increment(ref unobserved);
            }
        };
        TaskScheduler.UnobservedTaskException += count;
        try
        {
            Task<int>? work = null;
            var watch = new Stopwatch();
            var stopper = Task.Run(() =>
            {
                started.Wait();
                watch.Start();
                stop.Cancel();
            });

            Assert.ThrowsAny<OperationCanceledException>(() => dispatcher.Run(_ => work = Task.Run(new Func<int>(() =>
            {
                // Ignores the token: blocks until released, then fails.
                started.Set();
                release.Wait(TimeSpan.FromSeconds(3));
                dispatcher.Post(() => { });
                throw new InvalidOperationException("abandoned work failed");
            }))));

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Run returned {watch.Elapsed} after the stop.");
            Assert.False(work!.IsCompleted);
            release.Set();
            await stopper;

            // WhenAny does not observe the failure: only the dispatcher may.
            await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(5)));
            Assert.True(work.IsFaulted);
            await Task.Delay(50);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.Equal(0, unobserved);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= count;
        }
    }

    [Fact]
    public async Task A_failing_posted_write_stops_the_work_and_surfaces_on_the_pipeline_thread()
    {
        var stop = new CancellationTokenSource();
        var dispatcher = new PipelineDispatcher(stop);
        var workSawStop = new TaskCompletionSource<bool>();

        var error = Assert.Throws<InvalidOperationException>(() => dispatcher.Run<int>(async ct =>
        {
            dispatcher.Post(() => throw new InvalidOperationException("downstream stopped"));
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                workSawStop.SetResult(true);
            }

            return 0;
        }));

        Assert.Equal("downstream stopped", error.Message);
        Assert.True(await workSawStop.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task What_background_work_posts_between_runs_is_run_by_the_next_run()
    {
        var dispatcher = new PipelineDispatcher(new CancellationTokenSource());
        var ran = 0;
        await Task.Run(() => dispatcher.Post(() => ran++));

        Assert.Equal(0, ran);
        dispatcher.Run(_ => Task.FromResult(true));
        Assert.Equal(1, ran);
    }
}
