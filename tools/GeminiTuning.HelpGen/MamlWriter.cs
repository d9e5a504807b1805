using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace GeminiTuning.HelpGen;

/// <summary>
/// Writes cmdlet help as MAML, the XML Get-Help reads from <c>en-US/&lt;assembly&gt;-Help.xml</c> in Windows PowerShell
/// 5.1 and PowerShell 7 alike. The layout is the one platyPS writes (and Microsoft's own modules ship): details with
/// the synopsis, description, one syntax item per parameter set, parameters, input types, return values, notes,
/// examples and related links.
/// </summary>
internal static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument ToMaml(IEnumerable<CommandHelp> commands) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.Select(ToCommand)));

    public static void Save(XDocument document, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
        using var writer = XmlWriter.Create(path, settings);
        document.Save(writer);
    }

    private static XElement ToCommand(CommandHelp help)
    {
        var cmdlet = help.Cmdlet;
        var command = new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Command + "details",
                new XElement(Command + "name", cmdlet.Name),
                new XElement(Command + "verb", cmdlet.Verb),
                new XElement(Command + "noun", cmdlet.Noun),
                Description(help.Synopsis)),
            Description(help.Description),
            new XElement(Command + "syntax", cmdlet.ParameterSets.Select(set => SyntaxItem(help, set))),
            new XElement(Command + "parameters", help.Parameters.Select(Parameter)),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => new XElement(Command + "inputType", Type(t.TypeName), Description(t.Description)))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => new XElement(Command + "returnValue", Type(t.TypeName), Description(t.Description)))));

        if (help.Notes.Count > 0)
        {
            command.Add(new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(help.Notes))));
        }

        command.Add(
            new XElement(Command + "examples", help.Examples.Select((e, i) => new XElement(Command + "example",
                new XElement(Maml + "title", ExampleTitle(e.Title)),
                new XElement(Dev + "code", e.Code),
                // The trailing empty paragraph is the blank line Get-Help leaves before the next example.
                new XElement(Dev + "remarks", Paras(e.Remarks), new XElement(Maml + "para"))))),
            new XElement(Maml + "relatedLinks", help.Links.Select(l => new XElement(Maml + "navigationLink",
                new XElement(Maml + "linkText", l.Text),
                new XElement(Maml + "uri", l.Uri)))));
        return command;
    }

    // Get-Help prints the title as it is; Microsoft's help sets it off with rules the same way.
    private static string ExampleTitle(string title) => "---------- " + title + " ----------";

    private static XElement SyntaxItem(CommandHelp help, string set)
    {
        var descriptions = help.Parameters.ToDictionary(p => p.Metadata.Name, p => p.Description);
        return new XElement(Command + "syntaxItem",
            new XElement(Maml + "name", help.Cmdlet.Name),
            help.Cmdlet.InSet(set).Select(x =>
            {
                var p = x.Parameter;
                var m = x.Membership;
                var element = ParameterElement(p, m.Mandatory, m.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named",
                    Pipeline(m.ByPropertyName, m.ByValue), descriptions.TryGetValue(p.Name, out var d) ? d : new List<string>());
                if (p.AcceptedValues.Count > 0)
                {
                    element.Add(new XElement(Command + "parameterValueGroup", p.AcceptedValues.Select(v =>
                        new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))));
                }

                // A switch shows as [-Wait] in syntax, not [-Wait <SwitchParameter>].
                if (!p.IsSwitch)
                {
                    element.Add(ParameterValue(p));
                }

                element.Add(Type(p.TypeFullName), new XElement(Dev + "defaultValue", p.DefaultValue));
                return element;
            }));
    }

    private static XElement Parameter(ParameterHelp help)
    {
        var p = help.Metadata;
        var position = p.Sets.Select(s => s.Position).FirstOrDefault(pos => pos is not null);
        // What the attributes say follows the author's text; without that text (only with --keep-going) the
        // description stays empty, so that the gap shows.
        var text = help.Description.ToList();
        if (text.Count > 0 && p.AcceptedValues.Count > 0)
        {
            text.Add("Accepted values: " + string.Join(", ", p.AcceptedValues));
        }

        if (text.Count > 0)
        {
            text.AddRange(p.Constraints);
        }
        var element = ParameterElement(p, p.Sets.All(s => s.Mandatory),
            position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named", p.PipelineInput, text);
        element.Add(ParameterValue(p), Type(p.TypeFullName), new XElement(Dev + "defaultValue", p.DefaultValue));
        return element;
    }

    private static XElement ParameterElement(ParameterMetadata p, bool required, string position, string pipelineInput, IReadOnlyList<string> description) =>
        new(Command + "parameter",
            new XAttribute("required", Bool(required)),
            new XAttribute("variableLength", Bool(p.IsArray)),
            new XAttribute("globbing", Bool(p.Globbing)),
            new XAttribute("pipelineInput", pipelineInput),
            new XAttribute("position", position),
            new XAttribute("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases)),
            new XElement(Maml + "name", p.Name),
            Description(description));

    // A switch's value is optional ([<SwitchParameter>]); every other parameter needs one.
    private static XElement ParameterValue(ParameterMetadata p) =>
        new(Command + "parameterValue", new XAttribute("required", Bool(!p.IsSwitch)), new XAttribute("variableLength", Bool(p.IsArray)), p.TypeName);

    private static string Pipeline(bool byPropertyName, bool byValue) => (byPropertyName, byValue) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByPropertyName)",
        (false, true) => "True (ByValue)",
        _ => "False",
    };

    private static XElement Type(string name) => new(Dev + "type", new XElement(Maml + "name", name), new XElement(Maml + "uri"));

    private static XElement Description(IReadOnlyList<string> paragraphs) => new(Maml + "description", Paras(paragraphs));

    private static IEnumerable<XElement> Paras(IReadOnlyList<string> paragraphs) =>
        paragraphs.Count == 0 ? new[] { new XElement(Maml + "para") } : paragraphs.Select(p => new XElement(Maml + "para", p));

    private static string Bool(bool value) => value ? "true" : "false";
}
