using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GeminiTuning.Isolation.Tests;

/// <summary>The fields of GeminiTuning.psd1 these tests read (a PowerShell data file; no PowerShell here to import it).</summary>
public sealed class GalleryManifest
{
    public GalleryManifest(string text)
    {
        Text = Regex.Replace(text, @"(?m)^\s*#.*$", string.Empty);
    }

    public string Text { get; }

    public static GalleryManifest FromRepository() => new(File.ReadAllText(Path.Combine(ModuleLayout.RepositoryRoot, "GeminiTuning.psd1")));

    public string? Scalar(string key)
    {
        var m = Regex.Match(Text, @"^\s*" + key + @"\s*=\s*'((?:[^']|'')*)'", RegexOptions.Multiline);
        return m.Success ? m.Groups[1].Value.Replace("''", "'") : null;
    }

    public IReadOnlyList<string>? List(string key)
    {
        var m = Regex.Match(Text, @"^\s*" + key + @"\s*=\s*@\(([^)]*)\)", RegexOptions.Multiline | RegexOptions.Singleline);
        return m.Success ? Regex.Matches(m.Groups[1].Value, "'([^']*)'").Select(x => x.Groups[1].Value).ToList() : null;
    }
}

/// <summary>
/// out/GeminiTuning.VERSION.nupkg, as 'dotnet pack build/GeminiTuning.Package.proj -c Release -o out' makes it (.ci/run
/// and build.ps1 -Task Package run that before the tests). When it is missing or was packed from another manifest, it is
/// packed here, the same way.
/// </summary>
public sealed class GalleryPackage : IDisposable
{
    public GalleryPackage()
    {
        Manifest = GalleryManifest.FromRepository();
        Version = Manifest.Scalar("ModuleVersion") ?? throw new InvalidOperationException("The manifest has no ModuleVersion.");
        Path = System.IO.Path.Combine(ModuleLayout.RepositoryRoot, "out", $"GeminiTuning.{Version}.nupkg");
        // Packed here only when out/ has no package of the repository's files (.ci/run packs before the tests).
        if (!File.Exists(Path) || !PackedFromTheRepositoryManifest())
        {
            Pack();
        }

        Archive = ZipFile.OpenRead(Path);
        Entries = Archive.Entries.Select(e => e.FullName).ToList();
        using var nuspec = Archive.GetEntry("GeminiTuning.nuspec")!.Open();
        var document = XDocument.Load(nuspec);
        Metadata = document.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    public GalleryManifest Manifest { get; }

    public string Version { get; }

    public string Path { get; }

    public ZipArchive Archive { get; }

    public IReadOnlyList<string> Entries { get; }

    public XElement Metadata { get; }

    public string? Field(string name) => Metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    public IReadOnlyList<string> Tags => (Field("tags") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public byte[] Read(string entry)
    {
        using var stream = Archive.GetEntry(entry)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose() => Archive.Dispose();

    /// <summary>Whether the package's root files (manifest, root module, format file) are the repository's.</summary>
    private bool PackedFromTheRepositoryManifest()
    {
        using var archive = ZipFile.OpenRead(Path);
        foreach (var name in new[] { "GeminiTuning.psd1", "GeminiTuning.psm1", "GeminiTuning.format.ps1xml" })
        {
            var entry = archive.GetEntry(name);
            if (entry is null)
            {
                return false;
            }

            using var reader = new StreamReader(entry.Open());
            if (reader.ReadToEnd() != File.ReadAllText(System.IO.Path.Combine(ModuleLayout.RepositoryRoot, name)))
            {
                return false;
            }
        }

        return true;
    }

    private void Pack()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new ProcessStartInfo(string.IsNullOrEmpty(dotnet) ? "dotnet" : dotnet)
        {
            WorkingDirectory = ModuleLayout.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "pack", "build/GeminiTuning.Package.proj", "-c", "Release", "-o", "out", "-nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet pack build/GeminiTuning.Package.proj did not finish in 5 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path} is missing or was packed from other files than the repository's, and packing it failed " +
                $"(dotnet pack build/GeminiTuning.Package.proj -c Release -o out, exit code {process.ExitCode}):\n{output.Result}\n{error.Result}");
        }
    }
}
