using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AfterSalesDesk.Data.Providers.SqlServer;

/// <summary>
/// One writer at a time across every app instance on the database (decision 0020): each transaction first takes an
/// exclusive application lock owned by the transaction, released by its commit or rollback. A writer that waits past
/// <paramref name="maxWait"/> gets error 1222 (lock request time out), which <see cref="DbFailure"/> reports as busy.
/// Not run here: no SQL Server engine can run on these machines (README).
/// </summary>
public sealed class SqlServerWriteLock(TimeSpan maxWait) : DbTransactionInterceptor
{
    public const string Resource = "AfterSalesDesk.write";

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

    /// <summary>The statement each write transaction starts with; parsed with Microsoft's T-SQL parser in the tests.</summary>
    internal static string Sql(TimeSpan maxWait) => $"""
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = N'{Resource}', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = {(long)maxWait.TotalMilliseconds};
        IF @result < 0 THROW 51222, N'The database stayed busy; nothing was changed. Try again.', 1;
        """;

    private DbCommand Command(DbConnection connection, DbTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql(maxWait);
        return command;
    }
}
