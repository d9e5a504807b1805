using System;
using System.Collections.Generic;
using System.IO;

namespace GeminiTuning.Emulator.Storage;

/// <summary>Cloud Storage objects and resumable upload sessions. Metadata is in memory; bytes are in files of the
/// emulator's folder (<see cref="EmulatorFiles"/>), so that a large dataset does not sit in the host's memory. All
/// access goes through <see cref="Gate"/>.</summary>
internal sealed class ObjectStore
{
    private readonly EmulatorFiles _files;
    private readonly Dictionary<string, StoredObject> _objects = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
    private readonly Dictionary<string, UploadSession> _sessions = new Dictionary<string, UploadSession>(StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new HashSet<string>(StringComparer.Ordinal);
    private long _lastGeneration;

    public ObjectStore(EmulatorFiles files)
    {
        _files = files;
    }

    public object Gate { get; } = new object();

    public StoredObject? Find(string bucket, string name) => _objects.TryGetValue(Key(bucket, name), out var found) ? found : null;

    /// <summary>True when an object of this name was deleted (a synthetic dataset is then not made again).</summary>
    public bool WasDeleted(string bucket, string name) => _deleted.Contains(Key(bucket, name));

    /// <summary>Stores an object whose bytes <paramref name="writeContent"/> hands, a segment at a time, to the writer it gets.</summary>
    public StoredObject Put(string bucket, string name, string contentType, Action<Action<byte[], int, int>> writeContent, DateTimeOffset now, bool synthetic = false)
    {
        var path = _files.NewPath("object");
        using var digest = new ContentDigest();
        long length = 0;
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
        {
            writeContent((buffer, offset, count) =>
            {
                file.Write(buffer, offset, count);
                digest.Append(buffer, offset, count);
                length += count;
            });
        }

        return Add(bucket, name, contentType, path, length, digest, now, synthetic);
    }

    /// <summary>Turns a session whose last byte arrived into its object. The session stays, answering with the object.</summary>
    public StoredObject Complete(UploadSession session, DateTimeOffset now)
    {
        session.Result = Add(session.Bucket, session.Name, session.ContentType, session.Path, session.Persisted, session.Digest, now);
        session.Dispose();
        return session.Result;
    }

    public bool Delete(string bucket, string name)
    {
        if (!_objects.TryGetValue(Key(bucket, name), out var found))
        {
            return false;
        }

        _objects.Remove(Key(bucket, name));
        _deleted.Add(Key(bucket, name));
        DeleteFile(found.Path);
        return true;
    }

    /// <summary>The objects of a bucket whose names start with <paramref name="prefix"/>, in name order.</summary>
    public List<StoredObject> List(string bucket, string prefix)
    {
        var result = new List<StoredObject>();
        foreach (var stored in _objects.Values)
        {
            if (stored.Bucket == bucket && stored.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                result.Add(stored);
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    public UploadSession StartSession(string bucket, string name, string contentType, long? declaredLength)
    {
        var id = Auth.RandomIds.FromAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 64);
        var session = new UploadSession(id, bucket, name, contentType, declaredLength, _files.NewPath("upload"));
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>The session, while it is open, and after it completed (a resent last chunk gets the object again).</summary>
    public UploadSession? FindSession(string id) => _sessions.TryGetValue(id, out var session) ? session : null;

    /// <summary>Cancels a session: its bytes are dropped.</summary>
    public void CancelSession(UploadSession session)
    {
        if (_sessions.Remove(session.Id) && session.Result is null)
        {
            session.Dispose();
            DeleteFile(session.Path);
        }
    }

    private StoredObject Add(string bucket, string name, string contentType, string path, long length, ContentDigest digest, DateTimeOffset now, bool synthetic = false)
    {
        // Generations are microsecond timestamps in real Cloud Storage; keep them increasing even on a manual clock.
        var generation = Math.Max(now.ToUnixTimeMilliseconds() * 1000 + (now.UtcTicks / 10 % 1000), _lastGeneration + 1);
        _lastGeneration = generation;
        var stored = new StoredObject(bucket, name, contentType, path, length, digest.Crc32C(), digest.Md5(), generation, now, synthetic);
        if (_objects.TryGetValue(Key(bucket, name), out var replaced))
        {
            DeleteFile(replaced.Path);
        }

        _objects[Key(bucket, name)] = stored;
        return stored;
    }

    /// <summary>Deletes an object's file; a reader still streaming it keeps its bytes until it closes the file.</summary>
    private static void DeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Key(string bucket, string name) => bucket + "/" + name;
}
