using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;

namespace GeminiTuning.Http;

/// <summary>Reading response bodies that may be large or broken.</summary>
internal static class HttpBodies
{
    /// <summary>The most of an error body kept: enough for any Google error envelope.</summary>
    public const int MaxErrorBody = 64 * 1024;

    /// <summary>Reads at most <paramref name="max"/> bytes of the body; a body that breaks off reads as what arrived, or empty.</summary>
    public static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, int max = MaxErrorBody)
    {
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var copy = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while (copy.Length < max && (read = await stream.ReadAsync(chunk, 0, chunk.Length).ConfigureAwait(false)) > 0)
            {
                copy.Write(chunk, 0, read);
            }

            return copy.ToArray();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return Array.Empty<byte>();
        }
    }
}
