using System.Data.Common;
using AfterSalesDesk.Data.Providers.PostgreSql;
using AfterSalesDesk.Data.Providers.Sqlite;

namespace AfterSalesDesk.Data.Providers;

/// <summary>
/// Where the data generators write (decision 0020, step 8): many rows in large transactions, past EF's change
/// tracking, one implementation per provider. The generators' own SQL (counts, the highest ids, the orders cases
/// are opened on) is portable: quoted identifiers, <c>COALESCE</c>, <c>@name</c> parameters. Values are given as
/// the model's types (<see cref="Guid"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="string"/>, null), and
/// each provider stores them as its schema does.
/// </summary>
internal interface IBulkWriter : IAsyncDisposable
{
    Task<long> ScalarAsync(string sql, CancellationToken cancellationToken);

    Task ExecuteAsync(string sql, CancellationToken cancellationToken);

    Task<List<T>> ReadAsync<T>(string sql, IReadOnlyList<(string Name, object Value)> parameters, Func<DbDataReader, T> row, CancellationToken cancellationToken);

    /// <summary>A transaction holding the database's write lock, as the app's own writes do; nothing is kept unless it commits.</summary>
    Task<IBulkBatch> BeginAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One transaction's rows. A provider may hold them back until <see cref="CommitAsync"/> and then write them table by
/// table, in the order the tables were opened: open a table after those its rows refer to.
/// </summary>
internal interface IBulkBatch : IAsyncDisposable
{
    /// <summary>New rows of <paramref name="table"/>. Rows given an <c>Id</c> move the table's identity past it on commit.</summary>
    IBulkRows Insert(string table, params string[] columns);

    /// <summary>Sets <paramref name="columns"/> of the row whose <paramref name="key"/> is a row's first value; of several for one key, the last wins.</summary>
    IBulkRows Update(string table, string key, params string[] columns);

    Task CommitAsync();
}

internal interface IBulkRows
{
    /// <summary>A row: one value per column, in the columns' order.</summary>
    ValueTask AddAsync(params object?[] values);

    /// <summary>A row inserted at once, returning the id the database gave it: for the few rows whose ids later rows need.</summary>
    ValueTask<long> AddReturningIdAsync(params object?[] values);
}

internal static class BulkWriter
{
    /// <summary>The one place that picks the generators' writer by provider.</summary>
    public static async Task<IBulkWriter> OpenAsync(DatabaseProvider provider, string connectionString, CancellationToken cancellationToken) => provider switch
    {
        DatabaseProvider.Sqlite => await SqliteBulkWriter.OpenAsync(connectionString, cancellationToken),
        DatabaseProvider.PostgreSql => await PostgreSqlBulkWriter.OpenAsync(connectionString, cancellationToken),
        DatabaseProvider.SqlServer => throw new NotSupportedException(
            "The data generators cannot write to SQL Server yet: its bulk writer (SqlBulkCopy with KeepIdentity, then the counters rebuilt) "
            + "is still to be built (decision 0020, step 8). Generate data on SQLite or PostgreSQL."),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };
}
