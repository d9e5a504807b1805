namespace GeminiTuning.Emulator.Storage;

/// <summary>CRC-32C (Castagnoli), the checksum Cloud Storage reports as <c>crc32c</c>. Table-driven, reflected
/// polynomial 0x82F63B78; computed whole (<see cref="Compute"/>) or a segment at a time (<see cref="Start"/>,
/// <see cref="Append"/>, <see cref="Finish"/>).</summary>
internal static class Crc32C
{
    /// <summary>The running value before any byte.</summary>
    public const uint Start = 0xFFFFFFFFu;

    private static readonly uint[] Table = BuildTable();

    public static uint Compute(byte[] data) => Finish(Append(Start, data, 0, data.Length));

    public static uint Append(uint running, byte[] data, int offset, int count)
    {
        var crc = running;
        for (var i = offset; i < offset + count; i++)
        {
            crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    public static uint Finish(uint running) => running ^ 0xFFFFFFFFu;

    /// <summary>The base64 of the big-endian bytes, as Cloud Storage prints it.</summary>
    public static string ToBase64(uint crc) =>
        System.Convert.ToBase64String(new[] { (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc });

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
