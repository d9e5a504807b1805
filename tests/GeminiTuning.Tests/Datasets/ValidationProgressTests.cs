using System;
using GeminiTuning.Datasets;

namespace GeminiTuning.Tests.Datasets;

/// <summary>When Test-GeminiTuningDataset shows its progress bar, and what it says.</summary>
public sealed class ValidationProgressTests
{
    private TimeSpan _now;

    private ValidationProgress Progress(long size) => new("train.jsonl", size, () => _now);

    [Fact]
    public void A_file_checked_within_300_ms_shows_no_progress_at_all()
    {
        var progress = Progress(1_000_000_000);
        _now = TimeSpan.FromMilliseconds(299);

        Assert.Null(progress.Update(500_000_000));
        Assert.False(progress.Shown);
    }

    [Fact]
    public void A_long_check_shows_bytes_percent_and_time_left_at_most_five_times_a_second()
    {
        var progress = Progress(1_000_000_000);
        _now = TimeSpan.FromSeconds(1);

        var first = progress.Update(250_000_000);
        _now += TimeSpan.FromMilliseconds(150);
        var tooSoon = progress.Update(290_000_000);
        _now += TimeSpan.FromMilliseconds(100);
        var next = progress.Update(300_000_000);

        Assert.NotNull(first);
        Assert.Equal("train.jsonl: 250 of 1,000 MB read", first!.Status);
        Assert.Equal(25, first.PercentComplete);
        Assert.Equal(3, first.SecondsRemaining);
        Assert.Null(tooSoon);
        Assert.Equal(30, next!.PercentComplete);
        Assert.True(progress.Shown);
    }

    [Fact]
    public void An_unknown_size_shows_bytes_only()
    {
        var progress = Progress(0);
        _now = TimeSpan.FromSeconds(2);

        var update = progress.Update(5_000_000)!;

        Assert.Null(update.PercentComplete);
        Assert.Null(update.SecondsRemaining);
    }
}
