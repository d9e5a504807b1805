using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace GeminiTuning.Module.Tests;

/// <summary>
/// The MAML help the build generates (en-US/GeminiTuning.PowerShell.dll-Help.xml), checked against the cmdlet assembly
/// read independently through <see cref="CmdletSurface"/>: every cmdlet and parameter described, metadata true to the
/// code, at least two examples each.
/// </summary>
public sealed class HelpMamlTests : IClassFixture<CmdletSurfaceTests.Surface>
{
    private readonly CmdletSurface _surface;

    public HelpMamlTests(CmdletSurfaceTests.Surface surface) => _surface = surface.Value;

    public static TheoryData<string> Cmdlets
    {
        get
        {
            using var surface = new CmdletSurface();
            var data = new TheoryData<string>();
            foreach (var cmdlet in surface.Cmdlets)
            {
                data.Add(cmdlet.Name);
            }

            return data;
        }
    }

    private static MamlHelp Help => new(HelpGenerator.ForRepository.Maml);

    [Fact]
    public void The_generator_finds_no_problem_in_the_help_sources()
    {
        var run = HelpGenerator.ForRepository;

        Assert.True(run.ExitCode == 0, "The help generator reported problems:\n" + run.Output);
    }

    [Fact]
    public void The_maml_is_well_formed_xml_in_the_maml_namespaces()
    {
        // Parsed from the file's text, so malformed XML fails here with the parser's message.
        var document = XDocument.Parse(System.IO.File.ReadAllText(HelpGenerator.ForRepository.MamlPath));
        var root = document.Root!;

        Assert.Equal(MamlHelp.Msh + "helpItems", root.Name);
        Assert.Equal("maml", (string?)root.Attribute("schema"));
        Assert.All(root.Elements(), e => Assert.Equal(MamlHelp.Command + "command", e.Name));
        var allowed = new[] { MamlHelp.Msh, MamlHelp.Maml, MamlHelp.Command, MamlHelp.Dev };
        Assert.All(document.Descendants(), e => Assert.Contains(e.Name.Namespace, allowed));
        Assert.All(root.Elements(), command =>
        {
            var parts = new[] { "details", "description", "syntax", "parameters", "inputTypes", "returnValues", "examples", "relatedLinks" };
            var names = command.Elements().Select(e => e.Name.LocalName).ToList();
            Assert.Equal(parts, names.Where(parts.Contains));
        });
    }

    [Fact]
    public void The_maml_has_one_entry_per_cmdlet_of_the_assembly_and_no_other()
    {
        Assert.Equal(_surface.Cmdlets.Select(c => c.Name), Help.Commands.Keys.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_cmdlet_has_a_synopsis_and_a_description(string cmdlet)
    {
        var command = Entry(cmdlet);
        var details = command.Element(MamlHelp.Command + "details")!;

        Assert.Equal(_surface[cmdlet].Verb, (string?)details.Element(MamlHelp.Command + "verb"));
        Assert.Equal(_surface[cmdlet].Noun, (string?)details.Element(MamlHelp.Command + "noun"));
        Assert.False(string.IsNullOrWhiteSpace(MamlHelp.Description(details)), cmdlet + " has no synopsis.");
        Assert.False(string.IsNullOrWhiteSpace(MamlHelp.Description(command)), cmdlet + " has no description.");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_parameter_has_an_entry_with_a_description(string cmdlet)
    {
        var expected = ExpectedParameters(_surface[cmdlet]).Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal);
        var documented = Parameters(cmdlet).ToDictionary(MamlHelp.Name, StringComparer.Ordinal);

        Assert.Equal(expected, documented.Keys.OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(documented, p => Assert.False(string.IsNullOrWhiteSpace(MamlHelp.Description(p.Value)), $"-{p.Key} of {cmdlet} has no description."));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Parameter_entries_say_what_the_assembly_declares(string cmdlet)
    {
        var documented = Parameters(cmdlet).ToDictionary(MamlHelp.Name, StringComparer.Ordinal);
        foreach (var p in ExpectedParameters(_surface[cmdlet]))
        {
            var entry = documented[p.Name];
            var byValue = p.Sets.Any(s => s.FromPipeline);
            var byName = p.Sets.Any(s => s.FromPipelineByPropertyName);
            var position = p.Sets.Select(s => s.Position).FirstOrDefault(x => x != int.MinValue, int.MinValue);

            Assert.Equal(p.Sets.All(s => s.Mandatory) ? "true" : "false", (string?)entry.Attribute("required"));
            Assert.Equal(position == int.MinValue ? "named" : position.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)entry.Attribute("position"));
            Assert.Equal(byValue || byName, ((string?)entry.Attribute("pipelineInput"))!.StartsWith("True", StringComparison.Ordinal));
            Assert.Equal(byValue, ((string?)entry.Attribute("pipelineInput"))!.Contains("ByValue", StringComparison.Ordinal));
            Assert.Equal(byName, ((string?)entry.Attribute("pipelineInput"))!.Contains("ByPropertyName", StringComparison.Ordinal));
            Assert.Equal(p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases), (string?)entry.Attribute("aliases"));
            Assert.Equal(p.TypeName, (string?)entry.Element(MamlHelp.Dev + "type")?.Element(MamlHelp.Maml + "name"));
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void The_syntax_has_one_item_per_parameter_set_with_that_sets_parameters(string cmdlet)
    {
        var c = _surface[cmdlet];
        // PowerShell's sets: the named ones plus the default one even when no parameter names it; else one set of all.
        var sets = c.ParameterSetNames.Where(s => s != CmdletDescription.AllSets).ToList();
        if (c.DefaultParameterSetName is { } defaultSet && !sets.Contains(defaultSet))
        {
            sets.Insert(0, defaultSet);
        }

        if (sets.Count == 0)
        {
            sets.Add(CmdletDescription.AllSets);
        }

        var implicitNames = ExpectedParameters(c).Where(p => p.IsImplicit).Select(p => p.Name);
        var expected = sets
            .Select(set => string.Join(",", c.InSet(set).Select(m => m.Parameter.Name).Concat(implicitNames).OrderBy(n => n, StringComparer.Ordinal)))
            .OrderBy(s => s, StringComparer.Ordinal);
        var items = Entry(cmdlet).Element(MamlHelp.Command + "syntax")!.Elements(MamlHelp.Command + "syntaxItem").ToList();
        var actual = items
            .Select(item => string.Join(",", item.Elements(MamlHelp.Command + "parameter").Select(MamlHelp.Name).OrderBy(n => n, StringComparer.Ordinal)))
            .OrderBy(s => s, StringComparer.Ordinal);

        Assert.Equal(expected, actual);
        Assert.All(items, item => Assert.Equal(cmdlet, MamlHelp.Name(item)));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_cmdlet_has_at_least_two_examples_each_with_code_and_an_explanation(string cmdlet)
    {
        var examples = Entry(cmdlet).Element(MamlHelp.Command + "examples")?.Elements(MamlHelp.Command + "example").ToList() ?? new List<XElement>();

        Assert.True(examples.Count >= 2, $"{cmdlet} has {examples.Count} example(s).");
        Assert.All(examples, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)e.Element(MamlHelp.Maml + "title")));
            Assert.Contains(cmdlet, (string?)e.Element(MamlHelp.Dev + "code"), StringComparison.Ordinal);
            Assert.Contains(e.Element(MamlHelp.Dev + "remarks")!.Elements(MamlHelp.Maml + "para"), p => p.Value.Trim().Length > 0);
        });
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_output_type_is_described(string cmdlet)
    {
        var returnValues = Entry(cmdlet).Element(MamlHelp.Command + "returnValues")!.Elements(MamlHelp.Command + "returnValue")
            .ToDictionary(r => (string)r.Element(MamlHelp.Dev + "type")!.Element(MamlHelp.Maml + "name")!, r => MamlHelp.Description(r));

        Assert.All(_surface[cmdlet].OutputTypes, t =>
        {
            Assert.True(returnValues.TryGetValue(t.FullName!, out var text), $"{cmdlet} does not describe its output type {t.FullName}.");
            Assert.False(string.IsNullOrWhiteSpace(text));
        });
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_type_taken_from_the_pipeline_by_value_is_an_input_type(string cmdlet)
    {
        var inputs = Entry(cmdlet).Element(MamlHelp.Command + "inputTypes")!.Elements(MamlHelp.Command + "inputType")
            .Select(i => (string)i.Element(MamlHelp.Dev + "type")!.Element(MamlHelp.Maml + "name")!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.All(_surface[cmdlet].Parameters.Where(p => p.Sets.Any(s => s.FromPipeline)), p =>
        {
            var type = p.Type.IsArray ? p.Type.GetElementType()! : p.Type;
            Assert.True(inputs.Contains(type.FullName!) || inputs.Contains(p.Type.FullName!), $"-{p.Name} of {cmdlet} takes {type.FullName} by value, which INPUTS does not describe.");
        });
    }

    private XElement Entry(string cmdlet) =>
        Help.Commands.TryGetValue(cmdlet, out var entry) ? entry : throw new Xunit.Sdk.XunitException($"The MAML has no entry for {cmdlet}: write docs/help/{cmdlet}.md.");

    private IEnumerable<XElement> Parameters(string cmdlet) =>
        Entry(cmdlet).Element(MamlHelp.Command + "parameters")!.Elements(MamlHelp.Command + "parameter");

    /// <summary>What Get-Help should list for a cmdlet: its parameters, and those PowerShell adds for ShouldProcess
    /// and paging (the common parameters are described once, by about_CommonParameters).</summary>
    private static IEnumerable<ExpectedParameter> ExpectedParameters(CmdletDescription cmdlet)
    {
        foreach (var p in cmdlet.Parameters)
        {
            var type = p.Type.Name == "Nullable`1" ? p.Type.GetGenericArguments()[0] : p.Type;
            yield return new ExpectedParameter(p.Name, type.FullName!, p.Aliases, p.Sets, IsImplicit: false);
        }

        var none = new[] { new ParameterSetMembership(CmdletDescription.AllSets, false, int.MinValue, false, false) };
        if (cmdlet.SupportsPaging)
        {
            yield return new ExpectedParameter("First", "System.UInt64", Array.Empty<string>(), none, IsImplicit: true);
            yield return new ExpectedParameter("Skip", "System.UInt64", Array.Empty<string>(), none, IsImplicit: true);
            yield return new ExpectedParameter("IncludeTotalCount", "System.Management.Automation.SwitchParameter", Array.Empty<string>(), none, IsImplicit: true);
        }

        if (cmdlet.SupportsShouldProcess)
        {
            yield return new ExpectedParameter("WhatIf", "System.Management.Automation.SwitchParameter", new[] { "wi" }, none, IsImplicit: true);
            yield return new ExpectedParameter("Confirm", "System.Management.Automation.SwitchParameter", new[] { "cf" }, none, IsImplicit: true);
        }
    }

    private sealed record ExpectedParameter(string Name, string TypeName, IReadOnlyList<string> Aliases, IReadOnlyList<ParameterSetMembership> Sets, bool IsImplicit);
}
