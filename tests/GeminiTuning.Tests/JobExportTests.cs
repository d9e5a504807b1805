using System;
using System.Collections.Generic;

namespace GeminiTuning.Tests;

/// <summary>A job's labels and checkpoints read well as text, which is what Export-Csv writes.</summary>
public sealed class JobExportTests
{
    [Fact]
    public void Labels_read_as_sorted_key_value_pairs_whatever_dictionary_was_assigned()
    {
        var job = new GeminiTuningJob { Labels = new Dictionary<string, string> { ["team"] = "support", ["cost-center"] = "42" } };

        Assert.Equal("cost-center=42; team=support", job.Labels.ToString());
        Assert.Equal("support", job.Labels["team"]);
        Assert.Equal(string.Empty, new GeminiTuningJob().Labels.ToString());
    }

    [Fact]
    public void Checkpoints_read_as_their_ids_epochs_and_steps()
    {
        var job = new GeminiTuningJob
        {
            Checkpoints = new List<GeminiTuningCheckpoint>
            {
                new() { CheckpointId = "1", Epoch = 1, Step = 10 },
                new() { CheckpointId = "2", Epoch = 2, Step = 20 },
            },
        };

        Assert.Equal("1 (epoch 1, step 10); 2 (epoch 2, step 20)", job.Checkpoints.ToString());
        Assert.Equal(2, job.Checkpoints.Count);
        Assert.Equal(string.Empty, new GeminiTuningJob().Checkpoints.ToString());
    }

    [Fact]
    public void Duration_is_in_whole_seconds()
    {
        var start = new DateTimeOffset(2026, 8, 21, 10, 0, 0, TimeSpan.Zero);
        var job = new GeminiTuningJob { StartTime = start.AddTicks(1234567), EndTime = start.AddMinutes(62).AddSeconds(3).AddTicks(9876543), State = GeminiTuningJobState.Succeeded };

        Assert.Equal(new TimeSpan(1, 2, 3), job.Duration);
        Assert.Equal("01:02:03", job.Duration.ToString());
    }
}
