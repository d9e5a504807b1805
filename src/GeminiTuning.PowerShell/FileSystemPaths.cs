using System;
using System.Collections.Generic;
using System.Management.Automation;
using GeminiTuning.Datasets;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Resolves -Path (wildcards) and -LiteralPath through PowerShell's providers to file-system paths; what names no
/// file on the file system is handed to <c>fail</c> as an error about that path.
/// </summary>
internal sealed class FileSystemPaths
{
    private readonly PathIntrinsics _paths;
    private readonly Action<GeminiTuningException, string> _fail;

    public FileSystemPaths(PathIntrinsics paths, Action<GeminiTuningException, string> fail)
    {
        _paths = paths;
        _fail = fail;
    }

    /// <summary>The file a literal path names (it need not exist yet), or null after reporting why there is none.</summary>
    public string? Literal(string path)
    {
        try
        {
            var file = _paths.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            return IsFileSystem(provider, path) ? file : null;
        }
        catch (Exception ex) when (IsPathError(ex))
        {
            _fail(DatasetValidator.FileNotFound(path), path);
            return null;
        }
    }

    /// <summary>The files a wildcard path matches; none (after reporting it) when it matches nothing.</summary>
    public IReadOnlyList<string> Expand(string path)
    {
        try
        {
            var files = _paths.GetResolvedProviderPathFromPSPath(path, out var provider);
            if (!IsFileSystem(provider, path))
            {
                return Array.Empty<string>();
            }

            if (files.Count == 0)
            {
                _fail(DatasetValidator.FileNotFound(path), path);
            }

            return files;
        }
        catch (Exception ex) when (IsPathError(ex))
        {
            _fail(DatasetValidator.FileNotFound(path), path);
            return Array.Empty<string>();
        }
    }

    /// <summary>
    /// The file a parameter that takes one file names (New-GeminiTuningJob -TrainingDatasetPath): the path as it is, or,
    /// when it holds wildcard characters and no file has that very name, an error that says wildcards are not accepted
    /// and how many files the pattern matches, instead of "cannot find" a file that the pattern does match.
    /// </summary>
    public static string SingleFile(PathIntrinsics paths, string path, string parameterName)
    {
        var file = paths.GetUnresolvedProviderPathFromPSPath(path);
        if (!WildcardPattern.ContainsWildcardCharacters(path) || System.IO.File.Exists(file))
        {
            return file;
        }

        IReadOnlyList<string> matches;
        try
        {
            matches = paths.GetResolvedProviderPathFromPSPath(path, out _);
        }
        catch (Exception ex) when (IsPathError(ex))
        {
            matches = Array.Empty<string>();
        }

        var matched = matches.Count switch
        {
            0 => "it matches no file",
            1 => "it matches one file, " + System.IO.Path.GetFileName(matches[0]),
            _ => $"it matches {matches.Count} files",
        };
        throw new GeminiTuningArgumentException(parameterName,
            $"-{parameterName} takes the path of one file, and wildcards are not accepted: '{path}' has wildcard characters ({matched}).",
            matches.Count == 1
                ? $"Give the file's path: -{parameterName} '{matches[0]}'."
                : $"Give one file's path. To check several files, run Test-GeminiTuningDataset -Path '{path}'.");
    }

    private static bool IsPathError(Exception ex) =>
        ex is ItemNotFoundException or DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException;

    private bool IsFileSystem(ProviderInfo provider, string path)
    {
        if (string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        _fail(new GeminiTuningException($"'{path}' is on the {provider.Name} provider, not the file system.", "NotAFile", ErrorCategoryHint.InvalidArgument,
            "Give the path of a .jsonl file on a file-system drive."), path);
        return false;
    }
}
