using System;
using System.Collections.Generic;
using System.Linq;
using GeminiTuning.Generation.Wire;

namespace GeminiTuning.Generation;

/// <summary>Builds the <c>contents</c> of a request from the conversation so far, and the turns an answer carries.</summary>
public static class Conversation
{
    /// <summary>
    /// The conversation that <paramref name="answers"/> (in order) make up. An answer carries every turn up to its
    /// reply, so an answer that continues the turns gathered so far replaces them, and one that does not is appended:
    /// <c>-History $a3</c> and <c>-History $a1, $a2, $a3</c> of one chained conversation give the same turns, and
    /// unrelated single answers are joined in order.
    /// </summary>
    public static IReadOnlyList<GeminiConversationTurn> FromAnswers(IEnumerable<IReadOnlyList<GeminiConversationTurn>> answers)
    {
        var turns = new List<GeminiConversationTurn>();
        foreach (var answer in answers)
        {
            if (answer.Count >= turns.Count && turns.Select((t, i) => Same(t, answer[i])).All(same => same))
            {
                turns = answer.ToList();
            }
            else
            {
                turns.AddRange(answer);
            }
        }

        return turns;
    }

    /// <summary>The user's turn: the files first, then the text (as Google's samples order them).</summary>
    internal static GeminiConversationTurn UserTurn(string prompt, IReadOnlyList<GeminiContentPart> attachments) =>
        new() { Role = "user", Parts = attachments.Concat(new[] { new GeminiContentPart { Text = prompt } }).ToArray() };

    /// <summary>The model's turn as it answered, thought signatures kept; null when it answered nothing.</summary>
    internal static GeminiConversationTurn? ModelTurn(ContentResource? content)
    {
        var parts = content?.Parts?.Select(p => new GeminiContentPart
        {
            Text = p.Text,
            Thought = p.Thought,
            ThoughtSignature = p.ThoughtSignature,
            MimeType = p.InlineData?.MimeType ?? p.FileData?.MimeType,
            InlineData = p.InlineData?.Data,
            FileUri = p.FileData?.FileUri,
        }).ToArray();
        return parts is null || parts.Length == 0 ? null : new GeminiConversationTurn { Role = "model", Parts = parts };
    }

    internal static ContentResource ToResource(GeminiConversationTurn turn) => new()
    {
        Role = turn.Role,
        Parts = turn.Parts.Select(p => new PartResource
        {
            Text = p.Text,
            Thought = p.Thought,
            ThoughtSignature = p.ThoughtSignature,
            InlineData = p.InlineData is null ? null : new BlobResource { MimeType = p.MimeType, Data = p.InlineData },
            FileData = p.FileUri is null ? null : new FileDataResource { MimeType = p.MimeType, FileUri = p.FileUri },
        }).ToList(),
    };

    private static bool Same(GeminiConversationTurn a, GeminiConversationTurn b) =>
        ReferenceEquals(a, b) || (string.Equals(a.Role, b.Role, StringComparison.OrdinalIgnoreCase) && a.Parts.Count == b.Parts.Count &&
            a.Parts.Zip(b.Parts, (x, y) => x.Text == y.Text && x.FileUri == y.FileUri && x.MimeType == y.MimeType &&
                (x.InlineData?.Length ?? -1) == (y.InlineData?.Length ?? -1)).All(same => same));
}
