using System.Collections.Concurrent;

namespace AfterSalesDesk.Web.Features.Reports;

public enum ReportRunState
{
    Running,
    Finished,
    Cancelled,
    Failed,
}

/// <summary>What the reports page shows of a download in progress.</summary>
public sealed record ReportRunStatus(Guid Id, string Table, long Rows, ReportRunState State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

/// <summary>
/// The exports running in this app instance, so that the page that started a download can show its
/// progress (rows written so far) and cancel it: the browser downloads from the export endpoint, the
/// page's circuit only knows the run's id, which it put into the link. A run is visible to, and can
/// be cancelled by, only the user who started it. Ended runs are forgotten after a quarter of an hour.
/// </summary>
public sealed class ReportRuns(TimeProvider clock)
{
    private static readonly TimeSpan KeepEnded = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<Guid, ReportRun> runs = new();

    /// <summary>Registers a run; null when the id is already in use (a link followed twice).</summary>
    public ReportRun? Start(Guid id, string ownerId, string table, CancellationToken requestAborted)
    {
        Forget();
        var run = new ReportRun(id, ownerId, table, clock, requestAborted);
        if (runs.TryAdd(id, run))
        {
            return run;
        }

        run.Dispose();
        return null;
    }

    public ReportRunStatus? Find(Guid id, string? ownerId) =>
        runs.TryGetValue(id, out var run) && run.OwnerId == ownerId ? run.Status : null;

    /// <summary>Cancels a running export of this user; false when there is none.</summary>
    public bool Cancel(Guid id, string? ownerId)
    {
        if (!runs.TryGetValue(id, out var run) || run.OwnerId != ownerId)
        {
            return false;
        }

        return run.Cancel();
    }

    private void Forget()
    {
        var before = clock.GetUtcNow() - KeepEnded;
        foreach (var (id, run) in runs)
        {
            if (run.Status.EndedAt is { } ended && ended < before)
            {
                runs.TryRemove(id, out _);
            }
        }
    }
}

/// <summary>One export in progress: its rows so far, its end, and the cancellation the page can trigger.</summary>
public sealed class ReportRun : IDisposable
{
    private readonly CancellationTokenSource cancellation;
    private readonly TimeProvider clock;
    private readonly DateTimeOffset startedAt;
    private long rows;
    private int state;
    private DateTimeOffset? endedAt;

    internal ReportRun(Guid id, string ownerId, string table, TimeProvider clock, CancellationToken requestAborted)
    {
        Id = id;
        OwnerId = ownerId;
        Table = table;
        this.clock = clock;
        startedAt = clock.GetUtcNow();
        cancellation = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
    }

    public Guid Id { get; }

    public string OwnerId { get; }

    public string Table { get; }

    /// <summary>Cancelled when the user cancels on the page or the browser goes away.</summary>
    public CancellationToken Token => cancellation.Token;

    public ReportRunStatus Status => new(Id, Table, Interlocked.Read(ref rows), (ReportRunState)Volatile.Read(ref state), startedAt, endedAt);

    public void Progress(long rowsSoFar) => Interlocked.Exchange(ref rows, rowsSoFar);

    public void End(ReportRunState outcome)
    {
        endedAt = clock.GetUtcNow();
        Interlocked.CompareExchange(ref state, (int)outcome, (int)ReportRunState.Running);
    }

    internal bool Cancel()
    {
        if (Volatile.Read(ref state) != (int)ReportRunState.Running)
        {
            return false;
        }

        try
        {
            cancellation.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose() => cancellation.Dispose();
}
