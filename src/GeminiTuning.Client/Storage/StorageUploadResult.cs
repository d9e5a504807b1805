namespace GeminiTuning.Storage;

/// <summary>What an upload did.</summary>
public sealed class StorageUploadResult
{
    internal StorageUploadResult(StorageObjectInfo storedObject, ContentHashes hashes, long bytesSent, int resumes)
    {
        Object = storedObject;
        Hashes = hashes;
        BytesSent = bytesSent;
        Resumes = resumes;
    }

    /// <summary>The object as Cloud Storage stored it.</summary>
    public StorageObjectInfo Object { get; }

    /// <summary>The hashes of the bytes read from the file while uploading.</summary>
    public ContentHashes Hashes { get; }

    /// <summary>Bytes sent in all, a chunk sent again after a failure counted twice.</summary>
    public long BytesSent { get; }

    /// <summary>How many times the upload asked the service where it stood and carried on after a failure.</summary>
    public int Resumes { get; }
}
