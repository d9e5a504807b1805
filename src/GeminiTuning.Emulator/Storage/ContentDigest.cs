using System;
using System.Reflection;
using System.Security.Cryptography;

namespace GeminiTuning.Emulator.Storage;

/// <summary>The checksums Cloud Storage reports for an object — CRC-32C, and MD5 where policy allows it — computed as
/// the bytes go by, so that an object is never read back whole to be hashed.</summary>
internal sealed class ContentDigest : IDisposable
{
    private readonly HashAlgorithm? _md5 = CreateMd5();
    private uint _crc = Storage.Crc32C.Start;
    private byte[]? _md5Result;

    public void Append(byte[] buffer, int offset, int count)
    {
        _crc = Storage.Crc32C.Append(_crc, buffer, offset, count);
        _md5?.TransformBlock(buffer, offset, count, null, 0);
    }

    public uint Crc32C() => Storage.Crc32C.Finish(_crc);

    /// <summary>The MD5 digest; null where policy forbids MD5 (Windows in FIPS mode). Ends the digest.</summary>
    public byte[]? Md5()
    {
        if (_md5 is not null && _md5Result is null)
        {
            _md5.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            _md5Result = _md5.Hash;
        }

        return _md5Result;
    }

    public void Dispose() => _md5?.Dispose();

    private static HashAlgorithm? CreateMd5()
    {
        try
        {
            return MD5.Create();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
