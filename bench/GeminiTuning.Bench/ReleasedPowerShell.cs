using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace GeminiTuning.Bench;

/// <summary>
/// The pinned PowerShell as its releases ship it. The PowerShell .NET tool package holds its assemblies as plain IL, so
/// every start JIT-compiles PowerShell itself (about 6,000 methods before the first prompt); the MSI, deb, rpm, zip and
/// tar.gz releases are compiled ReadyToRun. This copies the tool's $PSHOME to bench/data and compiles its assemblies
/// ReadyToRun with the runtime's own crossgen2 (the pack the SDK uses for PublishReadyToRun, restored as it would be),
/// so import and start-up are also measured the way most users meet them. Made once, reused by later runs.
/// </summary>
internal static class ReleasedPowerShell
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>The ReadyToRun pwsh, or null (with a line on standard error) when crossgen2 cannot be had here.</summary>
    public static string? Prepare(BenchSession session)
    {
        var toolHome = Path.GetDirectoryName(session.Pwsh)!;
        var rid = RuntimeInformation.RuntimeIdentifier;
        var home = Path.Combine(session.DataDirectory, $"pwsh-{session.PowerShellVersion}-readytorun-{rid}-{Environment.Version}");
        var pwsh = Path.Combine(home, Path.GetFileName(session.Pwsh));
        var done = Path.Combine(home, ".complete");
        if (File.Exists(done))
        {
            return pwsh;
        }

        var crossgen = FindCrossgen(rid) ?? RestoreCrossgen(session, rid);
        if (crossgen is null)
        {
            Progress.Say($"No crossgen2 pack for {rid} {Environment.Version}: PowerShell is measured as the .NET tool ships it only.");
            return null;
        }

        Progress.Say($"Compiling PowerShell {session.PowerShellVersion} ReadyToRun into {home} (once) ...");
        if (Directory.Exists(home))
        {
            Directory.Delete(home, recursive: true);
        }

        CopyDirectory(toolHome, home);
        var framework = RuntimeEnvironment.GetRuntimeDirectory();
        var (os, arch) = Target();
        var inputs = Directory.GetFiles(toolHome, "*.dll").Where(IsPlainIL).ToList();
        var failed = new List<string>();
        Parallel.ForEach(inputs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, input =>
        {
            var output = Path.Combine(home, Path.GetFileName(input));
            var arguments = new[]
            {
                "-r", Path.Combine(framework, "*.dll"), "-r", Path.Combine(toolHome, "*.dll"), "--targetos:" + os, "--targetarch:" + arch, "-O",
                input, "-o", output + ".r2r",
            };
            try
            {
                ChildProcess.Run(crossgen, arguments, Timeout);
                File.Move(output + ".r2r", output, overwrite: true);
            }
            catch (InvalidOperationException)
            {
                // An assembly crossgen2 cannot compile (a reference assembly, a facade) stays as shipped.
                lock (failed)
                {
                    failed.Add(Path.GetFileName(input));
                }
            }
        });

        Progress.Say($"Compiled {inputs.Count - failed.Count} of {inputs.Count} assemblies" + (failed.Count > 0 ? "; left as IL: " + string.Join(", ", failed) : "."));
        File.WriteAllText(done, string.Empty);
        return pwsh;
    }

    /// <summary>True for a managed assembly without native code: what the tool package ships.</summary>
    private static bool IsPlainIL(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var reader = new PEReader(stream);
            var cor = reader.PEHeaders.CorHeader;
            return cor is not null && cor.ManagedNativeHeaderDirectory.Size == 0 && (cor.Flags & CorFlags.ILLibrary) == 0;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static string? FindCrossgen(string rid)
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var tool = Path.Combine(packages, "microsoft.netcore.app.crossgen2." + rid, Environment.Version.ToString(), "tools",
            OperatingSystem.IsWindows() ? "crossgen2.exe" : "crossgen2");
        return File.Exists(tool) ? tool : null;
    }

    /// <summary>Restores the crossgen2 pack the way PublishReadyToRun does: a throwaway project asks the SDK for it.</summary>
    private static string? RestoreCrossgen(BenchSession session, string rid)
    {
        var project = Path.Combine(session.DataDirectory, "crossgen2-restore");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Restore.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
                <RuntimeIdentifier>{rid}</RuntimeIdentifier>
                <SelfContained>false</SelfContained>
                <PublishReadyToRun>true</PublishReadyToRun>
              </PropertyGroup>
            </Project>
            """);
        try
        {
            Progress.Say("Restoring the crossgen2 pack (dotnet restore -p:PublishReadyToRun=true) ...");
            ChildProcess.Run("dotnet", new[] { "restore", project, "-nologo", "-v", "quiet" }, Timeout);
        }
        catch (InvalidOperationException e)
        {
            Progress.Say("Could not restore crossgen2: " + e.Message);
            return null;
        }

        return FindCrossgen(rid);
    }

    private static (string Os, string Arch) Target()
    {
        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        return (os, arch);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            File.Copy(file, target, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }
    }
}
