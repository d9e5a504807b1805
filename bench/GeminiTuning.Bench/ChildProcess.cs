using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;

namespace GeminiTuning.Bench;

/// <summary>What a child process printed and how long it ran (wall clock, from start to exit).</summary>
internal sealed class ChildResult
{
    public ChildResult(double seconds, string output)
    {
        Seconds = seconds;
        Output = output;
    }

    public double Seconds { get; }

    public string Output { get; }

    /// <summary>The values the child reported as lines <c>RESULT name value</c> (seconds, counts, bytes).</summary>
    public double Value(string name)
    {
        var prefix = "RESULT " + name + " ";
        var line = Output.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
                   ?? throw new InvalidOperationException("The child printed no " + name + ":\n" + Output);
        return double.Parse(line.Substring(prefix.Length), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}

/// <summary>Runs child processes, each bounded by a timeout, and fails loudly when one fails.</summary>
internal static class ChildProcess
{
    public static ChildResult Run(string file, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        var errors = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + file);
        process.StandardInput.Close();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(" ", start.ArgumentList)} ran longer than {timeout.TotalSeconds:0} s and was stopped.");
        }

        var seconds = watch.Elapsed.TotalSeconds;
        process.WaitForExit(); // the output and error events have all been raised after this
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(" ", start.ArgumentList)} failed ({process.ExitCode}):\n{output}\n{errors}");
        }

        return new ChildResult(seconds, output.ToString());
    }
}
