using System;
using System.Diagnostics;
using System.Globalization;

namespace GeminiTuning.Datasets;

/// <summary>One progress update for a file being checked: what a progress bar shows.</summary>
public sealed class ValidationProgressUpdate
{
    internal ValidationProgressUpdate(string status, int? percentComplete, int? secondsRemaining)
    {
        Status = status;
        PercentComplete = percentComplete;
        SecondsRemaining = secondsRemaining;
    }

    /// <summary>"train.jsonl: 120 of 1,000 MB read".</summary>
    public string Status { get; }

    /// <summary>0 to 100, or null when the size is unknown.</summary>
    public int? PercentComplete { get; }

    /// <summary>Estimated seconds left at the rate so far, or null.</summary>
    public int? SecondsRemaining { get; }
}

/// <summary>
/// Decides when a file check shows progress: not for a file checked within <see cref="Delay"/> (most files: no bar
/// flickers by), then at most once per <see cref="Interval"/>. Fed from <see cref="DatasetValidationOptions.BytesRead"/>.
/// </summary>
public sealed class ValidationProgress
{
    private readonly string _name;
    private readonly long _size;
    private readonly Func<TimeSpan> _clock;
    private TimeSpan? _last;

    /// <summary>Creates the throttle for a file of <paramref name="sizeBytes"/> bytes (0 when unknown); <paramref name="clock"/> gives the time elapsed since the check started (tests pass their own).</summary>
    public ValidationProgress(string fileName, long sizeBytes, Func<TimeSpan>? clock = null)
    {
        _name = fileName;
        _size = sizeBytes;
        if (clock is null)
        {
            var watch = Stopwatch.StartNew();
            clock = () => watch.Elapsed;
        }

        _clock = clock;
    }

    /// <summary>Nothing is shown before this (300 ms).</summary>
    public static TimeSpan Delay { get; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Least time between two updates (200 ms).</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromMilliseconds(200);

    /// <summary>True once an update was given: the bar must then be completed at the end.</summary>
    public bool Shown => _last is not null;

    /// <summary>The update to show now for <paramref name="bytesRead"/>, or null when it is too early or too soon after the last one.</summary>
    public ValidationProgressUpdate? Update(long bytesRead)
    {
        var now = _clock();
        if (now < Delay || (_last is { } last && now - last < Interval))
        {
            return null;
        }

        _last = now;
        var status = string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0} of {2:N0} MB read", _name, bytesRead / 1_000_000, _size / 1_000_000);
        if (_size <= 0)
        {
            return new ValidationProgressUpdate(status, null, null);
        }

        var percent = (int)Math.Max(0, Math.Min(100, bytesRead * 100 / _size));
        var rate = bytesRead / now.TotalSeconds;
        int? remaining = rate > 0 ? (int)Math.Max(0, Math.Min(int.MaxValue, (_size - bytesRead) / rate)) : null;
        return new ValidationProgressUpdate(status, percent, remaining);
    }
}
