using System;
using System.IO;
using System.Management.Automation;
using GeminiTuning.Emulator;

namespace GeminiTuning.PowerShell.Commands;

/// <summary>The Start-GeminiTuningEmulator cmdlet. Its help (docs/help/Start-GeminiTuningEmulator.md) says what it does.</summary>
[Cmdlet(VerbsLifecycle.Start, "GeminiTuningEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GeminiTuningEmulatorInfo))]
public sealed class StartGeminiTuningEmulatorCommand : GeminiTuningCmdlet
{
    /// <summary>The loopback port; 0 (the default) picks a free one.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>How long a tuning job takes from creation to success. A TimeSpan, '00:00:30', or seconds. Default 30 seconds.</summary>
    [Parameter]
    [TimeSpanArgumentTransformation]
    [PSDefaultValue(Value = "00:00:30")]
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a cancellation takes to settle. Default 2 seconds.</summary>
    [Parameter]
    [TimeSpanArgumentTransformation]
    [PSDefaultValue(Value = "00:00:02")]
    public TimeSpan CancelDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Pause between the chunks of a streamed answer.</summary>
    [Parameter]
    [TimeSpanArgumentTransformation]
    [PSDefaultValue(Value = "00:00:00")]
    public TimeSpan StreamChunkDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Share of requests (0 to 1) answered with an injected fault: 429, 503, a dropped connection or a slow answer.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double FaultRate { get; set; }

    /// <summary>Seed that makes the injected faults repeat exactly.</summary>
    [Parameter]
    public int Seed { get; set; }

    /// <summary>Accept only tokens the emulator issued (as the real service would), instead of any bearer token.</summary>
    [Parameter]
    public SwitchParameter Strict { get; set; }

    /// <summary>
    /// A folder whose subfolders stand for Cloud Storage buckets: gs://BUCKET/PATH is the file FOLDER/BUCKET/PATH, and an
    /// object that is neither there nor uploaded does not exist (a tuning job on it is refused, as by the service).
    /// Without it, every gs://…/*.jsonl dataset exists and holds a generated dataset.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StorageDirectory { get; set; }

    /// <summary>Vertex AI base models the emulator tunes beyond those the model catalog offers (e.g. a retired gemini-1.5-flash-002).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? AdditionalBaseModel { get; set; }

    /// <summary>The project the connected session will use. Default emulator-project.</summary>
    [Parameter]
    [ValidatePattern("^[a-z][a-z0-9-]{4,28}[a-z0-9]$")]
    [PSDefaultValue(Value = "emulator-project")]
    public string Project { get; set; } = "emulator-project";

    /// <summary>The region the connected session will use. Default us-central1.</summary>
    [Parameter]
    [Alias("Location")]
    [ArgumentCompleter(typeof(RegionCompleter))]
    [PSDefaultValue(Value = "us-central1")]
    public string Region { get; set; } = "us-central1";

    private static void CheckNotNegative(string parameter, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            throw new GeminiTuningArgumentException(parameter, $"-{parameter} {value} is negative: it is how long the emulator takes, and cannot be less than zero.",
                $"Give a duration such as '00:00:30' or a number of seconds (0 makes it immediate), e.g. -{parameter} 5.");
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!ShouldProcess("127.0.0.1:" + (Port == 0 ? "(a free port)" : Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Start the GeminiTuning emulator"))
        {
            return;
        }

        GeminiTuningEmulator emulator;
        string? storage;
        try
        {
            Config.Identifiers.ValidateRegion(Region);
            storage = StorageDirectory is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(StorageDirectory);
            if (storage is not null && !Directory.Exists(storage))
            {
                throw new GeminiTuningArgumentException(nameof(StorageDirectory), $"The folder '{storage}' does not exist.", "Create it, or give an existing folder.");
            }

            CheckNotNegative(nameof(JobDuration), JobDuration);
            CheckNotNegative(nameof(CancelDuration), CancelDuration);
            CheckNotNegative(nameof(StreamChunkDelay), StreamChunkDelay);
        }
        catch (GeminiTuningException ex)
        {
            ThrowTerminatingFor(ex, Port);
            return;
        }

        try
        {
            emulator = GeminiTuningEmulator.Start(new EmulatorOptions
            {
                StorageDirectory = storage,
                AdditionalVertexBaseModels = AdditionalBaseModel ?? Array.Empty<string>(),
                Port = Port,
                JobDuration = JobDuration,
                CancelDuration = CancelDuration,
                StreamChunkDelay = StreamChunkDelay,
                StrictAuthentication = Strict,
                RandomFaults = FaultRate > 0 ? new FaultInjectionOptions { Rate = FaultRate, Seed = Seed } : null,
            });
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            ThrowTerminatingFor(new GeminiTuningException(
                $"The emulator cannot listen on 127.0.0.1:{(Port == 0 ? "(a free port)" : Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {ex.Message}",
                "PortUnavailable", ErrorCategoryHint.ResourceUnavailable,
                "Give another -Port, or leave -Port out (or 0) to take a free one; Stop-GeminiTuningEmulator stops the emulators this process started.", ex), Port);
            return;
        }

        // The key file holds a private key: readable by this user only, deleted when the emulator stops or the process exits.
        string keyPath;
        try
        {
            keyPath = emulator.WriteServiceAccountKeyFile("tuner@" + Project + ".iam.gserviceaccount.com", Project);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            emulator.Dispose();
            ThrowTerminatingFor(new GeminiTuningException($"The emulator's service account key could not be written to the temporary folder: {ex.Message}",
                "KeyFileUnwritable", ErrorCategoryHint.WriteError, "Check that the temporary folder (TEMP, TMPDIR) exists and is writable.", ex), Port);
            return;
        }

        var info = new GeminiTuningEmulatorInfo(emulator, keyPath, Project, Region);
        RunningEmulators.Add(info);
        WriteVerbose($"Emulator listening on {info.Uri}; jobs take {JobDuration}.");
        WriteObject(info);
    }
}
