namespace AfterSalesDesk.Web.Features.Reports;

/// <summary>
/// Collects what the workbook writer produces, so that the exporter passes it on to the response with
/// awaited writes of about 64 KB between rows, where it also reports progress and checks for a cancel.
/// SpreadCheetah (<see cref="XlsxWriter"/>) writes asynchronously, but in the zip's deflate pieces of a few
/// KB; the first writer of the exports wrote synchronously, which ASP.NET Core refuses on a response body
/// (allowing it would block a thread-pool thread on every slow client), and this buffer took those writes.
/// The exporter drains it whenever it holds <see cref="DrainThreshold"/> bytes or more, so it never holds
/// much more than that. Write-only, not seekable (ZipArchive counts the position itself for such a stream).
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

    /// <summary>Collects at once: SpreadCheetah's writes complete without waiting, the response gets the bytes when the exporter drains them.</summary>
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
