namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>
/// Collects what a workbook writer produces, so that an exporter can pass it on to the response
/// asynchronously between rows, in pieces of about 64 KB whichever writer wrote it. The hand-written
/// writer's zip and XML writers write synchronously: ASP.NET Core refuses synchronous writes to a response
/// body, and allowing them would block a thread-pool thread on every slow client. The exporter drains
/// the buffer whenever it holds <see cref="DrainThreshold"/> bytes or more, so it never holds much more
/// than that (the deflate stream writes in pieces of a few KB). Write-only, not seekable (ZipArchive
/// counts the position itself for such a stream).
/// </summary>
public sealed class ResponseBuffer : Stream
{
    public const int DrainThreshold = 64 * 1024;

    private readonly MemoryStream pending = new(DrainThreshold * 2);

    /// <summary>Bytes passed on so far.</summary>
    public long Drained { get; private set; }

    public bool ShouldDrain => pending.Length >= DrainThreshold;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => pending.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => pending.Write(buffer);

    public override void WriteByte(byte value) => pending.WriteByte(value);

    /// <summary>Collects at once, like <see cref="Write(ReadOnlySpan{byte})"/>: a writer that writes asynchronously (SpreadCheetah) gets the same buffer.</summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        pending.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing to do: the bytes go on in <see cref="DrainAsync"/>.</summary>
    public override void Flush()
    {
    }

    /// <summary>Writes what has collected to <paramref name="target"/> and empties the buffer (keeping its memory).</summary>
    public async ValueTask DrainAsync(Stream target, CancellationToken cancellationToken)
    {
        if (pending.Length == 0)
        {
            return;
        }

        await target.WriteAsync(pending.GetBuffer().AsMemory(0, (int)pending.Length), cancellationToken);
        Drained += pending.Length;
        pending.SetLength(0);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            pending.Dispose();
        }

        base.Dispose(disposing);
    }
}
