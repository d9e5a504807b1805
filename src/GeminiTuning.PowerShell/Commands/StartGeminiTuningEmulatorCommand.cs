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

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!ShouldProcess("127.0.0.1:" + (Port == 0 ? "(a free port)" : Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Start the GeminiTuning emulator"))
        {
            return;
        }

        GeminiTuningEmulator emulator;
        try
        {
            Config.Identifiers.ValidateRegion(Region);
            emulator = GeminiTuningEmulator.Start(new EmulatorOptions
            {
                Port = Port,
                JobDuration = JobDuration,
                CancelDuration = CancelDuration,
                StreamChunkDelay = StreamChunkDelay,
                StrictAuthentication = Strict,
                RandomFaults = FaultRate > 0 ? new FaultInjectionOptions { Rate = FaultRate, Seed = Seed } : null,
            });
        }
        catch (Exception ex) when (ex is GeminiTuningException or System.Net.Sockets.SocketException or ArgumentException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "StartGeminiTuningEmulatorFailed",
                ex is GeminiTuningArgumentException ? ErrorCategory.InvalidArgument : ErrorCategory.ResourceUnavailable, Port));
            return;
        }

        var keyPath = Path.Combine(Path.GetTempPath(), $"geminituning-emulator-{emulator.Port}-{Guid.NewGuid():N}.json");
        File.WriteAllText(keyPath, emulator.CreateServiceAccountKey("tuner@" + Project + ".iam.gserviceaccount.com", Project));
        var info = new GeminiTuningEmulatorInfo(emulator, keyPath, Project, Region);
        RunningEmulators.Add(info);
        WriteVerbose($"Emulator listening on {info.Uri}; jobs take {JobDuration}.");
        WriteObject(info);
    }
}
