using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace AfterSalesDesk.Data.Providers.PostgreSql;

/// <summary>
/// The generators' writer on PostgreSQL. A batch holds its rows back and writes them when it commits, by binary COPY,
/// table by table in the order they were opened; row-level triggers fire for COPY as for INSERT, so the case counters
/// and the change feed follow. Updates go through a temporary table and one UPDATE. Rows given explicit ids move
/// their table's identity past the highest id, so that the app's own inserts continue after them. Every batch holds
/// the app's advisory write lock (<see cref="PostgreSqlWriteLock"/>), so it never writes between another writer's
/// reads and writes. Values are written in each column's own type, looked up once per table.
/// </summary>
internal sealed class PostgreSqlBulkWriter : IBulkWriter
{
    private readonly NpgsqlConnection connection;
    private readonly Dictionary<string, Dictionary<string, NpgsqlDbType?>> columnTypes = [];

    private PostgreSqlBulkWriter(NpgsqlConnection connection) => this.connection = connection;

    public static async Task<PostgreSqlBulkWriter> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return new PostgreSqlBulkWriter(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<List<T>> ReadAsync<T>(
        string sql, IReadOnlyList<(string Name, object Value)> parameters, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    public async Task<IBulkBatch> BeginAsync(CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgreSqlWriteLock.LockKey})", connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Batch(this, transaction, cancellationToken);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private static string Quoted(string name) => $"\"{name}\"";

    /// <summary>Each column's type, as far as the generators write it (null for types they never write).</summary>
    private async Task<NpgsqlDbType[]> TypesAsync(string table, IReadOnlyList<string> columns, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (!columnTypes.TryGetValue(table, out var types))
        {
            types = [];
            await using var command = new NpgsqlCommand(
                "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                + "WHERE a.attrelid = CAST(@table AS regclass) AND a.attnum > 0 AND NOT a.attisdropped", connection, transaction);
            command.Parameters.AddWithValue("table", Quoted(table));
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    types[reader.GetString(0)] = reader.GetString(1) switch
                    {
                        "int2" => NpgsqlDbType.Smallint,
                        "int4" => NpgsqlDbType.Integer,
                        "int8" => NpgsqlDbType.Bigint,
                        "bool" => NpgsqlDbType.Boolean,
                        "uuid" => NpgsqlDbType.Uuid,
                        "text" => NpgsqlDbType.Text,
                        "varchar" => NpgsqlDbType.Varchar,
                        _ => null,
                    };
                }
            }

            columnTypes[table] = types;
        }

        return [.. columns.Select(column =>
            !types.TryGetValue(column, out var type) ? throw new InvalidOperationException($"Table {Quoted(table)} has no column {Quoted(column)}.")
            : type ?? throw new NotSupportedException($"The data generators do not write the type of {Quoted(table)}.{Quoted(column)}."))];
    }

    /// <summary>A value as the column's own type: integers narrowed or widened, booleans and Guids as they are.</summary>
    private static object Typed(object value, NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Smallint => Convert.ToInt16(value, CultureInfo.InvariantCulture),
        NpgsqlDbType.Integer => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        NpgsqlDbType.Bigint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        NpgsqlDbType.Boolean => Convert.ToBoolean(value, CultureInfo.InvariantCulture),
        NpgsqlDbType.Uuid => (Guid)value,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : Typed(value, type) switch
        {
            short number => importer.WriteAsync(number, type, cancellationToken),
            int number => importer.WriteAsync(number, type, cancellationToken),
            long number => importer.WriteAsync(number, type, cancellationToken),
            bool flag => importer.WriteAsync(flag, type, cancellationToken),
            Guid guid => importer.WriteAsync(guid, type, cancellationToken),
            var text => importer.WriteAsync((string)text, type, cancellationToken),
        };

    private sealed class Batch(PostgreSqlBulkWriter writer, NpgsqlTransaction transaction, CancellationToken cancellationToken) : IBulkBatch
    {
        private readonly List<Rows> tables = [];

        private PostgreSqlBulkWriter Writer => writer;

        private NpgsqlConnection Connection => writer.connection;

        private CancellationToken Cancellation => cancellationToken;

        private NpgsqlTransaction Transaction => transaction;

        public IBulkRows Insert(string table, params string[] columns) => Open(new Rows(this, table, columns, key: null));

        public IBulkRows Update(string table, string key, params string[] columns) => Open(new Rows(this, table, [key, .. columns], key));

        public async Task CommitAsync()
        {
            for (var i = 0; i < tables.Count; i++)
            {
                var rows = tables[i];
                if (rows.Held.Count == 0)
                {
                    continue;
                }

                if (rows.Key is null)
                {
                    await CopyAsync(rows.Table, rows.Columns, rows.Held);
                }
                else
                {
                    await UpdateAsync(rows, $"bulk_update_{i}");
                }
            }

            // An identity column hands out its next value without looking at the rows: after explicit ids it would
            // give one of them to the app's next insert.
            var identities = tables.Where(t => t.Key is null && t.Held.Count > 0 && t.Columns.Contains("Id")).Select(t => t.Table).Distinct()
                .Select(table => $"SELECT setval(pg_get_serial_sequence('{Quoted(table)}', 'Id'), (SELECT MAX(\"Id\") FROM {Quoted(table)}));")
                .ToList();
            if (identities.Count > 0)
            {
                await using var command = new NpgsqlCommand(string.Join("\n", identities), Connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var rows in tables)
            {
                if (rows.Returning is not null)
                {
                    await rows.Returning.DisposeAsync();
                }
            }

            await transaction.DisposeAsync();
        }

        private Rows Open(Rows rows)
        {
            tables.Add(rows);
            return rows;
        }

        private async Task CopyAsync(string table, string[] columns, IEnumerable<object?[]> rows)
        {
            var types = await writer.TypesAsync(table, columns, transaction, cancellationToken);
            await using var importer = await Connection.BeginBinaryImportAsync(
                $"COPY {Quoted(table)} ({string.Join(", ", columns.Select(Quoted))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                for (var i = 0; i < row.Length; i++)
                {
                    await WriteAsync(importer, row[i], types[i], cancellationToken);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        /// <summary>The last values given for each key, copied into a temporary table, then one UPDATE joined to it.</summary>
        private async Task UpdateAsync(Rows rows, string temporary)
        {
            var last = new Dictionary<object, object?[]>();
            foreach (var row in rows.Held)
            {
                last[row[0] ?? throw new ArgumentException($"A null key for {Quoted(rows.Table)}.")] = row;
            }

            var columns = string.Join(", ", rows.Columns.Select(Quoted));
            await using (var create = new NpgsqlCommand(
                $"CREATE TEMPORARY TABLE {Quoted(temporary)} ON COMMIT DROP AS SELECT {columns} FROM {Quoted(rows.Table)} WITH NO DATA", Connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await CopyAsync(temporary, rows.Columns, last.Values);
            var set = string.Join(", ", rows.Columns.Skip(1).Select(c => $"{Quoted(c)} = u.{Quoted(c)}"));
            await using var update = new NpgsqlCommand(
                $"UPDATE {Quoted(rows.Table)} AS t SET {set} FROM {Quoted(temporary)} AS u WHERE t.{Quoted(rows.Key!)} = u.{Quoted(rows.Key!)}", Connection, transaction);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        private sealed class Rows(Batch batch, string table, string[] columns, string? key) : IBulkRows
        {
            public string Table { get; } = table;

            public string[] Columns { get; } = columns;

            /// <summary>The key column of an update; null for inserts.</summary>
            public string? Key { get; } = key;

            public List<object?[]> Held { get; } = [];

            public NpgsqlCommand? Returning { get; private set; }

            public ValueTask AddAsync(params object?[] values)
            {
                Held.Add(Checked(values));
                return ValueTask.CompletedTask;
            }

            public async ValueTask<long> AddReturningIdAsync(params object?[] values)
            {
                Checked(values);
                if (Key is not null)
                {
                    throw new InvalidOperationException("An update returns no id.");
                }

                var types = await batch.Writer.TypesAsync(Table, Columns, batch.Transaction, batch.Cancellation);
                if (Returning is null)
                {
                    Returning = new NpgsqlCommand(
                        $"INSERT INTO {Quoted(Table)} ({string.Join(", ", Columns.Select(Quoted))}) "
                        + $"VALUES ({string.Join(", ", Columns.Select((_, i) => $"${i + 1}"))}) RETURNING \"Id\"", batch.Connection, batch.Transaction);
                    foreach (var type in types)
                    {
                        Returning.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type });
                    }

                    await Returning.PrepareAsync(batch.Cancellation);
                }

                for (var i = 0; i < values.Length; i++)
                {
                    Returning.Parameters[i].Value = values[i] is { } value ? Typed(value, types[i]) : DBNull.Value;
                }

                return Convert.ToInt64(await Returning.ExecuteScalarAsync(batch.Cancellation), CultureInfo.InvariantCulture);
            }

            private object?[] Checked(object?[] values) => values.Length == Columns.Length ? values
                : throw new ArgumentException($"{values.Length} values for the {Columns.Length} columns {string.Join(", ", Columns)} of {Quoted(Table)}.", nameof(values));
        }
    }
}
