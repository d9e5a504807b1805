using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GeminiTuning.HelpGen;

/// <summary>
/// Starts the help file of a cmdlet that has none: the layout, the parameters' XML doc comments as first drafts, and
/// <c>{{ … }}</c> placeholders that the generator refuses until they are replaced by real text.
/// </summary>
internal static class Scaffold
{
    public static IReadOnlyList<string> WriteMissing(IReadOnlyList<CmdletMetadata> cmdlets, string docs, string xmlDocPath)
    {
        var summaries = ReadSummaries(xmlDocPath);
        Directory.CreateDirectory(docs);
        var written = new List<string>();
        foreach (var cmdlet in cmdlets)
        {
            var path = Path.Combine(docs, cmdlet.Name + ".md");
            if (File.Exists(path))
            {
                continue;
            }

            File.WriteAllText(path, Skeleton(cmdlet, summaries), new UTF8Encoding(false));
            written.Add(path);
        }

        return written;
    }

    private static string Skeleton(CmdletMetadata cmdlet, IReadOnlyDictionary<string, string> summaries)
    {
        var s = new StringBuilder();
        s.Append("---\nexternal help file: GeminiTuning.PowerShell.dll-Help.xml\nModule Name: GeminiTuning\n");
        s.Append($"online version: https://github.com/geminituning/GeminiTuning/blob/main/docs/help/{cmdlet.Name}.md\nschema: 2.0.0\n---\n\n");
        s.Append($"# {cmdlet.Name}\n\n## SYNOPSIS\n");
        s.Append(summaries.TryGetValue("T:" + cmdlet.TypeFullName, out var synopsis) ? synopsis : "{{ One sentence: what the cmdlet does }}");
        s.Append("\n\n## DESCRIPTION\n{{ What it does, what it needs, what it writes }}\n\n## EXAMPLES\n");
        for (var i = 1; i <= 2; i++)
        {
            s.Append($"\n### Example {i}: {{{{ Title }}}}\n```powershell\nStart-GeminiTuningEmulator | Connect-GeminiTuning\n{cmdlet.Name}\n```\n\n{{{{ What it does and shows }}}}\n");
        }

        s.Append("\n## PARAMETERS\n");
        foreach (var p in cmdlet.Parameters.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var text = p.XmlDocId is not null && summaries.TryGetValue(p.XmlDocId, out var summary) ? summary : "{{ What -" + p.Name + " means }}";
            s.Append($"\n### -{p.Name}\n{text}\n");
        }

        s.Append("\n## INPUTS\n");
        var inputs = cmdlet.Parameters.Where(p => p.ByValue).Select(p => p.ElementTypeFullName).Distinct().ToList();
        foreach (var input in inputs)
        {
            s.Append($"\n### {input}\n{{{{ What can be piped in }}}}\n");
        }

        if (inputs.Count == 0)
        {
            s.Append("\n### None\n{{ What binds from the pipeline by property name, if anything }}\n");
        }

        s.Append("\n## OUTPUTS\n");
        foreach (var output in cmdlet.OutputTypes)
        {
            s.Append($"\n### {output}\n{{{{ What is written, and when }}}}\n");
        }

        s.Append("\n## NOTES\n\n## RELATED LINKS\n\n[about_GeminiTuning](../../en-US/about_GeminiTuning.help.txt)\n");
        return s.ToString();
    }

    /// <summary>The summaries of the assembly's XML documentation, by member id, as one line of text each.</summary>
    private static Dictionary<string, string> ReadSummaries(string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return result;
        }

        foreach (var member in XDocument.Load(path).Descendants("member"))
        {
            var id = (string?)member.Attribute("name");
            var summary = member.Element("summary");
            if (id is null || summary is null)
            {
                continue;
            }

            // <para type="synopsis"> is the cmdlet's synopsis where a class has one.
            var synopsis = summary.Elements("para").FirstOrDefault(e => (string?)e.Attribute("type") == "synopsis");
            var text = Regex.Replace(Flatten(synopsis ?? summary), @"\s+", " ").Trim();
            if (text.Length > 0)
            {
                result[id] = text;
            }
        }

        return result;
    }

    // <see cref="T:A.B"/> reads as B, <see langword="null"/> as null, everything else as its text.
    private static string Flatten(XElement element) => string.Concat(element.Nodes().Select(node => node switch
    {
        XText t => t.Value,
        XElement { Name.LocalName: "see" or "seealso" or "paramref" or "typeparamref" } e when !e.Nodes().Any() =>
            Regex.Replace((string?)e.Attribute("cref") ?? (string?)e.Attribute("langword") ?? (string?)e.Attribute("name") ?? string.Empty, @"^.*[.:]", string.Empty),
        XElement e => Flatten(e),
        _ => string.Empty,
    }));
}
