using System;
using System.Buffers;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace GeminiTuning.Datasets;

/// <summary>
/// Reads the next block of a file on a thread-pool thread while the caller works on the current one, so that a file
/// coming from the disk is read at the disk's speed while it is validated (a plain sequential read leaves the disk idle
/// while each block is checked). Two blocks of memory; forward-only.
/// </summary>
internal sealed class ReadAheadStream : Stream
{
    private readonly Stream _inner;
    private byte[] _current;
    private byte[] _next;
    private int _position;
    private int _length;
    private Task<int>? _pending;
    private bool _ended;

    public ReadAheadStream(Stream inner, int blockSize)
    {
        _inner = inner;
        _current = ArrayPool<byte>.Shared.Rent(blockSize);
        _next = ArrayPool<byte>.Shared.Rent(blockSize);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    [MethodImpl(HotPath.Optimized)]
    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position == _length)
        {
            if (_ended)
            {
                return 0;
            }

            _pending ??= StartRead();
            var read = _pending.GetAwaiter().GetResult();
            (_current, _next) = (_next, _current);
            _position = 0;
            _length = read;
            if (read == 0)
            {
                _ended = true;
                _pending = null;
                return 0;
            }

            _pending = StartRead();
        }

        var n = Math.Min(count, _length - _position);
        Buffer.BlockCopy(_current, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    private Task<int> StartRead()
    {
        var target = _next;
        return Task.Run(() => _inner.Read(target, 0, target.Length));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                // The read under way must finish before the file is closed under it.
                _pending?.Wait();
            }
            catch (AggregateException)
            {
                // Its failure was not asked for any more.
            }

            _inner.Dispose();
            ArrayPool<byte>.Shared.Return(_current);
            ArrayPool<byte>.Shared.Return(_next);
            _current = _next = Array.Empty<byte>();
        }

        base.Dispose(disposing);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
