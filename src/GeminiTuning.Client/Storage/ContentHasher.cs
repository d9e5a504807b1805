using System;
using System.Security.Cryptography;
using GeminiTuning.Datasets;

namespace GeminiTuning.Storage;

/// <summary>A file's content hashes as Cloud Storage reports them (base64 of the big-endian CRC-32C and of the MD5).</summary>
public sealed class ContentHashes
{
    internal ContentHashes(long length, uint crc32c, byte[]? md5)
    {
        Length = length;
        Crc32cValue = crc32c;
        Crc32c = Convert.ToBase64String(new[] { (byte)(crc32c >> 24), (byte)(crc32c >> 16), (byte)(crc32c >> 8), (byte)crc32c });
        Md5Hash = md5 is null ? null : Convert.ToBase64String(md5);
    }

    /// <summary>Bytes hashed.</summary>
    public long Length { get; }

    /// <summary>CRC-32C in Cloud Storage's form (base64 of the 4 big-endian bytes).</summary>
    public string Crc32c { get; }

    /// <summary>MD5 in Cloud Storage's form (base64), or null where MD5 is unavailable (FIPS mode).</summary>
    public string? Md5Hash { get; }

    /// <summary>The CRC-32C as 8 hex digits, used in staged object names.</summary>
    public string Crc32cHex => Crc32cValue.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    internal uint Crc32cValue { get; }

    /// <summary>True when <paramref name="other"/> describes the same content: same length and CRC-32C, and the same MD5 where both have one.</summary>
    public bool SameContentAs(ContentHashes other) =>
        Length == other.Length && Crc32c == other.Crc32c && (Md5Hash is null || other.Md5Hash is null || Md5Hash == other.Md5Hash);
}

/// <summary>Computes CRC-32C and MD5 while a file streams past (during validation, and again during upload).</summary>
internal sealed class ContentHasher : IContentObserver, IDisposable
{
    private readonly MD5? _md5 = CreateMd5();
    private uint _crc = 0xFFFFFFFFu;
    private long _length;

    public void Observe(byte[] buffer, int offset, int count)
    {
        _crc = Crc32C.Update(_crc, buffer, offset, count);
        _md5?.TransformBlock(buffer, offset, count, null, 0);
        _length += count;
    }

    public long Length => _length;

    public ContentHashes Finish()
    {
        byte[]? md5 = null;
        if (_md5 is not null)
        {
            _md5.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            md5 = _md5.Hash;
        }

        return new ContentHashes(_length, _crc ^ 0xFFFFFFFFu, md5);
    }

    public void Dispose() => _md5?.Dispose();

    private static MD5? CreateMd5()
    {
        try
        {
            return MD5.Create();
        }
        catch (Exception ex) when (ex is InvalidOperationException or CryptographicException or System.Reflection.TargetInvocationException or PlatformNotSupportedException)
        {
            // A FIPS-enforcing Windows refuses MD5: the CRC-32C alone then identifies the content.
            return null;
        }
    }
}

/// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), slicing by 8 bytes.</summary>
internal static class Crc32C
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>Feeds bytes into a running CRC (start with 0xFFFFFFFF, finish by inverting).</summary>
    public static uint Update(uint crc, byte[] buffer, int offset, int count)
    {
        var table = Table;
        var i = offset;
        var end = offset + count;
        if (BitConverter.IsLittleEndian)
        {
            while (end - i >= 8)
            {
                var one = BitConverter.ToUInt32(buffer, i) ^ crc;
                var two = BitConverter.ToUInt32(buffer, i + 4);
                crc = table[0x700 + (one & 0xFF)] ^ table[0x600 + ((one >> 8) & 0xFF)] ^ table[0x500 + ((one >> 16) & 0xFF)] ^ table[0x400 + (one >> 24)] ^
                      table[0x300 + (two & 0xFF)] ^ table[0x200 + ((two >> 8) & 0xFF)] ^ table[0x100 + ((two >> 16) & 0xFF)] ^ table[two >> 24];
                i += 8;
            }
        }

        while (i < end)
        {
            crc = table[(crc ^ buffer[i]) & 0xFF] ^ (crc >> 8);
            i++;
        }

        return crc;
    }

    /// <summary>The CRC-32C of a whole array.</summary>
    public static uint Compute(byte[] data) => Update(0xFFFFFFFFu, data, 0, data.Length) ^ 0xFFFFFFFFu;

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        for (var slice = 1; slice < 8; slice++)
        {
            for (var i = 0; i < 256; i++)
            {
                var previous = table[((slice - 1) * 256) + i];
                table[(slice * 256) + i] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }
}
