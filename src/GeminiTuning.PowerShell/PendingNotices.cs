using System;
using System.Collections.Generic;
using System.Management.Automation.Host;

namespace GeminiTuning.PowerShell;

/// <summary>
/// What a command has done that outlives it and that it has not told the user yet: a job it created but has not
/// written (it was waiting for it), a cancellation it requested but has not seen settle, a create or an upload in
/// flight. Told through the host when the command ends without telling it otherwise: Ctrl+C, a terminating error.
/// </summary>
/// <remarks>
/// Once the user stops a pipeline, PowerShell refuses every Write* call, so the host's user interface is the only
/// way left to say it: the warning lands on the console, or in the host of a runspace. A notice is added before the
/// step it is about and removed once the user has been told by an object, an error or a verbose line.
/// </remarks>
internal sealed class PendingNotices
{
    private readonly object _gate = new();
    private readonly List<(object Key, Func<string?> Text)> _notices = new();

    /// <summary>Adds (or replaces) the notice for <paramref name="key"/>; <paramref name="text"/> is read when told, null for nothing to tell.</summary>
    public void Set(object key, Func<string?> text)
    {
        lock (_gate)
        {
            _notices.RemoveAll(n => Equals(n.Key, key));
            _notices.Add((key, text));
        }
    }

    /// <summary>Adds (or replaces) a notice with a fixed text.</summary>
    public void Set(object key, string text) => Set(key, () => text);

    /// <summary>Removes the notice for <paramref name="key"/>: the user has been told.</summary>
    public void Remove(object key)
    {
        lock (_gate)
        {
            _notices.RemoveAll(n => Equals(n.Key, key));
        }
    }

    /// <summary>Tells every notice left as a warning through <paramref name="host"/>'s user interface, once.</summary>
    public void Tell(PSHost? host)
    {
        List<(object Key, Func<string?> Text)> left;
        lock (_gate)
        {
            left = new List<(object, Func<string?>)>(_notices);
            _notices.Clear();
        }

        foreach (var (_, text) in left)
        {
            try
            {
                if (text() is { Length: > 0 } line)
                {
                    host?.UI?.WriteWarningLine(line);
                }
            }
            catch (Exception ex) when (ex is NotImplementedException or NotSupportedException or InvalidOperationException)
            {
                // A host without a user interface: there is no one left to tell.
            }
        }
    }
}
