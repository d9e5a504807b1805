using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using GeminiTuning.Generation;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Reads Invoke-GeminiTunedModel -History: the answers the cmdlet wrote (their Turns), turns themselves, answers read
/// back with Import-Clixml, and hashtables or objects with Role and Text, into the conversation so far.
/// </summary>
internal static class HistoryInput
{
    public static IReadOnlyList<GeminiConversationTurn> Read(IEnumerable<object?> items)
    {
        var answers = new List<IReadOnlyList<GeminiConversationTurn>>();
        foreach (var item in Flatten(items))
        {
            answers.Add(TurnsOf(item));
        }

        return Conversation.FromAnswers(answers);
    }

    private static IEnumerable<object?> Flatten(IEnumerable<object?> items)
    {
        foreach (var item in items)
        {
            var value = item is PSObject pso ? pso.BaseObject : item;
            if (value is IEnumerable list and not string and not IDictionary)
            {
                foreach (var inner in Flatten(list.Cast<object?>()))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return item;
            }
        }
    }

    private static IReadOnlyList<GeminiConversationTurn> TurnsOf(object? item)
    {
        var value = item is PSObject pso ? pso.BaseObject : item;
        switch (value)
        {
            case GeminiTunedModelResponse answer:
                // A streamed answer's turns are on its last chunk; the other chunks add nothing.
                return answer.Turns.Count > 0 || answer.ChunkIndex is not null ? answer.Turns : FromText(answer.Prompt, answer.Text);
            case GeminiConversationTurn turn:
                return new[] { turn };
            case IDictionary table when table["Role"] is not null:
                return new[] { Turn(Text(table["Role"]), Text(table["Text"]), null) };
        }

        var row = PSObject.AsPSObject(item);
        if (Property(row, "Turns") is { } turns)
        {
            // An answer read back from Import-Clixml: its turns are property bags too.
            return Flatten(new[] { turns }).Select(t => TurnOf(PSObject.AsPSObject(t))).ToList();
        }

        if (Property(row, "Role") is not null)
        {
            return new[] { TurnOf(row) };
        }

        throw new GeminiTuningArgumentException("History",
            $"-History takes the answers Invoke-GeminiTunedModel wrote (or their Turns); a {value?.GetType().Name ?? "null"} is neither.",
            "Keep the answers, e.g. $a = Invoke-GeminiTunedModel ... 'Hi', and pass them: -History $a.");
    }

    private static GeminiConversationTurn TurnOf(PSObject row)
    {
        // Export-Clixml keeps two levels by default: a saved answer's turns keep their Role and Text, but their Parts
        // arrive as a string. Parts without content are of that kind; the turn's Text stands in for them.
        var parts = Property(row, "Parts") is { } list and not string
            ? Flatten(new[] { list }).Select(p => PSObject.AsPSObject(p))
                .Where(p => Property(p, "Text") is not null || Property(p, "MimeType") is not null).ToList()
            : new List<PSObject>();
        if (parts.Count == 0)
        {
            return Turn(Text(Property(row, "Role")), Text(Property(row, "Text")), null);
        }

        return new GeminiConversationTurn
        {
            Role = Role(Text(Property(row, "Role"))),
            Parts = parts.Select(p => new GeminiContentPart
            {
                Text = Text(Property(p, "Text")),
                Thought = Property(p, "Thought") is bool thought ? thought : null,
                ThoughtSignature = Text(Property(p, "ThoughtSignature")),
                MimeType = Text(Property(p, "MimeType")),
                FileUri = Text(Property(p, "FileUri")),
                InlineData = Property(p, "InlineData") as byte[],
                Source = Text(Property(p, "Source")),
            }).ToArray(),
        };
    }

    private static IReadOnlyList<GeminiConversationTurn> FromText(string prompt, string? reply) =>
        reply is null ? new[] { Turn("user", prompt, null) } : new[] { Turn("user", prompt, null), Turn("model", reply, null) };

    private static GeminiConversationTurn Turn(string? role, string? text, string? signature) => new()
    {
        Role = Role(role),
        Parts = new[] { new GeminiContentPart { Text = text ?? string.Empty, ThoughtSignature = signature } },
    };

    private static string Role(string? role)
    {
        var normalized = (role ?? string.Empty).Trim().ToLowerInvariant();
        if (normalized is "user" or "model")
        {
            return normalized;
        }

        throw new GeminiTuningArgumentException("History", $"A turn's role must be 'user' or 'model', not '{role}'.");
    }

    private static object? Property(PSObject row, string name)
    {
        try
        {
            var value = row.Properties[name]?.Value;
            return value is PSObject pso ? pso.BaseObject : value;
        }
        catch (GetValueException)
        {
            return null;
        }
    }

    private static string? Text(object? value) => value is null ? null : Convert.ToString(value is PSObject pso ? pso.BaseObject : value, CultureInfo.InvariantCulture);
}
