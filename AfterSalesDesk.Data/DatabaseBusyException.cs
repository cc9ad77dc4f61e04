using AfterSalesDesk.Data.Providers;

namespace AfterSalesDesk.Data;

/// <summary>
/// A write gave up waiting for the database (another writer held it the whole time). Thrown before the
/// write's transaction began, so nothing of it happened; the person can simply try again. A
/// <see cref="TimeoutException"/>, so code that retries timeouts (the refund worker) keeps doing so.
/// </summary>
public sealed class DatabaseBusyException(TimeSpan waited)
    : TimeoutException($"The database stayed busy for {waited.TotalSeconds:0.#} seconds; nothing was changed. Try again.")
{
    /// <summary>The default wait of a write for the database: <see cref="WriteGate"/>'s queue and SQLite's lock.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True for every way "the database is busy" reaches the app: the in-process write queue timing out,
    /// or the database's own lock held by another process past its wait (on SQLite SQLITE_BUSY or
    /// SQLITE_LOCKED), also when EF wraps it; see <see cref="DbFailure"/>.
    /// </summary>
    public static bool IsBusy(Exception exception) => DbFailure.Of(exception)?.Kind == DbFailureKind.Busy;
}
