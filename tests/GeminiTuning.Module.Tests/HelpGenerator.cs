using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace GeminiTuning.Module.Tests;

/// <summary>One run of tools/GeminiTuning.HelpGen: its exit code, what it printed, and the MAML it wrote.</summary>
public sealed record HelpGeneratorRun(int ExitCode, string Output, string MamlPath)
{
    public XDocument Maml => File.Exists(MamlPath)
        ? XDocument.Load(MamlPath)
        : throw new InvalidOperationException("The generator wrote no MAML. It said:\n" + Output);
}

/// <summary>
/// Runs the help generator the way build/Help.targets does (dotnet exec on its built DLL), over the cmdlet assembly in
/// this test's output folder, so the tests check exactly what the build ships. The generator is built with the cmdlet
/// project (Help.targets makes it a build-order reference), so a plain 'dotnet test' on a clean clone has it.
/// </summary>
public static class HelpGenerator
{
    private static readonly Lazy<HelpGeneratorRun> Repository = new(() =>
        Run(DocsFolder, Path.Combine(AppContext.BaseDirectory, "generated-help", "GeminiTuning.PowerShell.dll-Help.xml"), keepGoing: true));

    public static string DocsFolder => Path.Combine(ModuleManifest.RepositoryRoot, "docs", "help");

    public static string AboutFolder => Path.Combine(ModuleManifest.RepositoryRoot, "en-US");

    /// <summary>The MAML generated from the repository's docs/help (with --keep-going, so every test sees what it can).</summary>
    public static HelpGeneratorRun ForRepository => Repository.Value;

    public static HelpGeneratorRun Run(string docs, string output, bool keepGoing)
    {
        if (File.Exists(output))
        {
            File.Delete(output);
        }

        var arguments = new List<string>
        {
            "exec", GeneratorPath,
            "--assembly", Path.Combine(AppContext.BaseDirectory, "GeminiTuning.PowerShell.dll"),
            "--docs", docs,
            "--about", AboutFolder,
            "--out", output,
        };
        if (keepGoing)
        {
            arguments.Add("--keep-going");
        }

        var start = new ProcessStartInfo(DotnetHost) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The help generator did not finish in two minutes.");
        }

        return new HelpGeneratorRun(process.ExitCode, stdout + stderr.Result, output);
    }

    /// <summary>The generator's DLL, built in the same configuration as these tests.</summary>
    public static string GeneratorPath
    {
        get
        {
            var folder = Path.Combine(ModuleManifest.RepositoryRoot, "tools", "GeminiTuning.HelpGen", "bin");
            // This test runs from tests/GeminiTuning.Module.Tests/bin/<Configuration>/<framework>/.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";
            var same = Path.Combine(folder, configuration, "net8.0", "GeminiTuning.HelpGen.dll");
            if (File.Exists(same))
            {
                return same;
            }

            return Directory.Exists(folder)
                ? Directory.GetFiles(folder, "GeminiTuning.HelpGen.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
                  ?? throw new FileNotFoundException("Build the solution first: no GeminiTuning.HelpGen.dll under " + folder)
                : throw new FileNotFoundException("Build the solution first: " + folder + " does not exist.");
        }
    }

    // The dotnet that runs these tests: <root>/shared/Microsoft.NETCore.App/<version>/ is the runtime directory.
    private static string DotnetHost
    {
        get
        {
            var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
            {
                return fromSdk;
            }

            var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
            var host = Path.Combine(root, RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet");
            return File.Exists(host) ? host : "dotnet";
        }
    }
}

/// <summary>Reads a MAML help file: one entry per command, by name.</summary>
public sealed class MamlHelp
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public MamlHelp(XDocument document)
    {
        Document = document;
        Commands = document.Root!.Elements(Command + "command")
            .ToDictionary(c => (string)c.Element(Command + "details")!.Element(Command + "name")!, StringComparer.Ordinal);
    }

    public XDocument Document { get; }

    public IReadOnlyDictionary<string, XElement> Commands { get; }

    /// <summary>The text of the maml:para elements of <paramref name="element"/>'s maml:description.</summary>
    public static string Description(XElement? element) =>
        string.Join("\n", element?.Element(Maml + "description")?.Elements(Maml + "para").Select(p => p.Value.Trim()) ?? Array.Empty<string>()).Trim();

    public static string Name(XElement element) => ((string?)element.Element(Maml + "name") ?? string.Empty).Trim();
}
