using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace GeminiTuning.Module.Tests;

/// <summary>The sources of the help kept in the repository: docs/help/*.md and the about topics in en-US/.</summary>
public sealed class HelpSourceTests : IClassFixture<CmdletSurfaceTests.Surface>
{
    private static readonly string[] AboutTopics = { "about_GeminiTuning", "about_GeminiTuning_Authentication", "about_GeminiTuning_Emulator" };

    private readonly CmdletSurface _surface;

    public HelpSourceTests(CmdletSurfaceTests.Surface surface) => _surface = surface.Value;

    public static TheoryData<string> Topics
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var topic in AboutTopics)
            {
                data.Add(topic);
            }

            return data;
        }
    }

    [Fact]
    public void Every_markdown_file_names_a_cmdlet_and_documents_only_its_parameters()
    {
        foreach (var file in Directory.GetFiles(HelpGenerator.DocsFolder, "*-*.md"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var cmdlet = _surface.Cmdlets.SingleOrDefault(c => c.Name == name)
                         ?? throw new Xunit.Sdk.XunitException($"{file} documents {name}, which the module does not have.");
            var known = cmdlet.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            if (cmdlet.SupportsShouldProcess)
            {
                known.UnionWith(new[] { "WhatIf", "Confirm" });
            }

            if (cmdlet.SupportsPaging)
            {
                known.UnionWith(new[] { "First", "Skip", "IncludeTotalCount" });
            }

            Assert.All(DocumentedParameters(file), p => Assert.True(known.Contains(p), $"{file} documents -{p}, which {name} does not have."));
        }
    }

    [Fact]
    public void The_markdown_is_the_only_synopsis_of_a_cmdlet()
    {
        // A <para type="synopsis"> in a cmdlet's XML doc comment was a second synopsis that nothing read and that drifted.
        var docs = System.Xml.Linq.XDocument.Load(Path.Combine(_surface.ModuleFolder, "GeminiTuning.PowerShell.xml"));
        var summaries = docs.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, m => m.Element("summary"));

        Assert.All(_surface.Cmdlets, c =>
        {
            Assert.True(summaries.TryGetValue("T:" + c.Type.FullName, out var summary), $"{c.Type.FullName} has no XML doc summary.");
            Assert.DoesNotContain(summary!.Descendants("para"), p => (string?)p.Attribute("type") == "synopsis");
            Assert.Contains($"docs/help/{c.Name}.md", summary.Value, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Every_cmdlet_has_a_markdown_file()
    {
        Assert.All(_surface.Cmdlets, c => Assert.True(File.Exists(Path.Combine(HelpGenerator.DocsFolder, c.Name + ".md")), $"docs/help/{c.Name}.md is missing."));
    }

    [Theory]
    [MemberData(nameof(Topics))]
    public void Every_about_topic_is_in_the_classic_format(string topic)
    {
        var path = Path.Combine(HelpGenerator.AboutFolder, topic + ".help.txt");
        Assert.True(File.Exists(path), path + " is missing.");
        var lines = File.ReadAllLines(path);

        Assert.Equal("TOPIC", lines[0]);
        Assert.Equal(topic, lines[1].Trim());
        var headings = lines.Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0])).ToList();
        Assert.Equal(new[] { "TOPIC", "SHORT DESCRIPTION", "LONG DESCRIPTION", "EXAMPLES", "SEE ALSO" }, headings);
        // Get-Help about_* shows the line after SHORT DESCRIPTION as the topic's synopsis: one whole sentence.
        var shortDescription = Array.IndexOf(lines, "SHORT DESCRIPTION") + 1;
        Assert.False(string.IsNullOrWhiteSpace(lines[shortDescription]), "The short description follows its heading.");
        Assert.True(string.IsNullOrWhiteSpace(lines[shortDescription + 1]), "The short description is one line.");
        Assert.All(lines.Select((l, i) => (Line: l, Number: i + 1)), l => Assert.True(l.Line.Length <= 80, $"{topic} line {l.Number} is {l.Line.Length} characters long."));
        Assert.DoesNotContain(lines, l => l.Contains('\t', StringComparison.Ordinal));
    }

    [Fact]
    public void About_geminituning_names_every_cmdlet()
    {
        var text = File.ReadAllText(Path.Combine(HelpGenerator.AboutFolder, "about_GeminiTuning.help.txt"));

        Assert.All(_surface.Cmdlets, c => Assert.True(Regex.IsMatch(text, @"\b" + Regex.Escape(c.Name) + @"\b"), $"about_GeminiTuning does not mention {c.Name}."));
    }

    [Fact]
    public void The_about_topics_name_only_cmdlets_the_module_has()
    {
        var names = _surface.Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var topic in AboutTopics)
        {
            var text = File.ReadAllText(Path.Combine(HelpGenerator.AboutFolder, topic + ".help.txt"));
            var mentioned = Regex.Matches(text, @"\b[A-Z][a-z]+-Gemini[A-Za-z]+\b").Select(m => m.Value).Distinct();

            Assert.All(mentioned, m => Assert.True(names.Contains(m), $"{topic} mentions {m}, which the module does not have."));
        }
    }

    private static IEnumerable<string> DocumentedParameters(string file)
    {
        var inParameters = false;
        var inFence = false;
        foreach (var line in File.ReadLines(file))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }

            if (inFence)
            {
                continue;
            }

            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inParameters = line.Trim() == "## PARAMETERS";
            }
            else if (inParameters && line.StartsWith("### -", StringComparison.Ordinal))
            {
                yield return line.Substring(5).Trim();
            }
        }
    }
}
