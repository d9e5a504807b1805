using System;
using System.Globalization;
using System.IO;

namespace GeminiTuning.Emulator;

/// <summary>The emulator's own folder under the user's temporary directory, for what would be too large to hold in the
/// host's memory (a PowerShell session, when the emulator runs in-process): request bodies on their way to Cloud
/// Storage, and the stored objects. Created on first use, deleted when the emulator stops; needs no administrator
/// rights. Request bodies are opened delete-on-close, so they go away with their handle even if the process dies.</summary>
internal sealed class EmulatorFiles : IDisposable
{
    private readonly object _gate = new object();
    private string? _directory;
    private long _lastId;
    private bool _disposed;

    /// <summary>The folder, once something was written to it.</summary>
    internal string? Directory
    {
        get
        {
            lock (_gate)
            {
                return _directory;
            }
        }
    }

    /// <summary>A path in the folder that no other file has used.</summary>
    public string NewPath(string prefix)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(EmulatorFiles), "The emulator has stopped.");
            }

            if (_directory is null)
            {
                _directory = Path.Combine(Path.GetTempPath(), "GeminiTuning.Emulator", Guid.NewGuid().ToString("N"));
                System.IO.Directory.CreateDirectory(_directory);
            }

            _lastId++;
            return Path.Combine(_directory, prefix + "-" + _lastId.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A new scratch file for writing and reading back, deleted when it is closed.</summary>
    public FileStream CreateScratchFile() =>
        new FileStream(NewPath("body"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);

    /// <summary>Deletes the folder and everything in it; a file still open elsewhere goes when it is closed.</summary>
    public void Dispose()
    {
        string? directory;
        lock (_gate)
        {
            _disposed = true;
            directory = _directory;
        }

        if (directory is null)
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open (a download in flight): it is deleted with its handle; the empty folder may stay.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
