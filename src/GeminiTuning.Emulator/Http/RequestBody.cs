using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiTuning.Emulator.Http;

/// <summary>The body of a request: held in memory, or — on routes that take uploads — written to a scratch file as it
/// arrives, so that a large upload never sits whole in the host's memory. Disposing the request deletes the file.</summary>
internal abstract class RequestBody : IDisposable
{
    private string? _text;

    public static RequestBody Empty { get; } = new InMemory(Array.Empty<byte>());

    public abstract long Length { get; }

    /// <summary>False when the body is in a scratch file.</summary>
    public abstract bool IsInMemory { get; }

    /// <summary>The body decoded as UTF-8 (invalid bytes replaced). Reads a file body whole: only for small ones.</summary>
    public string Text => _text ??= Length == 0 ? string.Empty : new UTF8Encoding(false, false).GetString(ToArray());

    /// <summary>The whole body. Reads a file body whole: check <see cref="Length"/> first.</summary>
    public abstract byte[] ToArray();

    /// <summary>Hands the bytes from offset <paramref name="from"/> to the end to <paramref name="write"/>, a segment at a time.</summary>
    public abstract void CopyTo(long from, Action<byte[], int, int> write);

    public virtual void Dispose()
    {
    }

    /// <summary>Starts a body collected in memory; <paramref name="expectedLength"/> sizes the buffer when known.</summary>
    public static Builder CollectInMemory(long expectedLength) => new MemoryBuilder((int)Math.Min(expectedLength, int.MaxValue));

    /// <summary>Starts a body written to <paramref name="file"/>, which the body then owns.</summary>
    public static Builder CollectInFile(FileStream file) => new FileBuilder(file);

    /// <summary>Collects a body as it is read from the connection.</summary>
    internal abstract class Builder : IDisposable
    {
        public abstract long Length { get; }

        public abstract Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken);

        /// <summary>The finished body; the builder must not be disposed afterwards.</summary>
        public abstract RequestBody Build();

        public abstract void Dispose();
    }

    private sealed class InMemory : RequestBody
    {
        private readonly byte[] _bytes;

        public InMemory(byte[] bytes)
        {
            _bytes = bytes;
        }

        public override long Length => _bytes.Length;

        public override bool IsInMemory => true;

        public override byte[] ToArray() => _bytes;

        public override void CopyTo(long from, Action<byte[], int, int> write)
        {
            if (from < _bytes.Length)
            {
                write(_bytes, (int)from, _bytes.Length - (int)from);
            }
        }
    }

    private sealed class InFile : RequestBody
    {
        private readonly FileStream _file;

        public InFile(FileStream file)
        {
            _file = file;
        }

        public override long Length => _file.Length;

        public override bool IsInMemory => false;

        public override byte[] ToArray()
        {
            var bytes = new byte[_file.Length];
            var filled = 0;
            CopyTo(0, (buffer, offset, count) =>
            {
                Buffer.BlockCopy(buffer, offset, bytes, filled, count);
                filled += count;
            });
            return bytes;
        }

        public override void CopyTo(long from, Action<byte[], int, int> write)
        {
            var buffer = new byte[64 * 1024];
            _file.Position = from;
            int read;
            while ((read = _file.Read(buffer, 0, buffer.Length)) > 0)
            {
                write(buffer, 0, read);
            }
        }

        public override void Dispose() => _file.Dispose();
    }

    private sealed class MemoryBuilder : Builder
    {
        private readonly MemoryStream _bytes;

        public MemoryBuilder(int capacity)
        {
            _bytes = new MemoryStream(capacity);
        }

        public override long Length => _bytes.Length;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _bytes.Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        /// <summary>Hands over the buffer itself when it is exactly full (a Content-Length body), else a copy.</summary>
        public override RequestBody Build() =>
            _bytes.Length == 0 ? Empty : new InMemory(_bytes.Length == _bytes.Capacity ? _bytes.GetBuffer() : _bytes.ToArray());

        public override void Dispose() => _bytes.Dispose();
    }

    private sealed class FileBuilder : Builder
    {
        private readonly FileStream _file;

        public FileBuilder(FileStream file)
        {
            _file = file;
        }

        public override long Length => _file.Length;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _file.WriteAsync(buffer, offset, count, cancellationToken);

        public override RequestBody Build()
        {
            _file.Flush();
            return new InFile(_file);
        }

        public override void Dispose() => _file.Dispose();
    }
}
