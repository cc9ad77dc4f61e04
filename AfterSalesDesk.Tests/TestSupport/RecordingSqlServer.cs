using System.Collections;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Providers.SqlServer;
using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using IsolationLevel = System.Data.IsolationLevel;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>
/// SQL Server contexts over a connection that reaches no server (none can run here): every command EF sends is
/// recorded, and each answers one row of harmless values (1, "1", false, an empty Guid; a new number for an id an insert
/// reads back, "CNY" for a currency column and "{}" for the audit's JSON, which the services parse), so that a service runs its reads through to the end.
/// What the rows say is meaningless; the recorded T-SQL is the point.
/// </summary>
internal sealed class RecordingSqlServer : IDbContextFactory<AppDbContext>
{
    private readonly List<string> commands = [];
    private long lastId = 1000;

    /// <summary>The texts of the commands sent so far, in order.</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (commands)
            {
                return commands.ToList();
            }
        }
    }

    public AppDbContext CreateDbContext() => CreateSqlServerContext();

    public SqlServerAppDbContext CreateSqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer(new Connection(this)).Options);

    public void Clear()
    {
        lock (commands)
        {
            commands.Clear();
        }
    }

    private void Record(string text)
    {
        lock (commands)
        {
            commands.Add(text);
        }
    }

    private sealed class Connection(RecordingSqlServer recorder) : DbConnection
    {
        private ConnectionState state = ConnectionState.Closed;

        [AllowNull]
        public override string ConnectionString { get; set; } = "Server=nowhere;Database=AfterSales";

        public override string Database => "AfterSales";

        public override string DataSource => "nowhere";

        public override string ServerVersion => "16.00.1000";

        public override ConnectionState State => state;

        public override void ChangeDatabase(string databaseName)
        {
        }

        public override void Open() => state = ConnectionState.Open;

        public override void Close() => state = ConnectionState.Closed;

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new Transaction(this, isolationLevel);

        protected override DbCommand CreateDbCommand() => new Command(recorder) { Connection = this };
    }

    private sealed class Transaction(DbConnection connection, IsolationLevel isolationLevel) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => isolationLevel;

        protected override DbConnection DbConnection => connection;

        public override void Commit()
        {
        }

        public override void Rollback()
        {
        }
    }

    private sealed class Command(RecordingSqlServer recorder) : DbCommand
    {
        // SqlClient's own parameters, since EF's SQL Server type mappings set SqlParameter properties.
        private readonly SqlCommand parameters = new();

        [AllowNull]
        public override string CommandText { get; set; } = "";

        public override int CommandTimeout { get; set; } = 30;

        public override CommandType CommandType { get; set; } = CommandType.Text;

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection { get; set; }

        protected override DbParameterCollection DbParameterCollection => parameters.Parameters;

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel()
        {
        }

        public override int ExecuteNonQuery()
        {
            recorder.Record(CommandText);
            return 1;
        }

        public override object ExecuteScalar()
        {
            recorder.Record(CommandText);
            return 1;
        }

        public override void Prepare()
        {
        }

        protected override DbParameter CreateDbParameter() => new SqlParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            recorder.Record(CommandText);
            var inserts = CommandText.Contains("INSERT INTO", StringComparison.Ordinal) || CommandText.Contains("MERGE ", StringComparison.Ordinal);
            return new OneRowReader(ResultColumns(CommandText), inserts ? recorder : null);
        }

        /// <summary>The column names of each result the command returns, in order, from its SELECT lists.</summary>
        private static List<List<string>> ResultColumns(string sql)
        {
            var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out _);
            return fragment is not TSqlScript script
                ? []
                : script.Batches.SelectMany(b => b.Statements).Select(s => s switch
                {
                    SelectStatement select => Names(select.QueryExpression),
                    InsertStatement { InsertSpecification.OutputClause: { } output } => Output(output),
                    UpdateStatement { UpdateSpecification.OutputClause: { } output } => Output(output),
                    MergeStatement { MergeSpecification.OutputClause: { } output } => Output(output),
                    _ => null,
                }).OfType<List<string>>().ToList();

            static List<string> Output(OutputClause output) => Columns(output.SelectColumns);

            static List<string> Columns(IList<SelectElement> elements) => elements.Select(e => e switch
            {
                SelectScalarExpression { ColumnName: { } alias } => alias.Value,
                SelectScalarExpression { Expression: ColumnReferenceExpression column } => column.MultiPartIdentifier.Identifiers[^1].Value,
                _ => "",
            }).ToList();

            static List<string> Names(QueryExpression? query) => query switch
            {
                QuerySpecification spec => Columns(spec.SelectElements),
                BinaryQueryExpression union => Names(union.FirstQueryExpression),
                QueryParenthesisExpression inner => Names(inner.QueryExpression),
                _ => [],
            };
        }
    }

    /// <summary>One row per result, every column a harmless value of whatever type EF asks for.</summary>
    /// <param name="newIds">Where the ids that an insert reads back come from; null for any other command, whose ids are all 1.</param>
    private sealed class OneRowReader(List<List<string>> columns, RecordingSqlServer? newIds) : DbDataReader
    {
        private const int MaxResults = 64;
        private int results = 1;
        private bool onRow;
        private bool read;

        public override int Depth => 0;

        public override int FieldCount => 256;

        public override bool HasRows => true;

        public override bool IsClosed => false;

        public override int RecordsAffected => 1;

        public override object this[int ordinal] => GetValue(ordinal);

        public override object this[string name] => GetValue(0);

        public override bool Read()
        {
            onRow = !read;
            read = true;
            return onRow;
        }

        public override bool NextResult()
        {
            read = false;
            return ++results <= MaxResults;
        }

        public override T GetFieldValue<T>(int ordinal) =>
            typeof(T) == typeof(string) ? (T)(object)GetString(ordinal)
            : typeof(T) == typeof(long) ? (T)(object)GetInt64(ordinal)
            : typeof(T) == typeof(int) ? (T)(object)GetInt32(ordinal)
            : (T)ValueOf(typeof(T));

        public override bool GetBoolean(int ordinal) => false;

        public override byte GetByte(int ordinal) => 1;

        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => 0;

        public override char GetChar(int ordinal) => '1';

        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => 0;

        public override string GetDataTypeName(int ordinal) => "sql_variant";

        public override DateTime GetDateTime(int ordinal) => DateTime.UnixEpoch;

        public override decimal GetDecimal(int ordinal) => 1m;

        public override double GetDouble(int ordinal) => 1d;

        public override IEnumerator GetEnumerator() => Array.Empty<object>().GetEnumerator();

        public override Type GetFieldType(int ordinal) => typeof(object);

        public override float GetFloat(int ordinal) => 1f;

        public override Guid GetGuid(int ordinal) => Guid.Empty;

        public override short GetInt16(int ordinal) => 1;

        public override int GetInt32(int ordinal) => (int)GetInt64(ordinal);

        /// <summary>An inserted row gets a new id, so that it never shares one with a row read; everything else is 1.</summary>
        public override long GetInt64(int ordinal) => newIds is not null && Name(ordinal) == "Id" ? Interlocked.Increment(ref newIds.lastId) : 1;

        public override string GetName(int ordinal) => $"c{ordinal}";

        public override int GetOrdinal(string name) => 0;

        public override string GetString(int ordinal) =>
            Name(ordinal) switch
            {
                "Changes" => "{}",
                { } name when name.EndsWith("Currency", StringComparison.Ordinal) => "CNY",
                _ => "1",
            };

        public override object GetValue(int ordinal) => 1;

        public override int GetValues(object[] values)
        {
            Array.Fill(values, 1);
            return values.Length;
        }

        public override bool IsDBNull(int ordinal) => false;

        private string? Name(int ordinal) => columns.ElementAtOrDefault(results - 1)?.ElementAtOrDefault(ordinal);

        private static object ValueOf(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            return type switch
            {
                _ when type == typeof(bool) => false,
                _ when type == typeof(Guid) => Guid.Empty,
                _ when type == typeof(byte[]) => Array.Empty<byte>(),
                _ when type == typeof(DateTime) => DateTime.UnixEpoch,
                _ when type == typeof(DateTimeOffset) => DateTimeOffset.UnixEpoch,
                _ when type == typeof(TimeSpan) => TimeSpan.Zero,
                _ when type.IsEnum => Enum.ToObject(type, 0),
                _ => Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture),
            };
        }
    }
}
