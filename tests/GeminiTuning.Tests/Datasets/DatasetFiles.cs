using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using GeminiTuning.Datasets;

namespace GeminiTuning.Tests.Datasets;

/// <summary>A temporary folder for dataset files, deleted at the end of the test.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gt-datasets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes lines joined with '\n' (and a final '\n' unless told otherwise) as UTF-8 without BOM.</summary>
    public string Write(string name, IEnumerable<string> lines, bool finalNewline = true) =>
        WriteBytes(name, Encoding.UTF8.GetBytes(string.Join("\n", lines) + (finalNewline ? "\n" : string.Empty)));

    public string WriteBytes(string name, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Example lines and a shortcut to validate them.</summary>
public static class Examples
{
    public const string Good = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"Hello there\"}]}]}";

    public static string Text(string user, string model) =>
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + user + "\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"" + model + "\"}]}]}";

    public static string WithUserPart(string part) =>
        "{\"contents\":[{\"role\":\"user\",\"parts\":[" + part + "]},{\"role\":\"model\",\"parts\":[{\"text\":\"ok\"}]}]}";

    /// <summary>Validates the lines (as a temporary file) and returns the report.</summary>
    public static DatasetReport Validate(IEnumerable<string> lines, string? baseModel = null, DatasetPurpose purpose = DatasetPurpose.Training,
        Action<DatasetValidationOptions>? configure = null, bool finalNewline = true)
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.jsonl", lines, finalNewline);
        var options = new DatasetValidationOptions { BaseModel = baseModel, Purpose = purpose };
        configure?.Invoke(options);
        return DatasetValidator.Validate(path, options, CancellationToken.None);
    }

    public static DatasetReport ValidateBytes(byte[] content, string? baseModel = null)
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("data.jsonl", content);
        return DatasetValidator.Validate(path, new DatasetValidationOptions { BaseModel = baseModel }, CancellationToken.None);
    }

    /// <summary>The problems without the "fewer than 100 examples" warning that every small test file gets.</summary>
    public static List<DatasetProblem> Findings(this DatasetReport report) =>
        report.Problems.Where(p => p.Code != DatasetProblemCode.TooFewExamples).ToList();

    /// <summary>The single finding of the report (other than the small-file warning).</summary>
    public static DatasetProblem Only(this DatasetReport report) => Assert.Single(report.Findings());

    public static IEnumerable<string> Repeat(string line, int count) => Enumerable.Repeat(line, count);
}
