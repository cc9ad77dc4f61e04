using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AfterSalesDesk.Data;

/// <summary>
/// Sets SQLite's own busy handler on every connection: a writer that finds the database locked waits
/// in SQLite (short, growing sleeps, up to the timeout) instead of failing at once into the client
/// library's retry loop, which sleeps 150 ms a turn. Under contention this keeps waits short and
/// fair, and "database is locked" from reaching a user.
/// </summary>
public sealed class SqliteBusyTimeout(int milliseconds = 10_000) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {milliseconds};";
        command.ExecuteNonQuery();
    }
}
