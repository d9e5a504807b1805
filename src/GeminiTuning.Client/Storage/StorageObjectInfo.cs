namespace GeminiTuning.Storage;

/// <summary>An object's metadata as Cloud Storage reports it (objects.get, or the end of an upload).</summary>
public sealed class StorageObjectInfo
{
    /// <summary>The bucket.</summary>
    public string Bucket { get; set; } = string.Empty;

    /// <summary>The object name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Size in bytes.</summary>
    public long Size { get; set; }

    /// <summary>MD5 (base64), or null (composite objects have none).</summary>
    public string? Md5Hash { get; set; }

    /// <summary>CRC-32C (base64 of the big-endian value).</summary>
    public string? Crc32c { get; set; }

    /// <summary>The object's generation.</summary>
    public long? Generation { get; set; }

    /// <summary>Content type.</summary>
    public string? ContentType { get; set; }

    /// <summary><c>gs://bucket/name</c>.</summary>
    public string Uri => "gs://" + Bucket + "/" + Name;

    /// <summary>True when this object holds the content <paramref name="hashes"/> describe: same size and CRC-32C, and the same MD5 where both are known.</summary>
    public bool HasContent(ContentHashes hashes) =>
        Size == hashes.Length && Crc32c == hashes.Crc32c && (Md5Hash is null || hashes.Md5Hash is null || Md5Hash == hashes.Md5Hash);
}

/// <summary>The JSON of a Cloud Storage object resource (the fields this module reads).</summary>
internal sealed class StorageObjectResource
{
    public string? Bucket { get; set; }

    public string? Name { get; set; }

    public long? Size { get; set; }

    public string? Md5Hash { get; set; }

    public string? Crc32c { get; set; }

    public long? Generation { get; set; }

    public string? ContentType { get; set; }

    public StorageObjectInfo ToInfo() => new()
    {
        Bucket = Bucket ?? string.Empty,
        Name = Name ?? string.Empty,
        Size = Size ?? 0,
        Md5Hash = Md5Hash,
        Crc32c = Crc32c,
        Generation = Generation,
        ContentType = ContentType,
    };
}
