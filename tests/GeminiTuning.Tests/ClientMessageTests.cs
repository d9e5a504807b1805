using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace GeminiTuning.Tests;

/// <summary>
/// The client library is the module's engine and its messages may name cmdlets and their parameters (see
/// GeminiTuning.Client.csproj); every name it gives must be one the module has, or the advice cannot be followed.
/// </summary>
public class ClientMessageTests
{
    private static readonly string[] CommonParameters =
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "ProgressAction", "WhatIf", "Confirm",
    };

    private static readonly Regex CmdletName = new(@"\b(Get|New|Set|Stop|Start|Wait|Invoke|Remove|Connect|Disconnect|Test)-Gemini\w+", RegexOptions.CultureInvariant);

    private static readonly Regex ParameterName = new(@"(?<![\w-])-([A-Z][A-Za-z]+)\b", RegexOptions.CultureInvariant);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GeminiTuning.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (GeminiTuning.slnx) was not found above " + AppContext.BaseDirectory);
    }

    private static IEnumerable<string> Sources(string project) =>
        Directory.EnumerateFiles(Path.Combine(RepoRoot(), "src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                        !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    [Fact]
    public void Every_cmdlet_and_parameter_the_client_names_exists_in_the_module()
    {
        var module = string.Join("\n", Sources("GeminiTuning.PowerShell").Select(File.ReadAllText));
        var cmdlets = Regex.Matches(module, @"\[Cmdlet\(Verbs\w+\.(\w+),\s*""(\w+)""")
            .Select(m => m.Groups[1].Value + "-" + m.Groups[2].Value).ToHashSet(StringComparer.Ordinal);
        var parameters = Regex.Matches(module, @"public\s+[\w\[\]<>?,. ]+?\s+(\w+)\s*\{\s*get;").Select(m => m.Groups[1].Value)
            .Concat(CommonParameters).ToHashSet(StringComparer.Ordinal);
        var named = new List<string>();
        var missing = new List<string>();

        foreach (var file in Sources("GeminiTuning.Client"))
        {
            foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
            {
                var names = CmdletName.Matches(line).Select(m => m.Value).ToList();
                if (names.Count == 0)
                {
                    continue;
                }

                var where = Path.GetFileName(file) + ":" + number;
                named.AddRange(names);
                missing.AddRange(names.Where(n => !cmdlets.Contains(n)).Select(n => where + " names cmdlet " + n));
                missing.AddRange(ParameterName.Matches(line).Select(m => m.Groups[1].Value).Where(p => !parameters.Contains(p))
                    .Select(p => where + " names parameter -" + p));
            }
        }

        Assert.Contains("New-GeminiTuningJob", cmdlets);
        Assert.Contains("RequestId", parameters);
        Assert.True(named.Count > 20, "The client names cmdlets in its messages: " + named.Count);
        Assert.Empty(missing);
    }
}
