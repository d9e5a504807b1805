using System;

namespace GeminiTuning.Emulator;

/// <summary>The time source that drives simulated job progress.</summary>
public interface IEmulatorClock
{
    /// <summary>The current time, in UTC.</summary>
    DateTimeOffset UtcNow { get; }
}

/// <summary>The real system clock.</summary>
public sealed class SystemClock : IEmulatorClock
{
    private SystemClock()
    {
    }

    /// <summary>The single instance.</summary>
    public static SystemClock Instance { get; } = new SystemClock();

    /// <inheritdoc />
    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}

/// <summary>A clock that moves only when told to, for deterministic tests. Thread-safe.</summary>
public sealed class ManualClock : IEmulatorClock
{
    private readonly object _gate = new object();
    private DateTimeOffset _now;

    /// <summary>Creates a clock showing <paramref name="start"/>.</summary>
    /// <param name="start">The initial time; converted to UTC.</param>
    public ManualClock(DateTimeOffset start)
    {
        _now = start.ToUniversalTime();
    }

    /// <inheritdoc />
    public DateTimeOffset UtcNow
    {
        get
        {
            lock (_gate)
            {
                return _now;
            }
        }
    }

    /// <summary>Moves the clock forward.</summary>
    /// <param name="by">How far; must not be negative.</param>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "A clock cannot go backwards.");
        }

        lock (_gate)
        {
            _now = _now.Add(by);
        }
    }
}
