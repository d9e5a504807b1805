using System;
using System.Collections.Generic;

namespace GeminiTuning.Emulator;

/// <summary>Random fault injection: each request for a chosen operation gets a fault with probability <see cref="Rate"/>.
/// The draws come from a generator per operation seeded from <see cref="Seed"/>, so the same seed and the same sequence
/// of requests to an operation give the same faults, however requests to other operations interleave.</summary>
public sealed class FaultInjectionOptions
{
    /// <summary>The probability (0 to 1) that a request gets a fault.</summary>
    public double Rate { get; set; }

    /// <summary>The seed of the random draws.</summary>
    public int Seed { get; set; }

    /// <summary>The operations that can get faults; null means every operation except <see cref="EmulatorOperation.Token"/>.</summary>
    public IReadOnlyCollection<EmulatorOperation>? Operations { get; set; }

    /// <summary>Relative weight of a 429 <c>RESOURCE_EXHAUSTED</c> answer (with a <c>RetryInfo</c> of 1 s).</summary>
    public double TooManyRequestsWeight { get; set; } = 1;

    /// <summary>Relative weight of a 503 <c>UNAVAILABLE</c> answer.</summary>
    public double ServiceUnavailableWeight { get; set; } = 1;

    /// <summary>Relative weight of a connection closed without a response (the request is not processed).</summary>
    public double DropConnectionWeight { get; set; } = 1;

    /// <summary>Relative weight of a slow response: a wait of <see cref="SlowDelay"/>, then normal processing.</summary>
    public double SlowResponseWeight { get; set; } = 1;

    /// <summary>How long a slow response waits.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        if (double.IsNaN(Rate) || Rate < 0 || Rate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Rate), Rate, "The fault rate must be between 0 and 1.");
        }

        var weights = new[] { TooManyRequestsWeight, ServiceUnavailableWeight, DropConnectionWeight, SlowResponseWeight };
        double total = 0;
        foreach (var w in weights)
        {
            if (double.IsNaN(w) || w < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(FaultInjectionOptions), w, "Fault weights must not be negative.");
            }

            total += w;
        }

        if (Rate > 0 && total <= 0)
        {
            throw new ArgumentException("At least one fault kind needs a positive weight.", nameof(FaultInjectionOptions));
        }

        if (SlowDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SlowDelay), SlowDelay, "The slow delay cannot be negative.");
        }
    }
}
