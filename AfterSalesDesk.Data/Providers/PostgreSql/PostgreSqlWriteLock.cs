namespace AfterSalesDesk.Data.Providers.PostgreSql;

/// <summary>
/// PostgreSQL's write lock: a transaction-scoped advisory lock. A writer that waits past <paramref name="maxWait"/>
/// fails with lock_not_available, which <see cref="DbFailure"/> reports as busy.
/// </summary>
public sealed class PostgreSqlWriteLock(TimeSpan maxWait) : TransactionWriteLock
{
    /// <summary>The advisory lock's key: "ASDW" in ASCII, the same for every instance of the app.</summary>
    public const long LockKey = 0x41534457;

    protected override string LockSql { get; } =
        $"SET LOCAL lock_timeout = '{(long)maxWait.TotalMilliseconds}ms'; SELECT pg_advisory_xact_lock({LockKey});";
}
