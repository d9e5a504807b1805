using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace GeminiTuning.HelpGen;

internal sealed record ParameterHelp(ParameterMetadata Metadata, IReadOnlyList<string> Description);

internal sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);

internal sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

internal sealed record LinkHelp(string Text, string Uri);

/// <summary>Everything the MAML entry of one cmdlet says: text from its markdown, facts from its metadata.</summary>
internal sealed record CommandHelp(
    CmdletMetadata Cmdlet,
    IReadOnlyList<string> Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<LinkHelp> Links);

/// <summary>
/// Joins each cmdlet's metadata with its markdown and checks the pair: every cmdlet and parameter described, at least
/// two examples each with code and an explanation, no parameter or type documented that the assembly lacks.
/// </summary>
internal sealed class HelpCompiler
{
    /// <summary>The common parameters: PowerShell documents them once (about_CommonParameters), never per cmdlet.</summary>
    public static readonly string[] CommonParameters =
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
    };

    private static readonly string[] CodeLanguages = { "powershell", "pwsh", "ps1" };
    private static readonly Regex CmdletFileName = new(@"^[A-Za-z]+-[A-Za-z0-9]+\.md$");

    private readonly CmdletMetadataReader _reader;
    private readonly IReadOnlyList<CmdletMetadata> _cmdlets;
    private readonly string _docs;
    private readonly string? _about;
    private readonly Diagnostics _diagnostics;

    public HelpCompiler(CmdletMetadataReader reader, IReadOnlyList<CmdletMetadata> cmdlets, string docsDirectory, string? aboutDirectory, Diagnostics diagnostics)
    {
        _reader = reader;
        _cmdlets = cmdlets;
        _docs = docsDirectory;
        _about = aboutDirectory;
        _diagnostics = diagnostics;
    }

    public IReadOnlyList<CommandHelp> Compile()
    {
        var known = new HashSet<string>(_cmdlets.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.GetFiles(_docs, "*.md").Where(f => CmdletFileName.IsMatch(Path.GetFileName(f))).OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!known.Contains(name))
            {
                _diagnostics.Error(file, 0, Codes.UnknownCmdlet, $"The module has no cmdlet {name} (its cmdlets: {string.Join(", ", _cmdlets.Select(c => c.Name))}); rename or remove the file.");
            }
        }

        var result = new List<CommandHelp>();
        foreach (var cmdlet in _cmdlets)
        {
            var path = Path.Combine(_docs, cmdlet.Name + ".md");
            if (!File.Exists(path))
            {
                _diagnostics.Error(path, 0, Codes.MissingFile,
                    $"{cmdlet.Name} has no help: write {cmdlet.Name}.md in {_docs} ('dotnet build src/GeminiTuning.PowerShell -t:NewModuleHelpMarkdown' starts one).");
                continue;
            }

            result.Add(Compile(cmdlet, path));
        }

        return result;
    }

    private CommandHelp Compile(CmdletMetadata cmdlet, string path)
    {
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (HelpText.FindPlaceholder(lines[i]) is { } placeholder)
            {
                _diagnostics.Error(path, i + 1, Codes.Placeholder, $"Replace the placeholder {placeholder} with real text.");
            }
        }

        var doc = HelpMarkdown.Parse(path, lines, _diagnostics);
        if (doc.Title != cmdlet.Name)
        {
            _diagnostics.Error(path, doc.TitleLine, Codes.Structure, $"The file must start with the title '# {cmdlet.Name}'" + (doc.Title is null ? "." : $", not '# {doc.Title}'."));
        }

        var synopsis = Text(doc["SYNOPSIS"]);
        if (synopsis.Count == 0)
        {
            _diagnostics.Error(path, doc["SYNOPSIS"]?.Line ?? doc.TitleLine, Codes.MissingSynopsis, $"{cmdlet.Name} has no synopsis: write one sentence under '## SYNOPSIS'.");
        }

        var description = Text(doc["DESCRIPTION"]);
        if (description.Count == 0)
        {
            _diagnostics.Error(path, doc["DESCRIPTION"]?.Line ?? doc.TitleLine, Codes.MissingDescription, $"{cmdlet.Name} has no description: write it under '## DESCRIPTION'.");
        }

        return new CommandHelp(
            cmdlet,
            synopsis,
            description,
            Parameters(cmdlet, doc),
            Examples(cmdlet, doc),
            Inputs(cmdlet, doc),
            Outputs(cmdlet, doc),
            Text(doc["NOTES"]),
            Links(doc));
    }

    private static IReadOnlyList<string> Text(Section? section) => section is null ? Array.Empty<string>() : HelpText.Paragraphs(section.Blocks);

    private IReadOnlyList<ParameterHelp> Parameters(CmdletMetadata cmdlet, HelpMarkdown doc)
    {
        var section = doc["PARAMETERS"];
        var documented = new List<ParameterHelp>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var sub in section?.Subsections ?? new List<Subsection>())
        {
            var name = sub.Heading.TrimStart('-').Trim();
            var metadata = cmdlet.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (!sub.Heading.StartsWith("-", StringComparison.Ordinal))
            {
                _diagnostics.Error(doc.Path, sub.Line, Codes.Structure, $"A parameter heading is '### -Name', not '### {sub.Heading}'.");
            }

            if (metadata is null)
            {
                var why = CommonParameters.Contains(name, StringComparer.OrdinalIgnoreCase)
                    ? $"-{name} is a common parameter, described by about_CommonParameters; do not document it per cmdlet."
                    : $"{cmdlet.Name} has no parameter -{name} (its parameters: {string.Join(", ", cmdlet.Parameters.Select(p => "-" + p.Name))}).";
                _diagnostics.Error(doc.Path, sub.Line, Codes.UnknownParameter, why);
                continue;
            }

            if (metadata.Name != name)
            {
                _diagnostics.Error(doc.Path, sub.Line, Codes.Structure, $"Spell the parameter as the cmdlet does: '### -{metadata.Name}'.");
            }

            if (!seen.Add(metadata.Name))
            {
                _diagnostics.Error(doc.Path, sub.Line, Codes.Structure, $"-{metadata.Name} is documented twice.");
                continue;
            }

            foreach (var yaml in sub.Blocks.Where(b => b.Kind == BlockKind.Code && b.Language.Equals("yaml", StringComparison.OrdinalIgnoreCase)))
            {
                _diagnostics.Error(doc.Path, yaml.Line, Codes.Metadata,
                    $"Remove the yaml block of -{metadata.Name}: type, position, pipeline input, aliases and defaults are read from the assembly.");
            }

            var text = HelpText.Paragraphs(sub.Blocks.Where(b => !(b.Kind == BlockKind.Code && b.Language.Equals("yaml", StringComparison.OrdinalIgnoreCase))));
            if (text.Count == 0)
            {
                _diagnostics.Error(doc.Path, sub.Line, Codes.MissingParameter, $"-{metadata.Name} of {cmdlet.Name} has no description.");
            }

            documented.Add(new ParameterHelp(metadata, text));
        }

        foreach (var missing in cmdlet.Parameters.Where(p => !seen.Contains(p.Name)))
        {
            _diagnostics.Error(doc.Path, section?.Line ?? doc.TitleLine, Codes.MissingParameter,
                $"-{missing.Name} of {cmdlet.Name} has no description: add '### -{missing.Name}' and its text under '## PARAMETERS'.");
            documented.Add(new ParameterHelp(missing, Array.Empty<string>()));
        }

        return documented;
    }

    private IReadOnlyList<ExampleHelp> Examples(CmdletMetadata cmdlet, HelpMarkdown doc)
    {
        var section = doc["EXAMPLES"];
        var examples = new List<ExampleHelp>();
        foreach (var sub in section?.Subsections ?? new List<Subsection>())
        {
            var code = sub.Blocks.Where(b => b.Kind == BlockKind.Code).ToList();
            if (code.Count != 1 || !CodeLanguages.Contains(code[0].Language, StringComparer.OrdinalIgnoreCase) || code[0].Text.Trim().Length == 0)
            {
                _diagnostics.Error(doc.Path, sub.Line, Codes.BadExample, $"Example '{sub.Heading}' needs exactly one ```powershell code block (it has {code.Count} code block(s)).");
                continue;
            }

            var codeIndex = sub.Blocks.IndexOf(code[0]);
            if (codeIndex > 0)
            {
                _diagnostics.Error(doc.Path, sub.Blocks[0].Line, Codes.BadExample, $"In example '{sub.Heading}', put the explanation after the code block: Get-Help shows the code first.");
            }

            var remarks = HelpText.Paragraphs(sub.Blocks.Skip(codeIndex + 1));
            if (remarks.Count == 0)
            {
                _diagnostics.Error(doc.Path, sub.Line, Codes.BadExample, $"Example '{sub.Heading}' has no explanation: say what it does after the code block.");
            }

            examples.Add(new ExampleHelp(sub.Heading, code[0].Text.TrimEnd(), remarks));
        }

        if (examples.Count < 2)
        {
            _diagnostics.Error(doc.Path, section?.Line ?? doc.TitleLine, Codes.TooFewExamples, $"{cmdlet.Name} has {examples.Count} working example(s); write at least two under '## EXAMPLES'.");
        }

        return examples;
    }

    private IReadOnlyList<TypeHelp> Inputs(CmdletMetadata cmdlet, HelpMarkdown doc)
    {
        var types = TypeSections(doc, "INPUTS", Codes.MissingInput, allowed: name => _reader.TypeExists(name));
        var byValue = cmdlet.Parameters.Where(p => p.ByValue).ToList();
        foreach (var parameter in byValue)
        {
            if (!types.Any(t => Same(t.TypeName, parameter.ElementTypeFullName) || Same(t.TypeName, parameter.TypeFullName)))
            {
                _diagnostics.Error(doc.Path, doc["INPUTS"]?.Line ?? doc.TitleLine, Codes.MissingInput,
                    $"-{parameter.Name} of {cmdlet.Name} takes pipeline input by value: describe '### {parameter.ElementTypeFullName}' under '## INPUTS'.");
            }
        }

        return types;
    }

    private IReadOnlyList<TypeHelp> Outputs(CmdletMetadata cmdlet, HelpMarkdown doc)
    {
        var types = TypeSections(doc, "OUTPUTS", Codes.MissingOutput, allowed: name => cmdlet.OutputTypes.Any(o => Same(o, name)));
        foreach (var output in cmdlet.OutputTypes.Where(o => !types.Any(t => Same(t.TypeName, o))))
        {
            _diagnostics.Error(doc.Path, doc["OUTPUTS"]?.Line ?? doc.TitleLine, Codes.MissingOutput,
                $"{cmdlet.Name} declares [OutputType({output})]: describe '### {output}' under '## OUTPUTS'.");
        }

        return types;
    }

    private List<TypeHelp> TypeSections(HelpMarkdown doc, string sectionName, string missingCode, Func<string, bool> allowed)
    {
        var types = new List<TypeHelp>();
        foreach (var sub in doc[sectionName]?.Subsections ?? new List<Subsection>())
        {
            var name = HelpText.Inline(sub.Heading);
            if (!Same(name, "None") && !allowed(name))
            {
                _diagnostics.Error(doc.Path, sub.Line, Codes.UnknownType, sectionName == "OUTPUTS"
                    ? $"'{name}' is not an [OutputType] of the cmdlet; outputs are the declared types (and 'None')."
                    : $"'{name}' is not a type the module or .NET defines; give the full name, e.g. System.String.");
            }

            var text = HelpText.Paragraphs(sub.Blocks);
            if (text.Count == 0)
            {
                _diagnostics.Error(doc.Path, sub.Line, missingCode, $"Say what '{name}' under '## {sectionName}' is.");
            }

            types.Add(new TypeHelp(name, text));
        }

        return types;
    }

    private IReadOnlyList<LinkHelp> Links(HelpMarkdown doc)
    {
        var links = new List<LinkHelp>();
        if (doc.FrontMatter.TryGetValue("online version", out var online) && online.Length > 0)
        {
            if (!HelpText.IsAbsoluteUrl(online))
            {
                _diagnostics.Error(doc.Path, 1, Codes.BadLink, $"'online version: {online}' is not an http(s) URL.");
            }

            // Get-Help -Online opens the first related link that has a URI.
            links.Add(new LinkHelp("Online Version:", online));
        }

        var section = doc["RELATED LINKS"];
        foreach (var block in section?.Blocks ?? new List<Block>())
        {
            foreach (var (text, target) in HelpText.Links(block))
            {
                if (HelpText.IsAbsoluteUrl(target))
                {
                    links.Add(new LinkHelp(text, target));
                    continue;
                }

                var topic = target.Length == 0 ? text : Regex.Replace(Path.GetFileName(target), @"(\.help\.txt|\.md)$", string.Empty, RegexOptions.IgnoreCase);
                if (target.Length > 0 && topic != text)
                {
                    _diagnostics.Error(doc.Path, block.Line, Codes.BadLink, $"The link [{text}]({target}) should show the name of what it links to, '{topic}'.");
                }

                // Links to this module's cmdlets and about topics must stay true through renames.
                var isModuleCmdlet = _cmdlets.Any(c => c.Name == topic);
                var isOwnTopic = topic.StartsWith("about_GeminiTuning", StringComparison.OrdinalIgnoreCase);
                if ((target.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !isModuleCmdlet) || (isOwnTopic && !AboutTopicExists(topic)))
                {
                    _diagnostics.Error(doc.Path, block.Line, Codes.BadLink, $"Related link '{text}' points at nothing: " + (isOwnTopic ? $"there is no {topic}.help.txt in {_about}." : $"the module has no cmdlet {topic}."));
                }

                links.Add(new LinkHelp(text, string.Empty));
            }
        }

        return links;
    }

    private bool AboutTopicExists(string topic) => _about is null || File.Exists(Path.Combine(_about, topic + ".help.txt"));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
