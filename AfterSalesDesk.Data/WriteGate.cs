using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AfterSalesDesk.Data;

/// <summary>
/// One writer at a time inside this process, in arrival order. SQLite lets one transaction write at a
/// time anyway; without a queue, waiting writers poll the lock with back-off sleeps and an unlucky one
/// can lose many rounds (hundreds of milliseconds at the 99th percentile). Here a transaction waits for
/// the gate before it begins and gives it back when it commits, rolls back, fails, or its connection
/// closes (a transaction disposed without either). Writers in other processes still meet at SQLite's
/// lock, handled by the busy timeout.
/// </summary>
/// <param name="maxWait">How long a write waits for its turn before it gives up with <see cref="DatabaseBusyException"/>.</param>
public sealed class WriteGate(TimeSpan maxWait) : DbConnectionInterceptor, IDbTransactionInterceptor
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ConditionalWeakTable<DbConnection, Held> holders = new();

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (!holders.TryGetValue(connection, out _))
        {
            Enter(connection, gate.Wait(maxWait));
        }

        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (!holders.TryGetValue(connection, out _))
        {
            Enter(connection, await gate.WaitAsync(maxWait, cancellationToken));
        }

        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Ended(transaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(connection);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(connection);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(connection);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(connection);
        return ValueTask.FromResult(result);
    }

    private void Enter(DbConnection connection, bool entered)
    {
        if (!entered)
        {
            throw new DatabaseBusyException(maxWait);
        }

        holders.AddOrUpdate(connection, new Held());
    }

    private void Ended(DbTransaction transaction) => Leave(transaction.Connection);

    private void Leave(DbConnection? connection)
    {
        if (connection is not null && holders.Remove(connection))
        {
            gate.Release();
        }
    }

    private sealed class Held;
}
