using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace GeminiTuning.Datasets;

/// <summary>What checking one line found, before line numbers and file-wide rules are applied.</summary>
internal struct LineOutcome
{
    /// <summary>The line started with a byte order mark.</summary>
    public bool Bom;

    /// <summary>The line is empty or whitespace.</summary>
    public bool Blank;

    public ExampleResult Result;

    public int Images;

    public int Pdfs;

    /// <summary>Where this line's problems start in <see cref="LineBatch.Problems"/>, and how many there are.</summary>
    public int ProblemStart;

    public int ProblemCount;
}

/// <summary>A problem with its column worked out, waiting for its line number.</summary>
internal readonly struct ColumnProblem
{
    public ColumnProblem(int column, LineProblem problem)
    {
        Column = column;
        Problem = problem;
    }

    public int Column { get; }

    public LineProblem Problem { get; }
}

/// <summary>
/// Checks a run of complete lines of the buffer and keeps what it found, so that several batches of one block can be
/// checked on several cores and then applied in file order. Reused block after block: no allocation once warm.
/// </summary>
internal sealed class LineBatch
{
    private readonly IExampleChecker _checker;

    public LineBatch(DatasetLimits limits, DatasetValidationOptions options) =>
        _checker = options.TuningMethod == GeminiTuningMethod.Preference
            ? new PreferenceExampleChecker(limits)
            : new ExampleChecker(limits, options.NeutralizeEscapes, options.RecognizeCleanExamples);

    public List<LineOutcome> Lines { get; } = new();

    public List<ColumnProblem> Problems { get; } = new();

    public byte[] Buffer { get; private set; } = Array.Empty<byte>();

    public int From { get; private set; }

    public int To { get; private set; }

    /// <summary>Sets the range to check: <paramref name="to"/> is just past the last line's '\n' (or the end of the file's last line).</summary>
    public void Assign(byte[] buffer, int from, int to)
    {
        Buffer = buffer;
        From = from;
        To = to;
        Lines.Clear();
        Problems.Clear();
    }

    /// <summary>Checks every line of the assigned range.</summary>
    [MethodImpl(HotPath.Optimized)]
    public void Run()
    {
        var position = From;
        while (position < To)
        {
            var newline = Utf8Text.IndexOfNewline(Buffer, position, To);
            var end = newline < 0 ? To : newline;
            CheckLine(position, end - position);
            position = end + 1;
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private void CheckLine(int offset, int length)
    {
        var outcome = new LineOutcome { ProblemStart = Problems.Count };
        if (length > 0 && Buffer[offset + length - 1] == (byte)'\r')
        {
            length--;
        }

        if (length >= 3 && Buffer[offset] == 0xEF && Buffer[offset + 1] == 0xBB && Buffer[offset + 2] == 0xBF)
        {
            outcome.Bom = true;
            offset += 3;
            length -= 3;
        }

        if (IsBlank(offset, length))
        {
            outcome.Blank = true;
            Lines.Add(outcome);
            return;
        }

        outcome.Result = _checker.Check(Buffer, offset, length);
        (outcome.Images, outcome.Pdfs) = _checker.MediaCounts;
        foreach (var problem in _checker.Problems)
        {
            Problems.Add(new ColumnProblem(_checker.ColumnOf(problem.Offset), problem));
        }

        outcome.ProblemCount = Problems.Count - outcome.ProblemStart;
        Lines.Add(outcome);
    }

    [MethodImpl(HotPath.Optimized)]
    private bool IsBlank(int offset, int length)
    {
        for (var i = offset; i < offset + length; i++)
        {
            var b = Buffer[i];
            if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r')
            {
                return false;
            }
        }

        return true;
    }
}
