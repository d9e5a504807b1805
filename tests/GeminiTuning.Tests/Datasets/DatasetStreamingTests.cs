using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GeminiTuning.Datasets;
using static GeminiTuning.Tests.Datasets.Examples;

namespace GeminiTuning.Tests.Datasets;

/// <summary>Streaming: big files in constant memory, problems streamed and capped, progress, cancellation, file errors.</summary>
public sealed class DatasetStreamingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Writes <paramref name="count"/> lines made by <paramref name="line"/> straight to disk.</summary>
    private string WriteLines(string name, int count, Func<int, string> line)
    {
        var path = Path.Combine(_folder.Path, name);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        for (var i = 1; i <= count; i++)
        {
            writer.WriteLine(line(i));
        }

        return path;
    }

    [Fact]
    public void A_huge_bad_file_keeps_only_the_first_problems_and_streams_every_one()
    {
        var path = WriteLines("bad.jsonl", 30_000, i => i % 2 == 0 ? "{\"contents\": [oops]}" : Good);
        var streamed = 0L;
        var lastLine = 0L;

        var report = DatasetValidator.Validate(path, new DatasetValidationOptions
        {
            MaxProblemsKept = 50,
            ProblemFound = p =>
            {
                streamed++;
                Assert.True(p.Line > lastLine, "problems arrive in file order");
                lastLine = p.Line;
            },
        }, CancellationToken.None);

        Assert.Equal(15_000, report.ErrorCount);
        Assert.Equal(15_000, streamed);
        Assert.Equal(50, report.Problems.Count);
        Assert.Equal(14_950, report.OmittedProblemCount);
        Assert.Equal(new long[] { 2, 4, 6 }, report.Problems.Take(3).Select(p => p.Line));
        Assert.Equal(30_000L, lastLine);
    }

    [Fact]
    public void Lines_across_buffer_boundaries_are_checked_with_the_right_line_numbers()
    {
        var path = WriteLines("many.jsonl", 2000, i => i == 1234 ? Good.Replace("\"model\"", "\"bot\"") : Text("q" + new string('x', i % 300), "a"));

        var report = DatasetValidator.Validate(path, new DatasetValidationOptions { BufferBytes = 4096 }, CancellationToken.None);

        var problem = Assert.Single(report.Problems);
        Assert.Equal((DatasetProblemCode.InvalidRole, 1234L), (problem.Code, problem.Line));
        Assert.Equal(2000, report.ExampleCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Lines_checked_on_several_threads_are_reported_in_file_order_with_their_line_numbers(int threads)
    {
        var bad = new[] { 1, 999, 1000, 5000, 12_345, 19_999, 20_000 };
        var path = WriteLines("parallel.jsonl", 20_000, i => Array.IndexOf(bad, i) >= 0 ? "{\"contents\":[], \"n\":" + i + "}" : Text("q" + new string('x', i % 200), "a"));
        var streamed = new List<long>();

        var report = DatasetValidator.Validate(path, new DatasetValidationOptions { MaxParallelism = threads, ProblemFound = p => streamed.Add(p.Line) },
            CancellationToken.None);

        var expected = bad.SelectMany(line => new[] { (long)line, line }).ToArray();
        Assert.Equal(expected, report.Problems.Select(p => p.Line));
        Assert.Equal(expected, streamed);
        Assert.All(report.Problems.Where(p => p.Code == DatasetProblemCode.UnknownField), p => Assert.Contains("\"n\"", p.Message));
        Assert.Equal(20_000, report.ExampleCount);
        Assert.True(new FileInfo(path).Length > 3 * 1024 * 1024, "several blocks, each split into batches");
    }

    [Fact]
    public void A_line_longer_than_the_buffer_grows_it_and_is_checked()
    {
        var path = WriteLines("long.jsonl", 3, i => Text(new string('a', i * 40_000), "b"));

        var report = DatasetValidator.Validate(path, new DatasetValidationOptions { BufferBytes = 4096 }, CancellationToken.None);

        Assert.Empty(report.Findings());
        Assert.Equal(30_000 + 1, report.MaxExampleTokens);
    }

    [Fact]
    public void A_line_longer_than_the_maximum_is_reported_skipped_and_the_following_lines_still_checked()
    {
        var path = WriteLines("huge-line.jsonl", 4, i => i switch
        {
            2 => Text(new string('a', 50_000), "b"),
            3 => Good.Replace("\"user\"", "\"human\""),
            _ => Good,
        });

        var report = DatasetValidator.Validate(path, new DatasetValidationOptions { BufferBytes = 4096, MaxLineBytes = 8192 }, CancellationToken.None);

        var problems = report.Findings();
        Assert.Equal((DatasetProblemCode.ExampleTooLong, 2L), (problems[0].Code, problems[0].Line));
        Assert.Contains("8,192", problems[0].Message);
        Assert.Equal((DatasetProblemCode.InvalidRole, 3L), (problems[1].Code, problems[1].Line));
        Assert.Equal(4, report.ExampleCount);
    }

    [Fact]
    public void Progress_reports_the_bytes_read_up_to_the_file_size()
    {
        var path = WriteLines("progress.jsonl", 5000, _ => Good);
        var reports = new List<long>();

        var report = DatasetValidator.Validate(path, new DatasetValidationOptions { BufferBytes = 64 * 1024, BytesRead = reports.Add }, CancellationToken.None);

        Assert.True(reports.Count > 3);
        Assert.Equal(reports.OrderBy(r => r), reports);
        Assert.Equal(report.SizeBytes, reports[reports.Count - 1]);
        Assert.Equal(new FileInfo(path).Length, report.SizeBytes);
    }

    [Fact]
    public void Cancelling_stops_the_validation_at_the_next_block()
    {
        var path = WriteLines("cancel.jsonl", 5000, _ => Good);
        using var cts = new CancellationTokenSource();
        var blocks = 0;

        Assert.Throws<OperationCanceledException>(() => DatasetValidator.Validate(path, new DatasetValidationOptions
        {
            BufferBytes = 16 * 1024,
            BytesRead = _ =>
            {
                blocks++;
                cts.Cancel();
            },
        }, cts.Token));
        Assert.Equal(1, blocks);
    }

    [Fact]
    public async Task The_async_validation_finds_the_same_as_the_synchronous_one()
    {
        var path = WriteLines("async.jsonl", 300, i => i % 100 == 0 ? "{\"contents\":[]}" : Good);

        var sync = DatasetValidator.Validate(path, new DatasetValidationOptions { BaseModel = "gemini-2.5-flash" }, CancellationToken.None);
        var async = await DatasetValidator.ValidateAsync(path, new DatasetValidationOptions { BaseModel = "gemini-2.5-flash" }, CancellationToken.None);

        Assert.Equal(sync.Problems.Select(p => p.ToString()), async.Problems.Select(p => p.ToString()));
        Assert.Equal(sync.EstimatedTokens, async.EstimatedTokens);
        Assert.Equal(Path.GetFullPath(path), async.Path);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var path = Path.Combine(_folder.Path, "nope.jsonl");

        var error = Assert.Throws<GeminiTuningException>(() => DatasetValidator.Validate(path, null, CancellationToken.None));

        Assert.Equal("FileNotFound", error.Condition);
        Assert.Equal(ErrorCategoryHint.ObjectNotFound, error.Category);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_directory_is_not_a_dataset()
    {
        var error = Assert.Throws<GeminiTuningException>(() => DatasetValidator.Validate(_folder.Path, null, CancellationToken.None));

        Assert.Equal("NotAFile", error.Condition);
    }

    [Fact]
    public void Problems_carry_the_file_and_print_with_line_and_column()
    {
        var path = _folder.Write("p.jsonl", new[] { "{\"contents\":[]}" });

        var problem = DatasetValidator.Validate(path, null, CancellationToken.None).Problems[0];

        Assert.Equal(Path.GetFullPath(path), problem.Path);
        Assert.Equal("line 1, column 13: " + problem.Message, problem.ToString());
    }
}
