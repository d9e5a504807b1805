using System;
using GeminiTuning.Emulator;

namespace GeminiTuning.PowerShell;

/// <summary>
/// An emulator running inside this PowerShell process. Its properties bind to Connect-GeminiTuning by name
/// (Uri → -Endpoint, ServiceAccountKeyPath → -CredentialPath, Project, Region), so
/// <c>Start-GeminiTuningEmulator | Connect-GeminiTuning</c> points the session at it.
/// </summary>
public sealed class GeminiTuningEmulatorInfo
{
    internal GeminiTuningEmulatorInfo(GeminiTuningEmulator emulator, string keyPath, string project, string region)
    {
        Emulator = emulator;
        ServiceAccountKeyPath = keyPath;
        Project = project;
        Region = region;
        StartTime = DateTimeOffset.Now;
    }

    internal GeminiTuningEmulator Emulator { get; }

    /// <summary>The base URI the emulator listens on, e.g. http://127.0.0.1:8085/.</summary>
    public Uri Uri => Emulator.BaseUri;

    /// <summary>The loopback port.</summary>
    public int Port => Emulator.Port;

    /// <summary>The project the session uses when connected through this object (the emulator accepts any).</summary>
    public string Project { get; }

    /// <summary>The region the session uses when connected through this object.</summary>
    public string Region { get; }

    /// <summary>A throw-away service account key that only this emulator knows, readable by the current user only; it is
    /// deleted when the emulator stops, or when the process exits.</summary>
    public string ServiceAccountKeyPath { get; }

    /// <summary>How long a tuning job takes from creation to success.</summary>
    public TimeSpan JobDuration => Emulator.Options.JobDuration;

    /// <summary>Whether only tokens the emulator issued are accepted.</summary>
    public bool StrictAuthentication => Emulator.Options.StrictAuthentication;

    /// <summary>Share of requests that get an injected fault.</summary>
    public double FaultRate => Emulator.Options.RandomFaults?.Rate ?? 0;

    /// <summary>When it started.</summary>
    public DateTimeOffset StartTime { get; }

    /// <inheritdoc />
    public override string ToString() => Uri.ToString();
}
