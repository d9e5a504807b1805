using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using GeminiTuning.Emulator;

namespace GeminiTuning.Emulator.Server;

/// <summary>Runs the emulator as a process, for tests in other languages and for trying the module offline.</summary>
internal static class Program
{
    private const string Usage = """
        Usage: GeminiTuning.Emulator.Server [options]

        Serves the Vertex AI tuning, generateContent, Gemini API tunedModels, Cloud Storage upload and
        OAuth token endpoints on http://127.0.0.1:<port>/ until Ctrl+C or SIGTERM. The first line written
        to standard output is the base URL.

        Options:
          --port <n>                 TCP port on 127.0.0.1 (default 0: pick a free port)
          --job-duration <s>         seconds from creating a tuning job to its success (default 60)
          --cancel-duration <s>      seconds a cancelled job stays CANCELLING (default 2)
          --stream-chunk-delay <s>   pause between streamed generateContent events (default 0)
          --generation-latency <s>   how long every generateContent waits before answering (default 0)
          --page-size <n>            default page size of list calls (default 10)
          --strict                   accept only tokens issued by /token and registered API keys
          --api-key <key>            register an API key for the Gemini API routes (repeatable)
          --service-account-key <f>  write a service-account key file whose token_uri is this emulator, readable
                                     by the owner only; <f> must not exist yet, and is deleted when the server stops
          --storage-dir <dir>        gs://bucket/path is <dir>/bucket/path; other objects do not exist
          --fault-rate <0..1>        share of requests answered with a random fault (429, 503, drop, slow)
          --seed <n>                 seed of the random faults (default 0)
          --help                     show this text

        Scenario labels (emulator-scenario=fail, expire, ...) are described in SCENARIOS.md.
        """;

    private static int Main(string[] args)
    {
        var options = new EmulatorOptions { Port = 0, RecordRequests = false };
        double? faultRate = null;
        var seed = 0;
        var apiKeys = new System.Collections.Generic.List<string>();
        string? keyFile = null;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("The option " + arg + " needs a value.");
                switch (arg)
                {
                    case "--help":
                    case "-h":
                    case "-?":
                    case "/?":
                        Console.Out.WriteLine(Usage);
                        return 0;
                    case "--port":
                        options.Port = Integer(arg, Value(), 0, 65535);
                        break;
                    case "--job-duration":
                        options.JobDuration = Seconds(arg, Value());
                        break;
                    case "--cancel-duration":
                        options.CancelDuration = Seconds(arg, Value());
                        break;
                    case "--stream-chunk-delay":
                        options.StreamChunkDelay = Seconds(arg, Value());
                        break;
                    case "--generation-latency":
                        options.GenerationLatency = Seconds(arg, Value());
                        break;
                    case "--page-size":
                        options.DefaultPageSize = Integer(arg, Value(), 1, 1000);
                        break;
                    case "--strict":
                        options.StrictAuthentication = true;
                        break;
                    case "--api-key":
                        apiKeys.Add(Value());
                        break;
                    case "--service-account-key":
                        keyFile = Value();
                        break;
                    case "--storage-dir":
                        options.StorageDirectory = Value();
                        break;
                    case "--fault-rate":
                        var rate = Number(arg, Value());
                        if (rate < 0 || rate > 1)
                        {
                            throw new ArgumentException("--fault-rate must be between 0 and 1.");
                        }

                        faultRate = rate;
                        break;
                    case "--seed":
                        seed = Integer(arg, Value(), int.MinValue, int.MaxValue);
                        break;
                    default:
                        throw new ArgumentException("Unknown option " + arg + ".");
                }
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("Run with --help for the list of options.");
            return 2;
        }

        if (faultRate is double r)
        {
            options.RandomFaults = new FaultInjectionOptions { Rate = r, Seed = seed };
        }

        using var stopRequested = new ManualResetEventSlim(false);
        GeminiTuningEmulator emulator;
        try
        {
            emulator = GeminiTuningEmulator.Start(options);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Console.Error.WriteLine("Cannot listen on 127.0.0.1:" + options.Port.ToString(CultureInfo.InvariantCulture) + ": " + e.Message);
            return 1;
        }

        using (emulator)
        {
            foreach (var key in apiKeys)
            {
                emulator.RegisterApiKey(key);
            }

            if (keyFile is not null)
            {
                try
                {
                    keyFile = emulator.WriteServiceAccountKeyFile(path: keyFile);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine("Cannot write the service-account key to " + keyFile + ": " + e.Message + " (give a path that does not exist yet)");
                    return 1;
                }
            }

            Console.Out.WriteLine(emulator.BaseUri.ToString());
            Console.Out.Flush();
            if (keyFile is not null)
            {
                Console.Error.WriteLine("Service-account key written to " + keyFile);
            }

            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stopRequested.Set();
            };
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stopRequested.Set();
            });
            stopRequested.Wait();
            emulator.Stop();
        }

        return 0;
    }

    private static int Integer(string option, string text, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException(option + " needs a whole number between " + min.ToString(CultureInfo.InvariantCulture) + " and " +
                max.ToString(CultureInfo.InvariantCulture) + ", got \"" + text + "\".");
        }

        return value;
    }

    private static double Number(string option, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentException(option + " needs a number, got \"" + text + "\".");
        }

        return value;
    }

    private static TimeSpan Seconds(string option, string text)
    {
        var value = Number(option, text);
        if (value < 0 || value > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw new ArgumentException(option + " needs a non-negative number of seconds, got \"" + text + "\".");
        }

        return TimeSpan.FromSeconds(value);
    }
}
