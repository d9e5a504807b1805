using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace GeminiTuning.HelpGen;

/// <summary>
/// Turns markdown blocks into the plain-text paragraphs MAML holds. A console shows help as plain text, so inline
/// markup is removed: <c>`code`</c> keeps its text, <c>**bold**</c> its words, <c>[text](https://…)</c> becomes
/// "text (https://…)" and a relative link just its text.
/// </summary>
internal static class HelpText
{
    private static readonly Regex Link = new(@"\[([^\]]+)\]\(([^)\s]+)\)");
    private static readonly Regex AutoLink = new(@"<(https?://[^>\s]+)>");
    private static readonly Regex Code = new(@"`+([^`]+?)`+");
    private static readonly Regex Strong = new(@"(\*\*|__)(?=\S)(.+?)(?<=\S)\1");
    private static readonly Regex Escape = new(@"\\([\\`*_{}\[\]()#+\-.!<>|])");
    private static readonly Regex Placeholder = new(@"\{\{.*?\}\}");

    /// <summary>The paragraphs of <paramref name="blocks"/>: one per paragraph, list item or code block.</summary>
    public static IReadOnlyList<string> Paragraphs(IEnumerable<Block> blocks) => blocks.Select(Render).Where(p => p.Length > 0).ToList();

    public static string Render(Block block) => block.Kind switch
    {
        // Code keeps its lines; indented so it stands apart from the prose around it.
        BlockKind.Code => string.Join("\n", block.Text.Split('\n').Select(l => "    " + l.TrimEnd())).TrimEnd(),
        BlockKind.ListItem => Inline(string.Join(" ", block.Text.Split('\n').Select(l => l.Trim()))),
        _ => Inline(string.Join(" ", block.Text.Split('\n').Select(l => l.Trim()))),
    };

    public static string Inline(string text)
    {
        // Code spans first, so nothing inside them is read as markup; they are restored at the end.
        var spans = new List<string>();
        text = Code.Replace(text, m =>
        {
            spans.Add(m.Groups[1].Value);
            return "\u0001" + (spans.Count - 1) + "\u0002";
        });
        text = Link.Replace(text, m => IsAbsoluteUrl(m.Groups[2].Value) && m.Groups[1].Value != m.Groups[2].Value
            ? $"{m.Groups[1].Value} ({m.Groups[2].Value})"
            : m.Groups[1].Value);
        text = AutoLink.Replace(text, "$1");
        text = Strong.Replace(text, "$2");
        text = Escape.Replace(text, "$1");
        text = Regex.Replace(text, "\u0001(\\d+)\u0002", m => spans[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
        return text.Trim();
    }

    public static bool IsAbsoluteUrl(string target) =>
        Uri.TryCreate(target, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>The first <c>{{ … }}</c> placeholder left in <paramref name="text"/>, if any.</summary>
    public static string? FindPlaceholder(string text)
    {
        var m = Placeholder.Match(text);
        return m.Success ? m.Value : null;
    }

    /// <summary>The links of a RELATED LINKS block: <c>[text](target)</c>, or a line of plain text.</summary>
    public static IEnumerable<(string Text, string Target)> Links(Block block)
    {
        foreach (var raw in block.Text.Split('\n'))
        {
            var line = raw.Trim().TrimStart('-', '*', '+').Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var matches = Link.Matches(line);
            if (matches.Count == 0)
            {
                yield return (Inline(line), string.Empty);
                continue;
            }

            foreach (Match m in matches)
            {
                yield return (m.Groups[1].Value.Trim(), m.Groups[2].Value.Trim());
            }
        }
    }
}
