using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace GeminiTuning.Module.Tests;

/// <summary>Reads the fields of GeminiTuning.psd1 these tests check (a PowerShell data file; no engine here to import it).</summary>
public sealed class ModuleManifest
{
    public ModuleManifest(string path)
    {
        Text = File.ReadAllText(path);
    }

    public string Text { get; }

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GeminiTuning.psd1")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("GeminiTuning.psd1 not found above " + AppContext.BaseDirectory);
        }
    }

    public static ModuleManifest FromRepository() => new(Path.Combine(RepositoryRoot, "GeminiTuning.psd1"));

    public string Scalar(string key)
    {
        var m = Regex.Match(Text, @"^\s*" + key + @"\s*=\s*'([^']*)'", RegexOptions.Multiline);
        return m.Success ? m.Groups[1].Value : throw new InvalidOperationException(key + " not found in the manifest");
    }

    public IReadOnlyList<string> List(string key)
    {
        var m = Regex.Match(Text, @"^\s*" + key + @"\s*=\s*@\(([^)]*)\)", RegexOptions.Multiline | RegexOptions.Singleline);
        if (!m.Success)
        {
            throw new InvalidOperationException(key + " not found in the manifest");
        }

        return Regex.Matches(m.Groups[1].Value, "'([^']*)'").Select(x => x.Groups[1].Value).ToList();
    }
}
