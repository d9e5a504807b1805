using System;
using System.Collections.Generic;

namespace GeminiTuning.Emulator;

/// <summary>Draws random faults, reproducibly: one SplitMix64 stream per operation, seeded from the options' seed and the
/// operation, consumed once per request to that operation.</summary>
internal sealed class RandomFaultInjector
{
    private readonly FaultInjectionOptions options;
    private readonly HashSet<EmulatorOperation>? operations;
    private readonly Dictionary<EmulatorOperation, ulong> states = new Dictionary<EmulatorOperation, ulong>();
    private readonly object gate = new object();

    public RandomFaultInjector(FaultInjectionOptions options)
    {
        options.Validate();
        this.options = options;
        operations = options.Operations is null ? null : new HashSet<EmulatorOperation>(options.Operations);
    }

    public Fault? Next(EmulatorOperation operation)
    {
        if (operations is null ? operation == EmulatorOperation.Token : !operations.Contains(operation))
        {
            return null;
        }

        double draw, kindDraw;
        lock (gate)
        {
            if (!states.TryGetValue(operation, out var state))
            {
                state = unchecked(((ulong)(uint)options.Seed << 32) ^ ((ulong)(int)operation * 0x9E3779B97F4A7C15UL) ^ 0xD1B54A32D192ED03UL);
            }

            draw = ToUnit(SplitMix(ref state));
            kindDraw = ToUnit(SplitMix(ref state));
            states[operation] = state;
        }

        if (draw >= options.Rate)
        {
            return null;
        }

        var total = options.TooManyRequestsWeight + options.ServiceUnavailableWeight + options.DropConnectionWeight + options.SlowResponseWeight;
        var pick = kindDraw * total;
        if ((pick -= options.TooManyRequestsWeight) < 0)
        {
            return Fault.Error(429, "RESOURCE_EXHAUSTED", ApiErrors.ResourceExhaustedMessage, retryInfoDelay: TimeSpan.FromSeconds(1));
        }

        if ((pick -= options.ServiceUnavailableWeight) < 0)
        {
            return Fault.Error(503, "UNAVAILABLE", "The service is currently unavailable.");
        }

        if ((pick -= options.DropConnectionWeight) < 0)
        {
            return Fault.DropConnection();
        }

        return Fault.Delay(options.SlowDelay);
    }

    private static ulong SplitMix(ref ulong state)
    {
        unchecked
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    private static double ToUnit(ulong value) => (value >> 11) * (1.0 / (1UL << 53));
}
