using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace GeminiTuning.Isolation.Tests;

/// <summary>The manifest is ready for the PowerShell Gallery, and the package is what Publish-PSResource would upload.</summary>
public sealed class PackageTests : IClassFixture<GalleryPackage>
{
    private readonly GalleryPackage _package;
    private readonly GalleryManifest _manifest;

    public PackageTests(GalleryPackage package)
    {
        _package = package;
        _manifest = package.Manifest;
    }

    private static string[] Cmdlets(GalleryManifest manifest) => manifest.List("CmdletsToExport")!.ToArray();

    [Fact]
    public void The_manifest_declares_both_editions_windows_powershell_5_1_and_explicit_exports()
    {
        Assert.Equal(new[] { "Desktop", "Core" }, _manifest.List("CompatiblePSEditions"));
        Assert.Equal("5.1", _manifest.Scalar("PowerShellVersion"));
        Assert.Equal("GeminiTuning.psm1", _manifest.Scalar("RootModule"));
        Assert.NotEmpty(Cmdlets(_manifest));
        Assert.All(new[] { "CmdletsToExport", "FunctionsToExport", "VariablesToExport", "AliasesToExport" },
            key => Assert.DoesNotContain(_manifest.List(key) ?? throw new Xunit.Sdk.XunitException(key + " is not an explicit list"), v => v.Contains('*')));
        Assert.Empty(_manifest.List("FunctionsToExport")!);
    }

    [Fact]
    public void The_manifest_has_what_the_gallery_shows()
    {
        var tags = _manifest.List("Tags")!;
        Assert.Subset(tags.ToHashSet(), new[] { "PSEdition_Desktop", "PSEdition_Core", "Windows", "Linux", "MacOS", "Gemini", "VertexAI" }.ToHashSet());
        Assert.All(tags, t => Assert.Matches("^[A-Za-z0-9_.-]+$", t));
        Assert.All(new[] { "ProjectUri", "LicenseUri" }, key => Assert.Equal(Uri.UriSchemeHttps, new Uri(_manifest.Scalar(key)!).Scheme));
        Assert.False(string.IsNullOrWhiteSpace(_manifest.Scalar("ReleaseNotes")));
        Assert.False(string.IsNullOrWhiteSpace(_manifest.Scalar("Description")));
        Assert.False(string.IsNullOrWhiteSpace(_manifest.Scalar("Author")));
        Assert.Matches(@"^\d+\.\d+\.\d+$", _manifest.Scalar("ModuleVersion"));
    }

    [Fact]
    public void The_nuspec_is_generated_from_the_manifest_as_Publish_PSResource_writes_it()
    {
        Assert.Equal("GeminiTuning", _package.Field("id"));
        Assert.Equal(_manifest.Scalar("ModuleVersion"), _package.Field("version"));
        Assert.Equal(_manifest.Scalar("Author"), _package.Field("authors"));
        Assert.Equal(_manifest.Scalar("CompanyName"), _package.Field("owners"));
        Assert.Equal(_manifest.Scalar("Description"), _package.Field("description"));
        Assert.Equal(_manifest.Scalar("Copyright"), _package.Field("copyright"));
        Assert.Equal(_manifest.Scalar("ProjectUri"), _package.Field("projectUrl"));
        Assert.Equal(_manifest.Scalar("LicenseUri"), _package.Field("licenseUrl"));
        Assert.Equal(_manifest.Scalar("ReleaseNotes"), _package.Field("releaseNotes"));
        Assert.Equal("false", _package.Field("requireLicenseAcceptance"));
        Assert.Null(_package.Field("dependencies"));
    }

    [Fact]
    public void The_tags_say_module_editions_and_every_exported_cmdlet()
    {
        var tags = _package.Tags;
        var expected = new[] { "PSModule", "PSIncludes_Cmdlet", "PSEdition_Desktop", "PSEdition_Core" }
            .Concat(_manifest.List("Tags")!)
            .Concat(Cmdlets(_manifest).Select(c => "PSCmdlet_" + c))
            .Concat(Cmdlets(_manifest).Select(c => "PSCommand_" + c));

        Assert.Equal("PSModule", tags[0]);
        Assert.Equal(expected.ToHashSet(StringComparer.OrdinalIgnoreCase), tags.ToHashSet(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(tags.Count, tags.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.DoesNotContain(tags, t => t.StartsWith("PSFunction_", StringComparison.Ordinal) || t == "PSIncludes_Function");
    }

    [Fact]
    public void The_module_folder_is_at_the_package_root()
    {
        var entries = _package.Entries;

        Assert.Subset(entries.ToHashSet(), new[]
        {
            "GeminiTuning.nuspec", "GeminiTuning.psd1", "GeminiTuning.psm1", "GeminiTuning.format.ps1xml", "LICENSE",
            "bin/GeminiTuning.PowerShell.dll", "loader/net8.0/GeminiTuning.Loader.dll", "loader/netstandard2.0/GeminiTuning.Loader.dll",
        }.ToHashSet());
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("content/", StringComparison.Ordinal)
            || e.StartsWith("tools/", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(Path.Combine(ModuleLayout.RepositoryRoot, "GeminiTuning.psd1")), _package.Read("GeminiTuning.psd1"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(ModuleLayout.RepositoryRoot, "GeminiTuning.psm1")), _package.Read("GeminiTuning.psm1"));
    }

    [Fact]
    public void Bin_holds_every_assembly_the_build_produced_and_nothing_of_PowerShell()
    {
        var packaged = _package.Entries.Where(e => e.StartsWith("bin/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal))
            .Select(e => e["bin/".Length..]).OrderBy(n => n, StringComparer.Ordinal);
        var built = Directory.GetFiles(ModuleLayout.Bin, "*.dll").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(built, packaged);
        Assert.DoesNotContain("System.Management.Automation.dll", packaged);
    }

    [Fact]
    public void The_packaged_assemblies_carry_the_manifest_version()
    {
        foreach (var entry in new[] { "bin/GeminiTuning.PowerShell.dll", "bin/GeminiTuning.Client.dll", "loader/net8.0/GeminiTuning.Loader.dll" })
        {
            using var pe = new PEReader(new MemoryStream(_package.Read(entry)));
            var version = pe.GetMetadataReader().GetAssemblyDefinition().Version;
            Assert.Equal(new Version(_manifest.Scalar("ModuleVersion")!), new Version(version.Major, version.Minor, version.Build));
        }
    }

    [Fact]
    public void The_files_the_manifest_names_are_in_the_package()
    {
        Assert.Contains(_manifest.Scalar("RootModule")!, _package.Entries);
        Assert.All(_manifest.List("FormatsToProcess") ?? Array.Empty<string>(), f => Assert.Contains(f, _package.Entries));
        foreach (var help in Directory.GetFiles(Path.Combine(ModuleLayout.RepositoryRoot, "en-US")).Select(Path.GetFileName))
        {
            Assert.Contains("en-US/" + help, _package.Entries);
        }
    }
}
