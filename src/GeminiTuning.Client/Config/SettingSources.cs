namespace GeminiTuning.Config;

/// <summary>How the sources of settings are named for people (Get-GeminiTuningContext's *Source properties).</summary>
public static class SettingSources
{
    /// <summary>Set by Connect-GeminiTuning.</summary>
    public const string Connect = "Connect-GeminiTuning";

    /// <summary>Nothing set it.</summary>
    public const string NotSet = "not set";

    /// <summary>Google's own endpoints.</summary>
    public const string Google = "Google (default)";

    /// <summary>The system's proxy settings (or none).</summary>
    public const string SystemProxy = "system default";

    /// <summary>A parameter of the command.</summary>
    public static string Parameter(string name) => "parameter -" + name;

    /// <summary>An environment variable.</summary>
    public static string Environment(string name) => "environment variable " + name;
}
