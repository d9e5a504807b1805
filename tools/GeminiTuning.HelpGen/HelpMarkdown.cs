using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace GeminiTuning.HelpGen;

/// <summary>What a block of markdown is.</summary>
internal enum BlockKind
{
    Paragraph,
    ListItem,
    Code,
}

/// <summary>A paragraph, a list item or a fenced code block, with the line it starts on.</summary>
internal sealed record Block(BlockKind Kind, string Text, int Line, string Language = "");

/// <summary>A <c>###</c> subsection (an example, a parameter, an input or output type) and its blocks.</summary>
internal sealed class Subsection
{
    public Subsection(string heading, int line)
    {
        Heading = heading;
        Line = line;
    }

    public string Heading { get; }

    public int Line { get; }

    public List<Block> Blocks { get; } = new();
}

/// <summary>A <c>##</c> section: its own blocks, and its <c>###</c> subsections.</summary>
internal sealed class Section
{
    public Section(string name, int line)
    {
        Name = name;
        Line = line;
    }

    public string Name { get; }

    public int Line { get; }

    public List<Block> Blocks { get; } = new();

    public List<Subsection> Subsections { get; } = new();
}

/// <summary>
/// One cmdlet's help file in platyPS's layout: optional yaml front matter, <c># Name</c>, then <c>## SYNOPSIS</c>,
/// <c>## DESCRIPTION</c>, <c>## EXAMPLES</c>, <c>## PARAMETERS</c>, <c>## INPUTS</c>, <c>## OUTPUTS</c>, <c>## NOTES</c>
/// and <c>## RELATED LINKS</c>. Only the text is read; a <c>## SYNTAX</c> section is ignored (syntax comes from the
/// assembly).
/// </summary>
internal sealed class HelpMarkdown
{
    public static readonly string[] KnownSections =
    {
        "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS",
    };

    private static readonly string[] SectionsWithSubsections = { "SYNTAX", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS" };
    private static readonly Regex Heading = new(@"^(#{1,6})\s+(.*?)\s*#*\s*$");
    private static readonly Regex Fence = new(@"^\s*(```+|~~~+)\s*([^\s`]*)");
    private static readonly Regex ListStart = new(@"^\s{0,3}(?:[-*+]|\d+[.)])\s+");

    private HelpMarkdown(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public string? Title { get; private set; }

    public int TitleLine { get; private set; }

    public Dictionary<string, string> FrontMatter { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<Section> Sections { get; } = new();

    public Section? this[string name] => Sections.FirstOrDefault(s => s.Name == name);

    public static HelpMarkdown Read(string path, Diagnostics diagnostics) => Parse(path, File.ReadAllLines(path), diagnostics);

    public static HelpMarkdown Parse(string path, IReadOnlyList<string> lines, Diagnostics diagnostics)
    {
        var doc = new HelpMarkdown(path);
        var index = 0;
        if (lines.Count > 0 && lines[0].Trim() == "---")
        {
            for (index = 1; index < lines.Count && lines[index].Trim() != "---"; index++)
            {
                var colon = lines[index].IndexOf(':');
                if (colon > 0)
                {
                    doc.FrontMatter[lines[index].Substring(0, colon).Trim()] = lines[index].Substring(colon + 1).Trim();
                }
            }

            index++;
        }

        Section? section = null;
        Subsection? subsection = null;
        var pending = new List<(string Text, int Line)>();

        void Flush()
        {
            var blocks = ToBlocks(pending);
            pending.Clear();
            if (subsection is not null)
            {
                subsection.Blocks.AddRange(blocks);
            }
            else if (section is not null)
            {
                section.Blocks.AddRange(blocks);
            }
            else if (blocks.Count > 0)
            {
                diagnostics.Error(path, blocks[0].Line, Codes.Structure, "Text before the first '## ' section; only '# " + (doc.Title ?? "Verb-Noun") + "' may come before it.");
            }
        }

        var inFence = false;
        for (; index < lines.Count; index++)
        {
            var line = lines[index];
            var lineNumber = index + 1;
            if (Fence.IsMatch(line))
            {
                inFence = !inFence;
            }

            var heading = inFence ? null : Heading.Match(line);
            if (heading is null || !heading.Success)
            {
                pending.Add((line, lineNumber));
                continue;
            }

            Flush();
            var level = heading.Groups[1].Value.Length;
            var text = heading.Groups[2].Value;
            switch (level)
            {
                case 1 when doc.Title is null && section is null:
                    doc.Title = text;
                    doc.TitleLine = lineNumber;
                    break;
                case 2:
                    var name = text.ToUpperInvariant();
                    subsection = null;
                    if (!KnownSections.Contains(name))
                    {
                        diagnostics.Error(path, lineNumber, Codes.Structure, $"Unknown section '## {text}'; the sections are {string.Join(", ", KnownSections.Select(s => "## " + s))}.");
                    }
                    else if (doc[name] is not null)
                    {
                        diagnostics.Error(path, lineNumber, Codes.Structure, $"Section '## {name}' appears twice.");
                    }

                    section = new Section(name, lineNumber);
                    doc.Sections.Add(section);
                    break;
                case 3 when section is not null && SectionsWithSubsections.Contains(section.Name):
                    subsection = new Subsection(text, lineNumber);
                    section.Subsections.Add(subsection);
                    break;
                default:
                    diagnostics.Error(path, lineNumber, Codes.Structure,
                        $"Unexpected heading '{line.Trim()}': '### ' headings belong only under ## EXAMPLES, ## PARAMETERS, ## INPUTS and ## OUTPUTS, and there is one '# ' title.");
                    break;
            }
        }

        if (inFence)
        {
            diagnostics.Error(path, lines.Count, Codes.Structure, "A ``` code block is not closed.");
        }

        Flush();
        return doc;
    }

    /// <summary>Splits lines into paragraphs (separated by blank lines), list items and fenced code blocks.</summary>
    private static List<Block> ToBlocks(IReadOnlyList<(string Text, int Line)> lines)
    {
        var blocks = new List<Block>();
        var text = new List<string>();
        var kind = BlockKind.Paragraph;
        var start = 0;

        void End()
        {
            if (text.Count > 0)
            {
                blocks.Add(new Block(kind, string.Join("\n", text), start));
                text.Clear();
            }
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var (line, number) = lines[i];
            var fence = Fence.Match(line);
            if (fence.Success)
            {
                End();
                var marker = fence.Groups[1].Value;
                var code = new List<string>();
                var first = number;
                for (i++; i < lines.Count && !lines[i].Text.TrimStart().StartsWith(marker, StringComparison.Ordinal); i++)
                {
                    code.Add(lines[i].Text);
                }

                blocks.Add(new Block(BlockKind.Code, string.Join("\n", code), first, fence.Groups[2].Value));
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                End();
                continue;
            }

            if (ListStart.IsMatch(line))
            {
                End();
                kind = BlockKind.ListItem;
                start = number;
                text.Add(line.Trim());
                continue;
            }

            if (text.Count == 0)
            {
                kind = BlockKind.Paragraph;
                start = number;
            }

            text.Add(line.Trim());
        }

        End();
        return blocks;
    }
}
