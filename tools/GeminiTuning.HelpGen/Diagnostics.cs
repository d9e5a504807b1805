using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GeminiTuning.HelpGen;

/// <summary>
/// A problem in the help sources, printed in MSBuild's canonical error format (<c>file(line): error CODE: text</c>) so
/// that the build's Exec task reports it as a build error pointing at the markdown line.
/// </summary>
internal sealed record Diagnostic(string File, int Line, string Code, string Message)
{
    public override string ToString() =>
        (Line > 0 ? $"{File}({Line})" : File) + $": error {Code}: {Message}";
}

/// <summary>The problems found so far.</summary>
internal sealed class Diagnostics
{
    private readonly List<Diagnostic> _items = new();

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Count > 0;

    public void Error(string file, int line, string code, string message) =>
        _items.Add(new Diagnostic(Path.GetFullPath(file), line, code, message));

    public IEnumerable<Diagnostic> Sorted() =>
        _items.OrderBy(d => d.File, System.StringComparer.Ordinal).ThenBy(d => d.Line);
}

/// <summary>The error codes, one per rule, so a message can be searched for.</summary>
internal static class Codes
{
    public const string MissingFile = "HELP001";
    public const string UnknownCmdlet = "HELP002";
    public const string MissingSynopsis = "HELP003";
    public const string MissingDescription = "HELP004";
    public const string MissingParameter = "HELP005";
    public const string UnknownParameter = "HELP006";
    public const string TooFewExamples = "HELP007";
    public const string BadExample = "HELP008";
    public const string MissingOutput = "HELP009";
    public const string MissingInput = "HELP010";
    public const string UnknownType = "HELP011";
    public const string BadLink = "HELP012";
    public const string Placeholder = "HELP013";
    public const string Structure = "HELP014";
    public const string Metadata = "HELP015";
}
