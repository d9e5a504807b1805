using System;
using System.IO;
using System.Runtime.InteropServices;

namespace GeminiTuning.Auth;

/// <summary>
/// Where Application Default Credentials come from, found without any network call: the file named by
/// GOOGLE_APPLICATION_CREDENTIALS, else the file 'gcloud auth application-default login' writes (in CLOUDSDK_CONFIG,
/// else %APPDATA%\gcloud on Windows, ~/.config/gcloud elsewhere), else the metadata server of Google Cloud.
/// </summary>
/// <remarks>
/// Looked up on every resolution rather than through GoogleCredential.GetApplicationDefaultAsync, which keeps its
/// first answer (even a failure) for the life of the process: here a file created by a later 'gcloud auth
/// application-default login', or a changed GOOGLE_APPLICATION_CREDENTIALS, takes effect at the next command.
/// </remarks>
public sealed class ApplicationDefaultLocation : IEquatable<ApplicationDefaultLocation>
{
    /// <summary>The file name gcloud writes.</summary>
    public const string WellKnownFileName = "application_default_credentials.json";

    private ApplicationDefaultLocation(string? path, string source)
    {
        Path = path;
        Source = source;
    }

    /// <summary>The credential file, or null when only the metadata server is left.</summary>
    public string? Path { get; }

    /// <summary>Where it was found, for people: "GOOGLE_APPLICATION_CREDENTIALS", "gcloud application-default login", "metadata server".</summary>
    public string Source { get; }

    /// <summary>Whether the file came from GOOGLE_APPLICATION_CREDENTIALS (so that errors name the variable).</summary>
    public bool FromEnvironment => Source == "GOOGLE_APPLICATION_CREDENTIALS";

    /// <summary>Finds the location for the given environment.</summary>
    public static ApplicationDefaultLocation Find(Func<string, string?> environment, bool? isWindows = null)
    {
        if (NonEmpty(environment("GOOGLE_APPLICATION_CREDENTIALS")) is { } named)
        {
            return new ApplicationDefaultLocation(named, "GOOGLE_APPLICATION_CREDENTIALS");
        }

        if (WellKnownFile(environment, isWindows ?? RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) is { } file && File.Exists(file))
        {
            return new ApplicationDefaultLocation(file, "gcloud application-default login");
        }

        return new ApplicationDefaultLocation(null, "metadata server");
    }

    /// <summary>How messages name the file.</summary>
    internal string Described => FromEnvironment
        ? $"The file '{Path}' named by GOOGLE_APPLICATION_CREDENTIALS"
        : $"The Application Default Credentials file '{Path}'";

    /// <summary>The advice when the file is missing.</summary>
    internal string MissingFix => FromEnvironment
        ? "Set GOOGLE_APPLICATION_CREDENTIALS to the path of a JSON key file, or remove the variable to use 'gcloud auth application-default login'."
        : "Run 'gcloud auth application-default login' again.";

    private static string? WellKnownFile(Func<string, string?> environment, bool windows)
    {
        string? folder;
        if (NonEmpty(environment("CLOUDSDK_CONFIG")) is { } explicitFolder)
        {
            folder = explicitFolder;
        }
        else if (windows)
        {
            folder = NonEmpty(environment("APPDATA")) is { } appData ? System.IO.Path.Combine(appData, "gcloud") : null;
        }
        else
        {
            folder = NonEmpty(environment("HOME")) is { } home ? System.IO.Path.Combine(System.IO.Path.Combine(home, ".config"), "gcloud") : null;
        }

        return folder is null ? null : System.IO.Path.Combine(folder, WellKnownFileName);
    }

    /// <inheritdoc />
    public bool Equals(ApplicationDefaultLocation? other) =>
        other is not null && string.Equals(Path, other.Path, StringComparison.Ordinal) && Source == other.Source;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ApplicationDefaultLocation);

    /// <inheritdoc />
    public override int GetHashCode() => (Path ?? string.Empty).GetHashCode() ^ Source.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Path is null ? Source : Source + " (" + Path + ")";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
