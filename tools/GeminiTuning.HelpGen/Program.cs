using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GeminiTuning.HelpGen;

/// <summary>
/// GeminiTuning.HelpGen: builds the module's MAML help from docs/help/*.md and the cmdlet assembly's metadata.
/// </summary>
internal static class Program
{
    private const string Usage = """
        Usage:
          dotnet GeminiTuning.HelpGen.dll --assembly <cmdlets.dll> --docs <dir> --out <file> [--about <dir>]
                                          [--reference <dll>]... [--keep-going]
          dotnet GeminiTuning.HelpGen.dll --scaffold --assembly <cmdlets.dll> --docs <dir> [--reference <dll>]...

          --assembly   the compiled cmdlet assembly; DLLs next to it resolve its dependencies
          --reference  another assembly to resolve types from (PowerShell Standard's System.Management.Automation)
          --docs       the folder of <Verb-Noun>.md help files
          --about      the folder of about_*.help.txt topics, to check links to them
          --out        the MAML file to write, e.g. GeminiTuning.PowerShell.dll-Help.xml
          --keep-going write the MAML even when the help has problems (still exits 1); for tests
          --scaffold   write a skeleton <Verb-Noun>.md for every cmdlet that has none, then stop

        Exit codes: 0 done, 1 the help has problems (listed as 'file(line): error HELPnnn: ...'), 2 bad usage.
        """;

    private static int Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine("GeminiTuning.HelpGen: " + ex.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        using var reader = new CmdletMetadataReader(options.Assembly, options.References);
        var cmdlets = reader.ReadCmdlets();
        if (cmdlets.Count == 0)
        {
            Console.Error.WriteLine($"{Path.GetFullPath(options.Assembly)}: error HELP000: the assembly has no cmdlets; is it the module's cmdlet assembly?");
            return 1;
        }

        if (options.Scaffold)
        {
            foreach (var written in Scaffold.WriteMissing(cmdlets, options.Docs, Path.ChangeExtension(options.Assembly, ".xml")))
            {
                Console.WriteLine("Wrote " + written + "; replace its {{ ... }} placeholders.");
            }

            return 0;
        }

        var diagnostics = new Diagnostics();
        var help = new HelpCompiler(reader, cmdlets, options.Docs, options.About, diagnostics).Compile();
        foreach (var d in diagnostics.Sorted())
        {
            // Standard output: MSBuild's Exec task turns canonical 'file(line): error CODE: text' lines into build errors.
            Console.WriteLine(d);
        }

        if (!diagnostics.HasErrors || options.KeepGoing)
        {
            MamlWriter.Save(MamlWriter.ToMaml(help), options.Out!);
        }

        if (diagnostics.HasErrors)
        {
            Console.WriteLine($"GeminiTuning.HelpGen: {diagnostics.Items.Count} problem(s) in the help in {Path.GetFullPath(options.Docs)}; see docs/help/README.md.");
            return 1;
        }

        Console.WriteLine($"GeminiTuning.HelpGen: help for {help.Count} cmdlets written to {Path.GetFullPath(options.Out!)}");
        return 0;
    }

    private sealed class Options
    {
        public string Assembly { get; private set; } = string.Empty;

        public List<string> References { get; } = new();

        public string Docs { get; private set; } = string.Empty;

        public string? About { get; private set; }

        public string? Out { get; private set; }

        public bool KeepGoing { get; private set; }

        public bool Scaffold { get; private set; }

        public static Options Parse(IReadOnlyList<string> args)
        {
            var o = new Options();
            for (var i = 0; i < args.Count; i++)
            {
                string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException(args[i] + " needs a value.");
                switch (args[i])
                {
                    case "--assembly": o.Assembly = Value(); break;
                    case "--reference": o.References.Add(Value()); break;
                    case "--docs": o.Docs = Value(); break;
                    case "--about": o.About = Value(); break;
                    case "--out": o.Out = Value(); break;
                    case "--keep-going": o.KeepGoing = true; break;
                    case "--scaffold": o.Scaffold = true; break;
                    case "-h" or "--help" or "-?": throw new ArgumentException("Help requested.");
                    default: throw new ArgumentException("Unknown argument " + args[i] + ".");
                }
            }

            if (!File.Exists(o.Assembly))
            {
                throw new ArgumentException($"--assembly '{o.Assembly}' does not exist.");
            }

            if (!Directory.Exists(o.Docs) && !o.Scaffold)
            {
                throw new ArgumentException($"--docs '{o.Docs}' is not a folder.");
            }

            if (o.Out is null && !o.Scaffold)
            {
                throw new ArgumentException("--out is required.");
            }

            foreach (var reference in o.References.Where(r => !File.Exists(r)))
            {
                throw new ArgumentException($"--reference '{reference}' does not exist.");
            }

            return o;
        }
    }
}
