using System;
using System.IO;
using System.Security.Cryptography;

namespace GeminiTuning.Emulator.Auth;

/// <summary>Just enough ASN.1 DER to write an RSA private key as PKCS#8, which netstandard2.0 cannot export
/// (RSA.ExportPkcs8PrivateKey arrived in .NET Core 3.0).</summary>
internal static class DerWriter
{
    // 1.2.840.113549.1.1.1 rsaEncryption
    private static readonly byte[] RsaEncryptionOid = { 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01 };
    private static readonly byte[] Null = { 0x05, 0x00 };

    /// <summary>PrivateKeyInfo (RFC 5208) holding an RSAPrivateKey (RFC 8017 A.1.2).</summary>
    public static byte[] Pkcs8PrivateKey(RSAParameters key)
    {
        if (key.D is null || key.P is null || key.Q is null || key.DP is null || key.DQ is null || key.InverseQ is null)
        {
            throw new ArgumentException("The RSA parameters have no private part.", nameof(key));
        }

        var rsaPrivateKey = Sequence(
            Integer(new byte[] { 0 }),
            Integer(key.Modulus!),
            Integer(key.Exponent!),
            Integer(key.D),
            Integer(key.P),
            Integer(key.Q),
            Integer(key.DP),
            Integer(key.DQ),
            Integer(key.InverseQ));
        return Sequence(
            Integer(new byte[] { 0 }),
            Sequence(RsaEncryptionOid, Null),
            Tagged(0x04, rsaPrivateKey));
    }

    /// <summary>PEM armour with 64-character lines and a trailing newline.</summary>
    public static string Pem(string label, byte[] der)
    {
        var base64 = Convert.ToBase64String(der);
        var writer = new System.Text.StringBuilder();
        writer.Append("-----BEGIN ").Append(label).Append("-----\n");
        for (var i = 0; i < base64.Length; i += 64)
        {
            writer.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        writer.Append("-----END ").Append(label).Append("-----\n");
        return writer.ToString();
    }

    /// <summary>An INTEGER from unsigned big-endian magnitude bytes.</summary>
    internal static byte[] Integer(byte[] unsignedBigEndian)
    {
        var start = 0;
        while (start < unsignedBigEndian.Length - 1 && unsignedBigEndian[start] == 0)
        {
            start++;
        }

        var needsPad = (unsignedBigEndian[start] & 0x80) != 0;
        var content = new byte[unsignedBigEndian.Length - start + (needsPad ? 1 : 0)];
        Buffer.BlockCopy(unsignedBigEndian, start, content, needsPad ? 1 : 0, unsignedBigEndian.Length - start);
        return Tagged(0x02, content);
    }

    internal static byte[] Sequence(params byte[][] items)
    {
        using var content = new MemoryStream();
        foreach (var item in items)
        {
            content.Write(item, 0, item.Length);
        }

        return Tagged(0x30, content.ToArray());
    }

    internal static byte[] Tagged(byte tag, byte[] content)
    {
        using var output = new MemoryStream();
        output.WriteByte(tag);
        var length = content.Length;
        if (length < 0x80)
        {
            output.WriteByte((byte)length);
        }
        else
        {
            var bytes = 0;
            for (var l = length; l > 0; l >>= 8)
            {
                bytes++;
            }

            output.WriteByte((byte)(0x80 | bytes));
            for (var i = bytes - 1; i >= 0; i--)
            {
                output.WriteByte((byte)(length >> (8 * i)));
            }
        }

        output.Write(content, 0, content.Length);
        return output.ToArray();
    }
}
