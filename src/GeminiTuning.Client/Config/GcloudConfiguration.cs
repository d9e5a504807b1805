using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace GeminiTuning.Config;

/// <summary>The active gcloud configuration's properties that matter here: core/project, ai/region, core/account.</summary>
/// <remarks>
/// Read the way gcloud reads it: the folder from CLOUDSDK_CONFIG (else %APPDATA%\gcloud on Windows,
/// ~/.config/gcloud elsewhere), the configuration named by CLOUDSDK_ACTIVE_CONFIG_NAME or the file active_config
/// (else "default"), the INI file configurations/config_NAME, and the property overrides CLOUDSDK_CORE_PROJECT and
/// CLOUDSDK_AI_REGION, which gcloud lets win over the file.
/// </remarks>
public sealed class GcloudConfiguration
{
    /// <summary>The configuration's name.</summary>
    public string Name { get; private set; } = "default";

    /// <summary>The file read, or null when it does not exist.</summary>
    public string? FilePath { get; private set; }

    /// <summary>core/project.</summary>
    public string? Project { get; private set; }

    /// <summary>ai/region.</summary>
    public string? Region { get; private set; }

    /// <summary>core/account.</summary>
    public string? Account { get; private set; }

    /// <summary>Where <see cref="Project"/> came from, for people: the configuration file or CLOUDSDK_CORE_PROJECT.</summary>
    public string? ProjectSource { get; private set; }

    /// <summary>Where <see cref="Region"/> came from, for people: the configuration file or CLOUDSDK_AI_REGION.</summary>
    public string? RegionSource { get; private set; }

    /// <summary>Reads the active configuration; missing files simply leave properties unset.</summary>
    public static GcloudConfiguration Load(Func<string, string?> environment, bool? isWindows = null)
    {
        var windows = isWindows ?? RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        var result = new GcloudConfiguration();
        var folder = ConfigFolder(environment, windows);
        if (folder is not null)
        {
            var name = NonEmpty(environment("CLOUDSDK_ACTIVE_CONFIG_NAME")) ?? ReadFirstLine(Path.Combine(folder, "active_config")) ?? "default";
            result.Name = name;
            if (name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0)
            {
                var file = Path.Combine(Path.Combine(folder, "configurations"), "config_" + name);
                if (File.Exists(file))
                {
                    result.FilePath = file;
                    var ini = ReadIni(file);
                    result.Project = Get(ini, "core", "project");
                    result.Region = Get(ini, "ai", "region");
                    result.Account = Get(ini, "core", "account");
                    result.ProjectSource = result.Project is null ? null : $"gcloud configuration '{name}' (core/project)";
                    result.RegionSource = result.Region is null ? null : $"gcloud configuration '{name}' (ai/region)";
                }
            }
        }

        if (NonEmpty(environment("CLOUDSDK_CORE_PROJECT")) is { } project)
        {
            result.Project = project;
            result.ProjectSource = "environment variable CLOUDSDK_CORE_PROJECT";
        }

        if (NonEmpty(environment("CLOUDSDK_AI_REGION")) is { } region)
        {
            result.Region = region;
            result.RegionSource = "environment variable CLOUDSDK_AI_REGION";
        }

        return result;
    }

    private static string? ConfigFolder(Func<string, string?> environment, bool windows)
    {
        if (NonEmpty(environment("CLOUDSDK_CONFIG")) is { } explicitFolder)
        {
            return explicitFolder;
        }

        if (windows)
        {
            return NonEmpty(environment("APPDATA")) is { } appData ? Path.Combine(appData, "gcloud") : null;
        }

        var home = NonEmpty(environment("HOME"));
        return home is null ? null : Path.Combine(Path.Combine(home, ".config"), "gcloud");
    }

    private static Dictionary<string, Dictionary<string, string>> ReadIni(string path)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        Dictionary<string, string>? current = null;
        try
        {
            foreach (var raw in File.ReadAllLines(path))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';')
                {
                    continue;
                }

                if (line[0] == '[' && line[line.Length - 1] == ']')
                {
                    var section = line.Substring(1, line.Length - 2).Trim();
                    if (!sections.TryGetValue(section, out current))
                    {
                        current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        sections[section] = current;
                    }

                    continue;
                }

                var eq = line.IndexOf('=');
                if (eq > 0 && current is not null)
                {
                    current[line.Substring(0, eq).Trim()] = line.Substring(eq + 1).Trim();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unreadable configuration is treated as absent, as gcloud itself would fail later with its own message.
        }

        return sections;
    }

    private static string? Get(Dictionary<string, Dictionary<string, string>> ini, string section, string key) =>
        ini.TryGetValue(section, out var s) && s.TryGetValue(key, out var v) ? NonEmpty(v) : null;

    private static string? ReadFirstLine(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var reader = new StreamReader(path);
            return NonEmpty(reader.ReadLine());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
