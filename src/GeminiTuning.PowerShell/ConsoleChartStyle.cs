using System;
using System.Management.Automation.Host;

namespace GeminiTuning.PowerShell;

/// <summary>How wide, and in which characters, a chart fits the console it is shown in.</summary>
internal static class ConsoleChartStyle
{
    /// <summary>The width when there is no console to measure (output redirected, a host without a window).</summary>
    public const int FallbackWidth = 80;

    /// <summary>
    /// The console's width less one column (a line that fills the last column makes some consoles wrap), or 80 when
    /// output is redirected or the host has no window.
    /// </summary>
    public static int Width(PSHost host)
    {
        if (Console.IsOutputRedirected)
        {
            return FallbackWidth;
        }

        var width = 0;
        try
        {
            var raw = host.UI.RawUI;
            width = raw.WindowSize.Width > 0 ? raw.WindowSize.Width : raw.BufferSize.Width;
        }
        catch (Exception ex) when (ex is NotImplementedException or NotSupportedException or InvalidOperationException or System.IO.IOException or NullReferenceException)
        {
            // A host without a raw UI (a runspace's, a remote one).
        }

        return width > 1 ? width - 1 : FallbackWidth;
    }

    /// <summary>
    /// True when braille and box-drawing characters would not come out: output redirected (a log file, a CI job) or a
    /// console whose encoding is not Unicode (Windows PowerShell 5.1's OEM code page).
    /// </summary>
    public static bool NeedsAscii()
    {
        if (Console.IsOutputRedirected)
        {
            return true;
        }

        try
        {
            var codePage = Console.OutputEncoding.CodePage;
            return codePage != 65001 && codePage != 1200 && codePage != 1201 && codePage != 12000 && codePage != 12001;
        }
        catch (Exception ex) when (ex is System.IO.IOException or InvalidOperationException or PlatformNotSupportedException)
        {
            return true;
        }
    }
}
