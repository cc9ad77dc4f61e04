using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AfterSalesDesk.Data.Providers;

/// <summary>
/// One writer at a time across every app instance on a server database, as SQLite's BEGIN IMMEDIATE gives
/// (decision 0020): each transaction's first statement takes the provider's transaction-scoped lock, which its
/// commit or rollback releases. Services read, then write, trusting nothing writes in between; the audit chain
/// appends to its head; the change feed reads ids in commit order.
/// </summary>
public abstract class TransactionWriteLock : DbTransactionInterceptor
{
    /// <summary>The statement that takes the lock, waiting at most the configured time.</summary>
    protected abstract string LockSql { get; }

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
        command.CommandText = LockSql;
        return command;
    }
}
