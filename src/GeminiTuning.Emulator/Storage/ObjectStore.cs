using System;
using System.Collections.Generic;
using System.IO;

namespace GeminiTuning.Emulator.Storage;

/// <summary>Cloud Storage objects and resumable upload sessions, in memory. All access goes through <see cref="Gate"/>.</summary>
internal sealed class ObjectStore
{
    private readonly Dictionary<string, StoredObject> _objects = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
    private readonly Dictionary<string, UploadSession> _sessions = new Dictionary<string, UploadSession>(StringComparer.Ordinal);
    private long _lastGeneration;

    public object Gate { get; } = new object();

    public StoredObject? Find(string bucket, string name) => _objects.TryGetValue(Key(bucket, name), out var found) ? found : null;

    public StoredObject Put(string bucket, string name, string contentType, byte[] content, DateTimeOffset now)
    {
        // Generations are microsecond timestamps in real Cloud Storage; keep them increasing even on a manual clock.
        var generation = Math.Max(now.ToUnixTimeMilliseconds() * 1000 + (now.UtcTicks / 10 % 1000), _lastGeneration + 1);
        _lastGeneration = generation;
        var stored = new StoredObject(bucket, name, contentType, content, generation, now);
        _objects[Key(bucket, name)] = stored;
        return stored;
    }

    public bool Delete(string bucket, string name) => _objects.Remove(Key(bucket, name));

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
        var session = new UploadSession(Auth.RandomIds.FromAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 64), bucket, name, contentType, declaredLength);
        _sessions[session.Id] = session;
        return session;
    }

    public UploadSession? FindSession(string id) => _sessions.TryGetValue(id, out var session) ? session : null;

    public void EndSession(string id) => _sessions.Remove(id);

    private static string Key(string bucket, string name) => bucket + "/" + name;
}

internal sealed class StoredObject
{
    public StoredObject(string bucket, string name, string contentType, byte[] content, long generation, DateTimeOffset created)
    {
        Bucket = bucket;
        Name = name;
        ContentType = contentType;
        Content = content;
        Generation = generation;
        Created = created;
        Crc32C = Storage.Crc32C.Compute(content);
        Md5 = ComputeMd5(content);
    }

    public string Bucket { get; }

    public string Name { get; }

    public string ContentType { get; }

    public byte[] Content { get; }

    public long Generation { get; }

    public DateTimeOffset Created { get; }

    public uint Crc32C { get; }

    /// <summary>The MD5 digest; null where policy forbids MD5 (Windows in FIPS mode), and then the object has no
    /// md5Hash — as composite objects in Cloud Storage have none either.</summary>
    public byte[]? Md5 { get; }

    private static byte[]? ComputeMd5(byte[] content)
    {
        try
        {
            using var md5 = System.Security.Cryptography.MD5.Create();
            return md5.ComputeHash(content);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (System.Reflection.TargetInvocationException)
        {
            return null;
        }
    }
}

/// <summary>A resumable upload in progress: the bytes persisted so far and, once known, the total size.</summary>
internal sealed class UploadSession
{
    private readonly MemoryStream _received = new MemoryStream();

    public UploadSession(string id, string bucket, string name, string contentType, long? declaredLength)
    {
        Id = id;
        Bucket = bucket;
        Name = name;
        ContentType = contentType;
        TotalLength = declaredLength;
    }

    public string Id { get; }

    public string Bucket { get; }

    public string Name { get; }

    public string ContentType { get; }

    /// <summary>The object's size, once the client has said it (X-Upload-Content-Length or a Content-Range total).</summary>
    public long? TotalLength { get; set; }

    public long Persisted => _received.Length;

    /// <summary>The finished object, once the last byte arrived.</summary>
    public StoredObject? Result { get; set; }

    public void Append(byte[] data, int offset) => _received.Write(data, offset, data.Length - offset);

    public byte[] Content() => _received.ToArray();
}
