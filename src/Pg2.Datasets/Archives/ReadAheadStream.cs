using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Pg2.Datasets.Archives;

/// <summary>
/// Reads an inner stream on a background task into a few 1 MiB blocks ahead of the consumer, so that
/// inflating a compressed archive entry overlaps with parsing it. Errors of the inner stream surface on
/// the consumer's next read, unchanged.
/// </summary>
internal sealed class ReadAheadStream : Stream
{
    private const int BlockSize = 1 << 20;
    private readonly Stream _inner;
    private readonly Channel<(byte[] Buffer, int Length)> _blocks = Channel.CreateBounded<(byte[], int)>(
        new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private byte[]? _current;
    private int _position, _length;
    private bool _disposed;

    public ReadAheadStream(Stream inner)
    {
        _inner = inner;
        _producer = Task.Run(Produce);
    }

    private async Task Produce()
    {
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
                int n = 0, read;
                while (n < BlockSize && (read = _inner.Read(buffer, n, BlockSize - n)) > 0) n += read;
                if (n == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }
                await _blocks.Writer.WriteAsync((buffer, n), _stop.Token).ConfigureAwait(false);
                if (n < BlockSize) break;
            }
            _blocks.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _blocks.Writer.TryComplete(e);
        }
    }

    public override int Read(Span<byte> buffer)
    {
        while (_current is null || _position == _length)
        {
            if (_current is not null)
            {
                ArrayPool<byte>.Shared.Return(_current);
                _current = null;
            }
            if (!_blocks.Reader.TryRead(out var block))
            {
                bool more;
                try
                {
                    more = _blocks.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    ExceptionDispatchInfo.Throw(e);
                    throw;
                }
                if (!more) return 0;
                continue;
            }
            (_current, _length, _position) = (block.Buffer, block.Length, 0);
        }
        int count = Math.Min(buffer.Length, _length - _position);
        _current.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _stop.Cancel();
            try
            {
                _producer.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // stopped early: expected
            }
            while (_blocks.Reader.TryRead(out var block)) ArrayPool<byte>.Shared.Return(block.Buffer);
            if (_current is not null) ArrayPool<byte>.Shared.Return(_current);
            _current = null;
            _inner.Dispose();
            _stop.Dispose();
        }
        base.Dispose(disposing);
    }
}
