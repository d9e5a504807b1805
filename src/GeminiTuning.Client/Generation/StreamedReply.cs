using System.Collections.Generic;
using System.Linq;
using System.Text;
using GeminiTuning.Generation.Wire;

namespace GeminiTuning.Generation;

/// <summary>Gathers the model's reply across the chunks of a stream, to give the last chunk the whole reply as a turn.</summary>
internal sealed class StreamedReply
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _thoughts = new();
    private string? _signature;

    public void Add(GenerateContentResponseResource chunk)
    {
        foreach (var part in chunk.Candidates?.FirstOrDefault()?.Content?.Parts ?? new List<PartResource>())
        {
            (part.Thought == true ? _thoughts : _text).Append(part.Text);
            _signature = part.ThoughtSignature ?? _signature;
        }
    }

    /// <summary>The reply as one turn: thought summary (if any), then the text carrying the last thought signature.</summary>
    public GeminiConversationTurn? Turn()
    {
        var parts = new List<GeminiContentPart>();
        if (_thoughts.Length > 0)
        {
            parts.Add(new GeminiContentPart { Text = _thoughts.ToString(), Thought = true });
        }

        if (_text.Length > 0 || _signature is not null)
        {
            parts.Add(new GeminiContentPart { Text = _text.ToString(), ThoughtSignature = _signature });
        }

        return parts.Count == 0 ? null : new GeminiConversationTurn { Role = "model", Parts = parts };
    }
}
