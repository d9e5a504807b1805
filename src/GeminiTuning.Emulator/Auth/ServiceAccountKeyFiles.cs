using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;

namespace GeminiTuning.Emulator.Auth;

/// <summary>
/// The service account key files emulators wrote in this process: created readable by the owner only
/// (<see cref="OwnerOnlyFile"/>), deleted when their emulator stops, and, for an emulator never stopped, when the
/// process exits (AppDomain.ProcessExit, raised on a normal exit, on <c>exit</c> from PowerShell and on SIGTERM; nothing
/// runs when a process is killed outright).
/// </summary>
internal static class ServiceAccountKeyFiles
{
    private static readonly ConcurrentDictionary<string, byte> Live = new(StringComparer.Ordinal);

    static ServiceAccountKeyFiles()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();
    }

    /// <summary>The files not yet deleted.</summary>
    public static int Count => Live.Count;

    /// <summary>Writes <paramref name="json"/> to a new owner-only file at <paramref name="path"/> and tracks it.</summary>
    public static void Write(string path, string json)
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(json);
        using (var stream = OwnerOnlyFile.CreateNew(path))
        {
            Live[path] = 0;
            stream.Write(bytes, 0, bytes.Length);
        }
    }

    /// <summary>Deletes a file this process wrote; a file already gone is fine.</summary>
    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
            Live.TryRemove(path, out _);
        }
        catch (IOException)
        {
            // Still open somewhere: left for the exit handler. Only the stopped emulator knew the key.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Deletes every file still tracked (the process is exiting).</summary>
    public static void DeleteAll()
    {
        foreach (var path in Live.Keys)
        {
            Delete(path);
        }
    }
}
