using System;
using System.IO;
using System.Text;
using System.Threading;
using GeminiTuning.Datasets;
using static GeminiTuning.Tests.Datasets.Examples;

namespace GeminiTuning.Tests.Datasets;

/// <summary>Runs alone, so that the process-wide allocation counter sees only the validation.</summary>
[CollectionDefinition(nameof(DatasetMemoryTests), DisableParallelization = true)]
public sealed class DatasetMemoryCollection
{
}

[Collection(nameof(DatasetMemoryTests))]
public sealed class DatasetMemoryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteLines(string name, int count)
    {
        var path = Path.Combine(_folder.Path, name);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        for (var i = 1; i <= count; i++)
        {
            writer.WriteLine(Text("question number " + i + " with résumé", "answer " + i));
        }

        return path;
    }

    private static long AllocatedWhileValidating(string path, out DatasetReport report)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        report = DatasetValidator.Validate(path, null, CancellationToken.None);
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    [Fact]
    public void Validation_memory_does_not_grow_with_the_file()
    {
        var small = WriteLines("small.jsonl", 30_000);
        var large = WriteLines("large.jsonl", 120_000);
        AllocatedWhileValidating(small, out _);

        var smallBytes = AllocatedWhileValidating(small, out var smallReport);
        var largeBytes = AllocatedWhileValidating(large, out var largeReport);

        Assert.True(smallReport.IsValid && largeReport.IsValid);
        Assert.Equal(120_000, largeReport.ExampleCount);
        Assert.True(largeReport.SizeBytes > 12_000_000);
        // Four times the lines (about 12 MB more input; a string per line alone would be 25 MB more), about the same memory.
        Assert.True(largeBytes - smallBytes < 256 * 1024,
            $"validating {smallReport.SizeBytes:N0} bytes allocated {smallBytes:N0} bytes, {largeReport.SizeBytes:N0} bytes allocated {largeBytes:N0}");
        Assert.True(largeBytes < 4 * 1024 * 1024, $"validating {largeReport.SizeBytes:N0} bytes allocated {largeBytes:N0} bytes");
    }
}
