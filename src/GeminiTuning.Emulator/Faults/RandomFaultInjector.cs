using System;
using System.Collections.Generic;

namespace GeminiTuning.Emulator;

/// <summary>Draws random faults, reproducibly: one SplitMix64 stream per operation, seeded from the options' seed and the
/// operation, consumed once per request to that operation.</summary>
internal sealed class RandomFaultInjector
{
    private readonly FaultInjectionOptions _options;
    private readonly HashSet<EmulatorOperation>? _operations;
    private readonly Dictionary<EmulatorOperation, ulong> _states = new Dictionary<EmulatorOperation, ulong>();
    private readonly object _gate = new object();

    public RandomFaultInjector(FaultInjectionOptions options)
    {
        options.Validate();
        _options = options;
        _operations = options.Operations is null ? null : new HashSet<EmulatorOperation>(options.Operations);
    }

    public Fault? Next(EmulatorOperation operation)
    {
        if (_operations is null ? operation == EmulatorOperation.Token : !_operations.Contains(operation))
        {
            return null;
        }

        double draw, kindDraw;
        lock (_gate)
        {
            if (!_states.TryGetValue(operation, out var state))
            {
                state = unchecked(((ulong)(uint)_options.Seed << 32) ^ ((ulong)(int)operation * 0x9E3779B97F4A7C15UL) ^ 0xD1B54A32D192ED03UL);
            }

            draw = ToUnit(SplitMix(ref state));
            kindDraw = ToUnit(SplitMix(ref state));
            _states[operation] = state;
        }

        if (draw >= _options.Rate)
        {
            return null;
        }

        var total = _options.TooManyRequestsWeight + _options.ServiceUnavailableWeight + _options.DropConnectionWeight + _options.SlowResponseWeight;
        var pick = kindDraw * total;
        if ((pick -= _options.TooManyRequestsWeight) < 0)
        {
            return Fault.Error(429, "RESOURCE_EXHAUSTED", ApiErrors.ResourceExhaustedMessage, retryInfoDelay: TimeSpan.FromSeconds(1));
        }

        if ((pick -= _options.ServiceUnavailableWeight) < 0)
        {
            return Fault.Error(503, "UNAVAILABLE", "The service is currently unavailable.");
        }

        if ((pick -= _options.DropConnectionWeight) < 0)
        {
            return Fault.DropConnection();
        }

        return Fault.Delay(_options.SlowDelay);
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
