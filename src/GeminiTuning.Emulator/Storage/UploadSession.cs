using System;
using System.IO;
using GeminiTuning.Emulator.Http;

namespace GeminiTuning.Emulator.Storage;

/// <summary>A resumable upload in progress: the bytes persisted so far (in a file, with their running checksums) and,
/// once known, the total size. Guarded by the store's gate.</summary>
internal sealed class UploadSession : IDisposable
{
    public UploadSession(string id, string bucket, string name, string contentType, long? declaredLength, string path)
    {
        Id = id;
        Bucket = bucket;
        Name = name;
        ContentType = contentType;
        TotalLength = declaredLength;
        Path = path;
        File.WriteAllBytes(path, Array.Empty<byte>());
    }

    public string Id { get; }

    public string Bucket { get; }

    public string Name { get; }

    public string ContentType { get; }

    /// <summary>The file the bytes go to; it becomes the object's when the upload completes.</summary>
    public string Path { get; }

    /// <summary>The object's size, once the client has said it (X-Upload-Content-Length or a Content-Range total).</summary>
    public long? TotalLength { get; set; }

    public long Persisted { get; private set; }

    public ContentDigest Digest { get; } = new ContentDigest();

    /// <summary>The finished object, once the last byte arrived.</summary>
    public StoredObject? Result { get; set; }

    /// <summary>Persists the bytes of <paramref name="body"/> from <paramref name="offset"/> on (the earlier ones were
    /// persisted before: a chunk resent after a lost answer).</summary>
    public void Append(RequestBody body, long offset)
    {
        using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.None, 64 * 1024);
        body.CopyTo(offset, (buffer, start, count) =>
        {
            file.Write(buffer, start, count);
            Digest.Append(buffer, start, count);
        });
        Persisted += body.Length - offset;
    }

    public void Dispose() => Digest.Dispose();
}
