using System;
using System.Management.Automation;
using System.Reflection;
using GeminiTuning.Http;

namespace GeminiTuning.PowerShell;

/// <summary>
/// Tells the client library which PowerShell hosts it, so that every request's User-Agent reads e.g.
/// <c>GeminiTuning/0.1.0 PowerShell/7.6.10 (Core)</c> or <c>GeminiTuning/0.1.0 WindowsPowerShell/5.1.22621.4391 (Desktop)</c>.
/// Done when the first GeminiTuning cmdlet runs (<see cref="GeminiTuningCmdlet"/>'s static constructor), not at import
/// (an IModuleAssemblyInitializer): the import then does not load the client library at all.
/// </summary>
internal static class PowerShellHost
{
    public static void TellClient()
    {
        // PSVersionInfo is public on PowerShell 7 and internal on 5.1, and PowerShell Standard does not expose it.
        var info = typeof(PSObject).Assembly.GetType("System.Management.Automation.PSVersionInfo");
        const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        var version = info?.GetProperty("PSVersion", Static)?.GetValue(null)?.ToString();
        var edition = info?.GetProperty("PSEdition", Static)?.GetValue(null)?.ToString();
        if (string.IsNullOrEmpty(version))
        {
            return;
        }

        try
        {
            ClientIdentity.SetHost(edition == "Desktop" ? "WindowsPowerShell" : "PowerShell", version!, edition);
        }
        catch (ArgumentException)
        {
            // A version string that cannot go in a header (a custom build's): requests name only the module.
        }
    }
}
