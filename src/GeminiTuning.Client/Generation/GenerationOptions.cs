using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GeminiTuning.Generation;

/// <summary>Sampling and output settings for a generateContent call.</summary>
public sealed class GenerationOptions
{
    /// <summary>A system instruction (text).</summary>
    public string? SystemInstruction { get; set; }

    /// <summary>Temperature, 0 to 2.</summary>
    public double? Temperature { get; set; }

    /// <summary>Nucleus sampling, 0 to 1.</summary>
    public double? TopP { get; set; }

    /// <summary>Top-k sampling, at least 1.</summary>
    public int? TopK { get; set; }

    /// <summary>Most tokens to generate.</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>Up to 5 sequences that stop generation.</summary>
    public IList<string> StopSequences { get; set; } = new List<string>();

    /// <summary>Seed for best-effort determinism.</summary>
    public int? Seed { get; set; }

    /// <summary>Checks the ranges the service enforces, before sending.</summary>
    public void Validate()
    {
        if (Temperature is { } t && (double.IsNaN(t) || t < 0 || t > 2))
        {
            throw new GeminiTuningArgumentException(nameof(Temperature), $"The temperature must be between 0 and 2, not {t.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (TopP is { } p && (double.IsNaN(p) || p < 0 || p > 1))
        {
            throw new GeminiTuningArgumentException(nameof(TopP), $"TopP must be between 0 and 1, not {p.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (TopK is < 1)
        {
            throw new GeminiTuningArgumentException(nameof(TopK), $"TopK must be at least 1, not {TopK}.");
        }

        if (MaxOutputTokens is < 1)
        {
            throw new GeminiTuningArgumentException(nameof(MaxOutputTokens), $"MaxOutputTokens must be at least 1, not {MaxOutputTokens}.");
        }

        if (StopSequences.Count > 5)
        {
            throw new GeminiTuningArgumentException("StopSequence", $"{StopSequences.Count} stop sequences were given; at most 5 are allowed.");
        }

        if (StopSequences.Any(string.IsNullOrEmpty))
        {
            throw new GeminiTuningArgumentException("StopSequence", "A stop sequence is empty.");
        }
    }
}
