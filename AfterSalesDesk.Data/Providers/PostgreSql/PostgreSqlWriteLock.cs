using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AfterSalesDesk.Data.Providers.PostgreSql;

/// <summary>
/// One writer at a time across every app instance on the database, as SQLite's BEGIN IMMEDIATE gives (decision 0020):
/// each transaction first takes a transaction-scoped advisory lock, released by its commit or rollback. Services read,
/// then write, trusting nothing writes in between; the audit chain appends to its head; the change feed reads ids in
/// commit order. A writer that waits past <paramref name="maxWait"/> fails with lock_not_available, which
/// <see cref="DbFailure"/> reports as busy.
/// </summary>
public sealed class PostgreSqlWriteLock(TimeSpan maxWait) : DbTransactionInterceptor
{
    /// <summary>The advisory lock's key: "ASDW" in ASCII, the same for every instance of the app.</summary>
    public const long LockKey = 0x41534457;

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        using var command = Command(connection, result);
        command.ExecuteNonQuery();
        return result;
    }

    public override async ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection, result);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return result;
    }

    private DbCommand Command(DbConnection connection, DbTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SET LOCAL lock_timeout = '{(long)maxWait.TotalMilliseconds}ms'; SELECT pg_advisory_xact_lock({LockKey});";
        return command;
    }
}
