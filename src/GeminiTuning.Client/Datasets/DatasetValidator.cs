using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Datasets;

/// <summary>
/// Checks a JSONL supervised-tuning dataset locally, before anything is uploaded or paid for, and reports every problem
/// with its line and column.
/// </summary>
/// <remarks>
/// <para>
/// The file is streamed through a few reusable blocks of about a MiB, checked on every core while the next are read, and
/// reported in file order. Each line is checked in place: a clean example in the usual shape is recognised in one pass
/// over its bytes (<see cref="CleanExample"/>); any other line is checked for UTF-8 (strict decoding) and JSON (a
/// <see cref="System.Text.Json.Utf8JsonReader"/> over the line's bytes), then against the example schema. No string is
/// made for a line unless it has a problem, so files of any size are checked in constant memory; a huge bad file streams
/// its problems to <see cref="DatasetValidationOptions.ProblemFound"/> and keeps only the first
/// <see cref="DatasetValidationOptions.MaxProblemsKept"/> in the report.
/// </para>
/// <para>The rules (reference: <c>dataset-format.md</c>), each a <see cref="DatasetProblemCode"/>:</para>
/// <list type="bullet">
/// <item>Encoding: UTF-8 (<see cref="DatasetProblemCode.InvalidUtf8"/>); a leading byte order mark is a warning
/// (<see cref="DatasetProblemCode.ByteOrderMark"/>); one example per line, no blank lines (trailing blank lines are warnings).</item>
/// <item>Each line one JSON object (<see cref="DatasetProblemCode.InvalidJson"/>, <see cref="DatasetProblemCode.NotAnObject"/>) with
/// <c>contents</c>: an array of turns with <c>role</c> <c>user</c>/<c>model</c>, alternating, ending with <c>model</c>, each with
/// non-empty <c>parts</c>; each part exactly one of <c>text</c> (non-empty), <c>fileData</c> (<c>mimeType</c> + <c>fileUri</c>,
/// gs:// or http(s)), <c>functionCall</c> (model turns), <c>functionResponse</c> (user turns). Optional <c>systemInstruction</c>
/// with text parts; <c>tools</c> and <c>generationConfig</c> are accepted. The legacy <c>messages</c> format and PaLM's
/// <c>input_text</c>/<c>output_text</c> are recognised and refused. <c>inlineData</c>, and media for a text-only model, are refused.</item>
/// <item>Limits of the base model (<see cref="DatasetLimits"/>): estimated tokens per example (characters / 4) over
/// 131,072 is a warning (the service drops such examples); a validation set holds at most 5,000 examples (256 for Gemini
/// 1.x); a training set at most 10M text or 300K multimodal examples; a file at most 1 GB; fewer than 100 training
/// examples is a warning (16 is the hard minimum of gemini-1.0-pro-002).</item>
/// </list>
/// </remarks>
public static class DatasetValidator
{
    /// <summary>Validates the file at <paramref name="path"/> (a file-system path), reading it synchronously on the calling thread.</summary>
    /// <exception cref="GeminiTuningException">The file does not exist (condition <c>FileNotFound</c>), is a directory
    /// (<c>NotAFile</c>) or cannot be read (<c>ReadError</c>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; it is checked after every block (about every MiB).</exception>
    public static DatasetReport Validate(string path, DatasetValidationOptions? options, CancellationToken cancellationToken)
    {
        options ??= new DatasetValidationOptions();
        var file = OpenRead(path);
        long length;
        try
        {
            length = file.Length;
        }
        catch
        {
            file.Dispose();
            throw;
        }

        // Read on this thread: the workers check the blocks already read meanwhile, so the disk and the cores work at once.
        using (file)
        {
            return Validate(file, Path.GetFullPath(path), length, options, cancellationToken);
        }
    }

    /// <summary>Validates what <paramref name="stream"/> holds, read from its current position; <paramref name="displayPath"/> names it in the report.</summary>
    public static DatasetReport Validate(Stream stream, string displayPath, DatasetValidationOptions? options, CancellationToken cancellationToken) =>
        Validate(stream, displayPath, LengthOf(stream), options ?? new DatasetValidationOptions(), cancellationToken);

    private static DatasetReport Validate(Stream stream, string displayPath, long? length, DatasetValidationOptions options, CancellationToken cancellationToken)
    {
        using var run = new ValidationRun(displayPath, length, options);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var free = run.GetReadBuffer();
                var read = stream.Read(free.Array!, free.Offset, free.Count);
                if (read == 0)
                {
                    break;
                }

                run.Advance(read);
            }
        }
        catch (IOException ex)
        {
            throw ReadError(displayPath, ex);
        }

        return run.Complete();
    }

    /// <summary>Validates the file at <paramref name="path"/>, reading it asynchronously; callbacks run on thread-pool threads.</summary>
    /// <exception cref="GeminiTuningException">The file does not exist, is a directory or cannot be read.</exception>
    public static async Task<DatasetReport> ValidateAsync(string path, DatasetValidationOptions? options, CancellationToken cancellationToken)
    {
        options ??= new DatasetValidationOptions();
        using var stream = OpenRead(path, asynchronous: true);
        using var run = new ValidationRun(Path.GetFullPath(path), LengthOf(stream), options);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var free = run.GetReadBuffer();
                var read = await stream.ReadAsync(free.Array!, free.Offset, free.Count, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                run.Advance(read);
            }
        }
        catch (IOException ex)
        {
            throw ReadError(path, ex);
        }

        return run.Complete();
    }

    /// <summary>Opens a dataset file for reading, turning the file system's exceptions into errors that name the file and the fix.</summary>
    internal static FileStream OpenRead(string path, bool asynchronous = false)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new GeminiTuningArgumentException("Path", "No dataset file was given.", "Give the path of a JSONL file.");
        }

        if (Directory.Exists(path))
        {
            throw new GeminiTuningException($"'{path}' is a directory, not a JSONL dataset file.", "NotAFile", ErrorCategoryHint.InvalidArgument,
                "Give the path of a .jsonl file, e.g. Get-ChildItem -Path DIR -Filter *.jsonl | Test-GeminiTuningDataset.");
        }

        try
        {
            // No FileStream buffer: the validator reads big blocks into its own buffer.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1,
                FileOptions.SequentialScan | (asynchronous ? FileOptions.Asynchronous : FileOptions.None));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw FileNotFound(path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new GeminiTuningException($"Access to the dataset file '{path}' is denied.", "ReadError", ErrorCategoryHint.PermissionDenied,
                "Check the file's permissions, or copy it somewhere readable.", ex);
        }
        catch (IOException ex)
        {
            throw ReadError(path, ex);
        }
    }

    /// <summary>The error for a dataset file that does not exist (condition <c>FileNotFound</c>).</summary>
    public static GeminiTuningException FileNotFound(string path) =>
        new($"Cannot find the dataset file '{path}'.", "FileNotFound", ErrorCategoryHint.ObjectNotFound,
            "Check the path; relative paths are resolved from the current location. Use -LiteralPath for names containing [ or ].");

    private static GeminiTuningException ReadError(string path, IOException ex) =>
        new($"Could not read the dataset file '{path}': {ex.Message}", "ReadError", ErrorCategoryHint.ReadError,
            "Check that the file is not locked by another program and that the disk is readable.", ex);

    private static long? LengthOf(Stream stream)
    {
        try
        {
            return stream.CanSeek ? stream.Length - stream.Position : null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
