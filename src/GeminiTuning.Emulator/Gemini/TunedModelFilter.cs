using System;
using System.Collections.Generic;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Gemini;

/// <summary>The filter of <c>tunedModels.list</c>: words searched in the display name and description,
/// case-insensitively; <c>owner:me</c>, <c>writers:me</c>, <c>readers:me</c> match every model (all are the caller's);
/// <c>readers:everyone</c> matches none (none is shared).</summary>
internal sealed class TunedModelFilter
{
    private readonly List<string> _words;
    private readonly bool _nothing;

    private TunedModelFilter(List<string> words, bool nothing)
    {
        _words = words;
        _nothing = nothing;
    }

    /// <summary>Parses a filter (empty matches everything); throws INVALID_ARGUMENT for an unknown <c>key:value</c>.</summary>
    public static TunedModelFilter Parse(string filter)
    {
        var words = new List<string>();
        var nothing = false;
        foreach (var token in filter.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
        {
            switch (token)
            {
                case "owner:me":
                case "writers:me":
                case "readers:me":
                    break;
                case "readers:everyone":
                    nothing = true;
                    break;
                default:
                    if (token.IndexOf(':') > 0)
                    {
                        throw ApiException.InvalidField("filter", "Unsupported filter \"" + token + "\": use words, owner:me, writers:me, readers:me or readers:everyone.");
                    }

                    words.Add(token.Trim('"'));
                    break;
            }
        }

        return new TunedModelFilter(words, nothing);
    }

    public bool Matches(TunedModel model)
    {
        if (_nothing)
        {
            return false;
        }

        var text = (model.DisplayName ?? string.Empty) + "\n" + (model.Description ?? string.Empty);
        foreach (var word in _words)
        {
            if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
