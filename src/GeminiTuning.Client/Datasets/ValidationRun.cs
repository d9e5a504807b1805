using System;
using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace GeminiTuning.Datasets;

/// <summary>
/// One validation of one file, fed block by block: <see cref="GetReadBuffer"/> hands out free space in the buffer,
/// <see cref="Advance"/> checks every complete line in it in place, <see cref="Complete"/> the last one. Memory is one
/// buffer (1 MiB, grown only for a line longer than that, up to <see cref="DatasetValidationOptions.MaxLineBytes"/>)
/// plus the kept problems; a longer line is counted and skipped, never held.
/// </summary>
internal sealed class ValidationRun : IDisposable
{
    private const int MaxImagesPerExample = 30;
    private const int MaxPdfsPerExample = 4;

    private readonly DatasetValidationOptions _options;
    private readonly DatasetReport _report;
    private readonly DatasetLimits _limits;
    private readonly LineBatch _inline;
    private readonly BlockPipeline? _pipeline;
    private readonly int _maxLine;

    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanFrom;
    private long _bytesRead;
    private long _line;

    private bool _skipping;
    private long _skippedBytes;

    private long _blankFrom;
    private long _blankCount;

    private long _measured;
    private long _tokenSum;
    private long _billableSum;
    private long _minTokens = long.MaxValue;
    private long _maxTokens;
    private bool _validationLimitReported;
    private bool _trainingLimitReported;
    private bool _multimodalLimitReported;
    private bool _sizeChecked;
    private int _skipThreshold;

    public ValidationRun(string path, long? length, DatasetValidationOptions options)
    {
        _options = options;
        _limits = DatasetLimits.For(options.BaseModel);
        _report = new DatasetReport(path, options.Purpose, string.IsNullOrWhiteSpace(options.BaseModel) ? null : options.BaseModel!.Trim(), _limits)
        {
            TuningMethod = options.TuningMethod,
        };
        // With more than one thread, whole blocks go to workers while this thread reads the next ones (BlockPipeline);
        // the last, unfinished line and a file of a single block are checked on this thread.
        var parallelism = Math.Max(1, Math.Min(options.MaxParallelism, 16));
        _inline = new LineBatch(_limits, options);
        _pipeline = parallelism > 1 ? new BlockPipeline(parallelism, _limits, options) : null;
        _maxLine = Math.Max(1024, options.MaxLineBytes);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(4096, options.BufferBytes), _maxLine));
        if (length is long size)
        {
            CheckSize(size);
        }
    }

    public long BytesRead => _bytesRead;

    /// <summary>Free space to read the next block into.</summary>
    [MethodImpl(HotPath.Optimized)]
    public ArraySegment<byte> GetReadBuffer()
    {
        if (_start > 0)
        {
            // Move the unfinished line to the front.
            var pending = _end - _start;
            if (pending > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            }

            _end = pending;
            _scanFrom -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // One line fills the whole buffer.
            if (_buffer.Length < _maxLine)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_maxLine, _buffer.Length * 2));
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            else
            {
                // Longer than any example can be: count it and let it go.
                _skipping = true;
                _skipThreshold = _buffer.Length;
                _skippedBytes += _end;
                _start = _end = _scanFrom = 0;
            }
        }

        return new ArraySegment<byte>(_buffer, _end, _buffer.Length - _end);
    }

    /// <summary>Takes <paramref name="count"/> bytes just read into the segment from <see cref="GetReadBuffer"/>.</summary>
    [MethodImpl(HotPath.Optimized)]
    public void Advance(int count)
    {
        _options.ContentObserver?.Observe(_buffer, _end, count);
        _end += count;
        _bytesRead += count;
        if (_skipping)
        {
            var newline = new ReadOnlySpan<byte>(_buffer, _scanFrom, _end - _scanFrom).IndexOf((byte)'\n');
            if (newline < 0)
            {
                _skippedBytes += _end - _start;
                _start = _end = _scanFrom = 0;
                _options.BytesRead?.Invoke(_bytesRead);
                return;
            }

            var lineEnd = _scanFrom + newline;
            ApplyChecked(waitForAll: true);
            EndSkippedLine(_skippedBytes + (lineEnd - _start));
            _start = _scanFrom = lineEnd + 1;
        }

        // Every complete line in the buffer is checked now; the unfinished one waits for the next block.
        var last = _scanFrom < _end ? new ReadOnlySpan<byte>(_buffer, _scanFrom, _end - _scanFrom).LastIndexOf((byte)'\n') : -1;
        if (last >= 0)
        {
            CheckLines(_scanFrom + last + 1);
        }

        _scanFrom = _end;
        _options.BytesRead?.Invoke(_bytesRead);
    }

    /// <summary>
    /// Checks the complete lines in [<see cref="_start"/>, <paramref name="complete"/>): on this thread when it is the only
    /// one, else handed to the workers as one block, the unfinished line after it moved to a fresh buffer that the next
    /// read fills. Checked blocks are applied in file order (line numbers, file-wide rules, problems reported in order).
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    private void CheckLines(int complete)
    {
        if (_pipeline is null)
        {
            CheckInline(_start, complete);
            _start = complete;
            return;
        }

        while (_pipeline.InFlight >= _pipeline.Capacity)
        {
            ApplyNext(wait: true);
        }

        var rest = _end - complete;
        var fresh = ArrayPool<byte>.Shared.Rent(_buffer.Length);
        Buffer.BlockCopy(_buffer, complete, fresh, 0, rest);
        _pipeline.Submit(_buffer, _start, complete);
        _buffer = fresh;
        _start = 0;
        _scanFrom -= complete;
        _end = rest;
        ApplyChecked(waitForAll: false);
    }

    private void CheckInline(int from, int to)
    {
        _inline.Assign(_buffer, from, to);
        _inline.Run();
        Apply(_inline);
    }

    /// <summary>Applies the checked blocks at the head of the pipeline; with <paramref name="waitForAll"/>, every block in flight.</summary>
    private void ApplyChecked(bool waitForAll)
    {
        while (ApplyNext(waitForAll))
        {
        }
    }

    private bool ApplyNext(bool wait)
    {
        if (_pipeline?.TakeNext(wait) is not { } block)
        {
            return false;
        }

        try
        {
            Apply(block.Batch);
        }
        finally
        {
            _pipeline.Release(block);
        }

        return true;
    }

    /// <summary>Checks the last line (one without a line break) and the whole-file rules; returns the report.</summary>
    public DatasetReport Complete()
    {
        ApplyChecked(waitForAll: true);
        if (_skipping)
        {
            EndSkippedLine(_skippedBytes + (_end - _start));
        }
        else if (_end > _start)
        {
            CheckInline(_start, _end);
        }

        _start = _end = _scanFrom = 0;

        // Blank lines at the very end are tolerated by the service; say so gently.
        for (var i = 0L; i < _blankCount; i++)
        {
            Report(_blankFrom + i, 0, DatasetProblemSeverity.Warning, DatasetProblemCode.BlankLine,
                "Blank line at the end of the file; remove it (blank lines between examples are errors).");
        }

        _blankCount = 0;
        _report.SizeBytes = _bytesRead;
        if (!_sizeChecked)
        {
            CheckSize(_bytesRead);
        }

        FinishCounts();
        return _report;
    }

    public void Dispose()
    {
        _pipeline?.Dispose();
        var buffer = _buffer;
        _buffer = Array.Empty<byte>();
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void CheckSize(long size)
    {
        _sizeChecked = true;
        if (size > DatasetLimits.OneGibibyte)
        {
            Report(0, 0, DatasetProblemSeverity.Error, DatasetProblemCode.FileTooLarge, string.Format(CultureInfo.InvariantCulture,
                "The file is {0:N0} bytes; a tuning dataset file may be at most 1 GB. Remove examples or split the data.", size));
        }
        else if (size > DatasetLimits.OneGigabyte)
        {
            Report(0, 0, DatasetProblemSeverity.Warning, DatasetProblemCode.FileTooLarge, string.Format(CultureInfo.InvariantCulture,
                "The file is {0:N0} bytes, over 1 GB (10^9 bytes) though not over 1 GiB; the documented limit is \"1 GB\", so it may be refused.", size));
        }
    }

    /// <summary>Applies a checked batch in file order: numbers its lines, reports their problems, counts examples and applies the limits.</summary>
    [MethodImpl(HotPath.Optimized)]
    private void Apply(LineBatch batch)
    {
        foreach (var outcome in batch.Lines)
        {
            _line++;
            if (outcome.Bom)
            {
                if (_line == 1)
                {
                    Report(1, 1, DatasetProblemSeverity.Warning, DatasetProblemCode.ByteOrderMark,
                        "The file starts with a UTF-8 byte order mark; it is not known whether the service accepts one. Save the file as UTF-8 without BOM.");
                }
                else
                {
                    Report(_line, 1, DatasetProblemSeverity.Error, DatasetProblemCode.ByteOrderMark,
                        "The line starts with a byte order mark, as if files were joined; remove it (save the files as UTF-8 without BOM).");
                }
            }

            if (outcome.Blank)
            {
                if (_blankCount == 0)
                {
                    _blankFrom = _line;
                }

                _blankCount++;
                continue;
            }

            FlushInteriorBlankLines();
            _report.ExampleCount++;
            for (var i = outcome.ProblemStart; i < outcome.ProblemStart + outcome.ProblemCount; i++)
            {
                var found = batch.Problems[i];
                Report(_line, found.Column, found.Problem.Severity, found.Problem.Code, found.Problem.Message);
            }

            Count(outcome);
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private void Count(LineOutcome outcome)
    {
        var result = outcome.Result;
        if (result.Multimodal)
        {
            _report.MultimodalExampleCount++;
        }

        if (result.Measured)
        {
            _measured++;
            _tokenSum += result.Tokens;
            _billableSum += result.BillableTokens;
            _minTokens = Math.Min(_minTokens, result.Tokens);
            _maxTokens = Math.Max(_maxTokens, result.Tokens);
            if (result.Tokens > _limits.MaxTokensPerExample)
            {
                Report(_line, 0, DatasetProblemSeverity.Warning, DatasetProblemCode.ExampleOverTokenLimit, string.Format(CultureInfo.InvariantCulture,
                    "The example is about {0:N0} tokens (estimated as characters / 4), over the {1:N0} tokens per example that {2} trains on; " +
                    "the service drops or truncates it. Shorten or split it.", result.Tokens, _limits.MaxTokensPerExample, _limits.AppliesTo));
            }

            var (images, pdfs) = (outcome.Images, outcome.Pdfs);
            if (images > MaxImagesPerExample || pdfs > MaxPdfsPerExample)
            {
                Report(_line, 0, DatasetProblemSeverity.Warning, DatasetProblemCode.TooManyFiles, string.Format(CultureInfo.InvariantCulture,
                    "The example has {0} image(s) and {1} PDF(s); tuning takes at most {2} images and {3} PDFs per example, and the service drops larger ones.",
                    images, pdfs, MaxImagesPerExample, MaxPdfsPerExample));
            }
        }

        CheckExampleCount();
    }

    [MethodImpl(HotPath.Optimized)]
    private void CheckExampleCount()
    {
        var count = _report.ExampleCount;
        if (_options.Purpose == DatasetPurpose.Validation)
        {
            if (!_validationLimitReported && count > _limits.MaxValidationExamples)
            {
                _validationLimitReported = true;
                Report(_line, 0, DatasetProblemSeverity.Error, DatasetProblemCode.TooManyExamples, string.Format(CultureInfo.InvariantCulture,
                    "This is example {0:N0}; a validation dataset for {1} holds at most {2:N0} examples. Keep the first {2:N0} (move the rest to training).",
                    count, _limits.AppliesTo, _limits.MaxValidationExamples));
            }

            return;
        }

        if (!_trainingLimitReported && _limits.MaxTrainingExamples is long max && count > max)
        {
            _trainingLimitReported = true;
            Report(_line, 0, DatasetProblemSeverity.Error, DatasetProblemCode.TooManyExamples, string.Format(CultureInfo.InvariantCulture,
                "This is example {0:N0}; a training dataset for {1} holds at most {2:N0} text examples.", count, _limits.AppliesTo, max));
        }

        if (!_multimodalLimitReported && _limits.MaxMultimodalTrainingExamples is long maxMedia && _report.MultimodalExampleCount > maxMedia)
        {
            _multimodalLimitReported = true;
            Report(_line, 0, DatasetProblemSeverity.Error, DatasetProblemCode.TooManyExamples, string.Format(CultureInfo.InvariantCulture,
                "This is multimodal example {0:N0}; a training dataset for {1} holds at most {2:N0} multimodal examples.",
                _report.MultimodalExampleCount, _limits.AppliesTo, maxMedia));
        }
    }

    private void EndSkippedLine(long length)
    {
        _line++;
        _skipping = false;
        _skippedBytes = 0;
        FlushInteriorBlankLines();
        _report.ExampleCount++;
        Report(_line, 0, DatasetProblemSeverity.Error, DatasetProblemCode.ExampleTooLong, string.Format(CultureInfo.InvariantCulture,
            "The line is {0:N0} bytes, longer than the {1:N0} bytes read as one example; at about 4 characters per token that is far over " +
            "{2:N0} tokens, so it was not checked further. Shorten or split it.", length, _skipThreshold, _limits.MaxTokensPerExample));
        CheckExampleCount();
    }

    private void FlushInteriorBlankLines()
    {
        for (var i = 0L; i < _blankCount; i++)
        {
            Report(_blankFrom + i, 0, DatasetProblemSeverity.Error, DatasetProblemCode.BlankLine,
                "Blank line: every line must hold one example. Remove it.");
        }

        _blankCount = 0;
    }

    private void FinishCounts()
    {
        var count = _report.ExampleCount;
        if (count == 0)
        {
            Report(0, 0, DatasetProblemSeverity.Error, DatasetProblemCode.EmptyFile,
                "The file holds no examples; write one JSON object per line: {\"contents\": [...]}.");
        }
        else if (_options.Purpose == DatasetPurpose.Training)
        {
            if (_limits.MinTrainingExamples is int min && count < min)
            {
                Report(0, 0, DatasetProblemSeverity.Error, DatasetProblemCode.TooFewExamples, string.Format(CultureInfo.InvariantCulture,
                    "The training dataset has {0:N0} example(s); {1} needs at least {2}.", count, _limits.AppliesTo, min));
            }
            else if (count < _limits.RecommendedMinTrainingExamples)
            {
                Report(0, 0, DatasetProblemSeverity.Warning, DatasetProblemCode.TooFewExamples, string.Format(CultureInfo.InvariantCulture,
                    "The training dataset has {0:N0} example(s); Google recommends starting with at least {1} and scaling up to thousands.",
                    count, _limits.RecommendedMinTrainingExamples));
            }
        }

        if (_measured > 0)
        {
            _report.EstimatedTokens = _tokenSum;
            _report.EstimatedBillableTokens = _billableSum;
            _report.MinExampleTokens = _minTokens;
            _report.MaxExampleTokens = _maxTokens;
            _report.MeanExampleTokens = Math.Round((double)_tokenSum / _measured, 1);
        }

        _report.NoteList.Add("Tokens are estimated as characters / 4 (rounded up per text part, function calls and responses by their JSON text); " +
                             "media parts add tokens the estimate cannot see. The model's countTokens method gives exact numbers.");
        if (string.IsNullOrWhiteSpace(_options.BaseModel))
        {
            _report.NoteList.Add("No base model given: checked against the limits of current Gemini models (131,072 tokens per example, " +
                                 "5,000 validation examples, 1 GB per file).");
        }
        else if (_limits.IsGeneric)
        {
            _report.NoteList.Add("Base model '" + _options.BaseModel!.Trim() + "' is not one this module knows: checked against the limits of current " +
                                 "Gemini models (131,072 tokens per example, 5,000 validation examples, 1 GB per file).");
        }

        if (_options.Purpose == DatasetPurpose.Validation && count > 1000)
        {
            _report.NoteList.Add("Google also limits a validation dataset of more than 1,000 examples to 30% of the training examples; compare with the training dataset.");
        }
    }

    private void Report(long line, int column, DatasetProblemSeverity severity, DatasetProblemCode code, string message)
    {
        var problem = new DatasetProblem(_report.Path, line, column, severity, code, message);
        if (severity == DatasetProblemSeverity.Error)
        {
            _report.ErrorCount++;
        }
        else
        {
            _report.WarningCount++;
        }

        if (_report.ProblemList.Count < _options.MaxProblemsKept)
        {
            _report.ProblemList.Add(problem);
        }
        else
        {
            _report.OmittedProblemCount++;
        }

        _options.ProblemFound?.Invoke(problem);
    }
}
