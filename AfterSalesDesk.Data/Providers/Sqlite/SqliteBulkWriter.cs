using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace AfterSalesDesk.Data.Providers.Sqlite;

/// <summary>
/// The generators' writer on SQLite: one prepared statement per table, run row by row inside a transaction that
/// BEGIN IMMEDIATE opens (an embedded database: nothing is faster than its own prepared statements). Guids are
/// stored as upper-case text and booleans as 0 or 1, as the model's converters store them.
/// </summary>
internal sealed class SqliteBulkWriter : IBulkWriter
{
    private readonly SqliteConnection connection;

    private SqliteBulkWriter(SqliteConnection connection) => this.connection = connection;

    public static async Task<SqliteBulkWriter> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return new SqliteBulkWriter(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<List<T>> ReadAsync<T>(
        string sql, IReadOnlyList<(string Name, object Value)> parameters, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue("@" + name, Stored(value));
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    public Task<IBulkBatch> BeginAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IBulkBatch>(new Batch(connection, connection.BeginTransaction(), cancellationToken));

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    /// <summary>A value as this schema stores it.</summary>
    private static object Stored(object? value) => value switch
    {
        null => DBNull.Value,
        Guid guid => guid.ToString().ToUpperInvariant(),
        bool flag => flag ? 1 : 0,
        _ => value,
    };

    private static string Quoted(string name) => $"\"{name}\"";

    private sealed class Batch(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken) : IBulkBatch
    {
        private readonly List<SqliteCommand> commands = [];

        private CancellationToken Cancellation => cancellationToken;

        public IBulkRows Insert(string table, params string[] columns)
        {
            var sql = $"INSERT INTO {Quoted(table)} ({string.Join(", ", columns.Select(Quoted))}) "
                + $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
            return new Rows(this, sql, columns.Length);
        }

        public IBulkRows Update(string table, string key, params string[] columns)
        {
            var sql = $"UPDATE {Quoted(table)} SET {string.Join(", ", columns.Select((c, i) => $"{Quoted(c)} = $p{i + 1}"))} WHERE {Quoted(key)} = $p0";
            return new Rows(this, sql, columns.Length + 1);
        }

        public async Task CommitAsync() => await transaction.CommitAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            foreach (var command in commands)
            {
                await command.DisposeAsync();
            }

            await transaction.DisposeAsync();
        }

        private SqliteCommand Prepare(string sql, int parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            for (var i = 0; i < parameters; i++)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = $"$p{i}" });
            }

            command.Prepare();
            commands.Add(command);
            return command;
        }

        private sealed class Rows(Batch batch, string sql, int width) : IBulkRows
        {
            private SqliteCommand? insert;
            private SqliteCommand? returning;

            // Microsoft.Data.Sqlite runs statements synchronously even when asked asynchronously (the database is a file
            // in this process); calling it so spares a task per row, which is most of what a row costs besides SQLite itself.
            public ValueTask AddAsync(params object?[] values)
            {
                batch.Cancellation.ThrowIfCancellationRequested();
                Bind(insert ??= batch.Prepare(sql, width), values).ExecuteNonQuery();
                return ValueTask.CompletedTask;
            }

            public ValueTask<long> AddReturningIdAsync(params object?[] values)
            {
                batch.Cancellation.ThrowIfCancellationRequested();
                return ValueTask.FromResult(Convert.ToInt64(Bind(returning ??= batch.Prepare(sql + " RETURNING \"Id\"", width), values).ExecuteScalar()));
            }

            private SqliteCommand Bind(SqliteCommand command, object?[] values)
            {
                if (values.Length != width)
                {
                    throw new ArgumentException($"{values.Length} values for {width} columns: {sql}", nameof(values));
                }

                for (var i = 0; i < values.Length; i++)
                {
                    command.Parameters[i].Value = Stored(values[i]);
                }

                return command;
            }
        }
    }
}
