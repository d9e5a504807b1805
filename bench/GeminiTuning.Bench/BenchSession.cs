using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace GeminiTuning.Bench;

/// <summary>
/// What every suite needs: the repository, the module built from it, the PowerShell that runs it (the version pinned in
/// .config/dotnet-tools.json, started from its $PSHOME as a user's pwsh would be, not through 'dotnet pwsh'), and python3.
/// </summary>
internal sealed class BenchSession
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    private BenchSession(BenchOptions options, string root, string module, string pwsh, string powerShellVersion, string? python)
    {
        Options = options;
        Root = root;
        Module = module;
        Pwsh = pwsh;
        PowerShellVersion = powerShellVersion;
        Python = python;
        DataDirectory = Path.Combine(root, "bench", "data");
        Scripts = Path.Combine(AppContext.BaseDirectory, "Scripts");
        Directory.CreateDirectory(DataDirectory);
    }

    public BenchOptions Options { get; }

    public string Root { get; }

    /// <summary>The module manifest, out/GeminiTuning/VERSION/GeminiTuning.psd1.</summary>
    public string Module { get; }

    public string Pwsh { get; }

    /// <summary>The same PowerShell compiled ReadyToRun as its releases are (<see cref="ReleasedPowerShell"/>), or null.</summary>
    public string? ReleasedPwsh { get; private set; }

    public string PowerShellVersion { get; }

    /// <summary>python3's version line, or null when there is no python3.</summary>
    public string? Python { get; }

    /// <summary>bench/data (git-ignored): the generated datasets.</summary>
    public string DataDirectory { get; }

    public string Scripts { get; }

    /// <summary>Builds the module (unless --no-build), restores the pinned PowerShell, and finds both.</summary>
    public static BenchSession Prepare(BenchOptions options)
    {
        var root = FindRoot();
        var version = Regex.Match(File.ReadAllText(Path.Combine(root, "GeminiTuning.psd1")), @"ModuleVersion\s*=\s*'([0-9.]+)'").Groups[1].Value;
        if (!options.NoBuild)
        {
            Progress.Say("Building the module (dotnet publish src/GeminiTuning.PowerShell -c Release) ...");
            ChildProcess.Run("dotnet", new[] { "publish", "src/GeminiTuning.PowerShell", "-c", "Release", "-nologo", "-v", "quiet" }, BuildTimeout, workingDirectory: root);
        }

        var module = options.Module ?? Path.Combine(root, "out", "GeminiTuning", version, "GeminiTuning.psd1");
        if (!File.Exists(module))
        {
            throw new InvalidOperationException("No module at " + module + ": run without --no-build.");
        }

        Progress.Say("Restoring PowerShell (dotnet tool restore) ...");
        ChildProcess.Run("dotnet", new[] { "tool", "restore" }, BuildTimeout, workingDirectory: root);
        var found = ChildProcess.Run("dotnet", new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", "$PSHOME; $PSVersionTable.PSVersion.ToString()" },
            TimeSpan.FromMinutes(2), workingDirectory: root).Output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var pwsh = Path.Combine(found[0], OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
        var session = new BenchSession(options, root, module, pwsh, found[1], FindPython());
        if (!options.NoReadyToRun)
        {
            session.ReleasedPwsh = ReleasedPowerShell.Prepare(session);
        }

        return session;
    }

    /// <summary>Runs a script from Scripts/ in a fresh PowerShell, the way a user starts one: pwsh -NoProfile -File.</summary>
    public ChildResult RunPowerShell(string script, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.Run(Pwsh, new[] { "-NoProfile", "-NonInteractive", "-File", Path.Combine(Scripts, script) }.Concat(arguments), timeout, environment, Root);

    /// <summary>Runs a command in a fresh PowerShell: pwsh -NoProfile -Command (<paramref name="pwsh"/>, or the tool's).</summary>
    public ChildResult RunCommand(string command, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null, string? pwsh = null) =>
        ChildProcess.Run(pwsh ?? Pwsh, new[] { "-NoProfile", "-NonInteractive", "-Command", command }, timeout, environment, Root);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GeminiTuning.psd1")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmarks from the repository: dotnet run -c Release --project bench/GeminiTuning.Bench");
    }

    private static string? FindPython()
    {
        try
        {
            var version = ChildProcess.Run("python3", new[] { "--version" }, TimeSpan.FromSeconds(30));
            return version.Output.Trim();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Progress.Say("python3 not found: the python baselines are skipped.");
            return null;
        }
    }
}

/// <summary>Progress lines go to standard error; standard output carries only the table.</summary>
internal static class Progress
{
    public static void Say(string line) => Console.Error.WriteLine(DateTime.Now.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "  " + line);
}
