using System;
using System.IO;

namespace GeminiTuning.Emulator.Storage;

/// <summary>A finished Cloud Storage object: its metadata, and its bytes in a file of the emulator's folder.</summary>
internal sealed class StoredObject
{
    public StoredObject(string bucket, string name, string contentType, string path, long length, uint crc32C, byte[]? md5, long generation, DateTimeOffset created,
        bool synthetic = false)
    {
        Synthetic = synthetic;
        Bucket = bucket;
        Name = name;
        ContentType = contentType;
        Path = path;
        Length = length;
        Crc32C = crc32C;
        Md5 = md5;
        Generation = generation;
        Created = created;
    }

    public string Bucket { get; }

    /// <summary>True for a generated dataset standing in for one the emulator was never given (see <see cref="EmulatorOptions.SyntheticDatasets"/>).</summary>
    public bool Synthetic { get; }

    public string Name { get; }

    public string ContentType { get; }

    /// <summary>The file that holds the bytes.</summary>
    public string Path { get; }

    public long Length { get; }

    public long Generation { get; }

    public DateTimeOffset Created { get; }

    public uint Crc32C { get; }

    /// <summary>The MD5 digest; null where policy forbids MD5 (Windows in FIPS mode), and then the object has no
    /// md5Hash — as composite objects in Cloud Storage have none either.</summary>
    public byte[]? Md5 { get; }

    /// <summary>Opens the bytes for reading. The object may be replaced or deleted meanwhile: the reader keeps the
    /// bytes it opened (the file goes when the last reader closes it).</summary>
    public Stream OpenRead() => new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024);
}
