using System.Globalization;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Customers;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Providers.PostgreSql;
using AfterSalesDesk.Data.Seeding;
using AfterSalesDesk.Tests.Orders;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AfterSalesDesk.Tests.Seeding;

/// <summary>
/// The generators on PostgreSQL (decision 0020): the same seed writes the same rows as on SQLite, table by table and
/// value by value, so the benchmarks and the demo data mean the same on both; and the app's own inserts continue
/// after the generated ids.
/// </summary>
public sealed class GeneratorsOnPostgreSqlTests(GeneratorsOnPostgreSqlTests.Generated data) : IClassFixture<GeneratorsOnPostgreSqlTests.Generated>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);

    // The options of CaseOutcomeGeneratorTests, whose SQLite checksums are measured.
    private static readonly GeneratorOptions Orders = new() { Orders = 4_000, Seed = 7, NewMerchants = 6, End = Now, BatchSize = 900 };

    private static readonly CaseGeneratorOptions Cases = new()
    {
        Cases = 4_000, Seed = 7, Now = Now, Assignees = [("a1", "agent1"), ("a2", "agent2"), ("a3", "agent3")], BatchSize = 900,
    };

    /// <summary>Every table the generators write, and those their triggers write.</summary>
    private static readonly string[] GeneratedTables =
    [
        "Merchants", "Products", "Customers", "Orders", "OrderLines", "Payments", "Shipments",
        "AfterSalesCases", "CaseLines", "CaseEvents", "CaseDeadlines", "CaseCounts", "CaseChanges",
        "Refunds", "RefundLines", "RefundApprovals", "Complaints", "ComplaintEvents", "CaseRatings", "FollowUps",
    ];

    /// <summary>The tables given explicit ids, whose identities must have moved past them.</summary>
    private static readonly string[] ExplicitIdTables = ["Customers", "Orders", "OrderLines", "AfterSalesCases", "Refunds", "Complaints", "CaseRatings"];

    [Fact]
    public void Generate_OnPostgreSql_ReportsWhatItReportsOnSqlite()
    {
        Assert.Equal(data.SqliteOrders with { Elapsed = default }, data.PostgreSqlOrders with { Elapsed = default });
        Assert.Equal(data.SqliteCases with { Elapsed = default }, data.PostgreSqlCases with { Elapsed = default });
        Assert.True(data.PostgreSqlCases.Outcomes is { PaidRefunds: > 200, Complaints: > 50, Ratings: > 500, FollowUps: > 0 }, data.PostgreSqlCases.ToString());
    }

    [Fact]
    public async Task Generate_OnPostgreSql_WritesEveryTableRowForRowAsOnSqlite()
    {
        foreach (var table in GeneratedTables)
        {
            var columns = await data.PostgreSqlColumnsAsync(table);
            var select = $"SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table}\"";
            var onSqlite = await data.SqliteRowsAsync(select);
            var onPostgreSql = await data.PostgreSqlRowsAsync(select);

            Assert.True(onSqlite.Count > 0 || table == "CaseChanges", $"{table} is empty: the comparison would prove nothing.");
            Assert.Equal(onSqlite.Count, onPostgreSql.Count);
            var different = onSqlite.Zip(onPostgreSql).FirstOrDefault(pair => pair.First != pair.Second);
            Assert.True(different.First is null, $"{table} differs:\nSQLite:     {different.First}\nPostgreSQL: {different.Second}\n({string.Join(", ", columns)})");
        }
    }

    [Fact]
    public async Task Generate_OnPostgreSql_TheTriggersCountEveryCopiedCase_AndTheFeedIsEmpty()
    {
        // Row triggers fire for COPY: the counters are right without a rebuild; the load itself is no news for live pages.
        var counted = await data.PostgreSqlRowsAsync("""SELECT "MerchantId", "AssigneeId", "Status", "Count" FROM "CaseCounts" WHERE "Count" <> 0""");
        var grouped = await data.PostgreSqlRowsAsync("""
            SELECT "MerchantId", COALESCE("AssigneeId", ''), "Status", COUNT(*) FROM "AfterSalesCases" GROUP BY "MerchantId", COALESCE("AssigneeId", ''), "Status"
            """);

        Assert.True(grouped.Count > 20, $"{grouped.Count} buckets");
        Assert.Equal(grouped, counted);
        Assert.Equal(4_000, await data.PostgreSqlScalarAsync("""SELECT SUM("Count") FROM "CaseCounts" """));
        Assert.Equal(0, await data.PostgreSqlScalarAsync("""SELECT COUNT(*) FROM "CaseChanges" """));
    }

    [Fact]
    public async Task Generate_OnPostgreSql_GivesTheChecksumsMeasuredOnSqlite()
    {
        // CaseOutcomeGeneratorTests' SQLite checksums, written in PostgreSQL's SQL: the Guid's first character as SQLite's
        // upper-case text has it, booleans counted as 0 or 1.
        Assert.Equal(6317822521, await data.PostgreSqlScalarAsync("""
            SELECT SUM("Id" * 31 + "OrderId" * 7 + "MerchantId" * 5 + "CreatedAt" % 1000003 + "UpdatedAt" % 999983 + length("Status") * 3 + length("Kind")
                + length("Reason") * 11 + length("Priority") + COALESCE(length("AssigneeId"), 0) + COALESCE("SlaDueAt" % 1000033, 0)
                + COALESCE("FinishedAt" % 1000037, 0) + ascii(upper(left("Version"::text, 1)))) FROM "AfterSalesCases"
            """));
        Assert.Equal(8642938274, await data.PostgreSqlScalarAsync("""
            SELECT SUM("CaseId" * 13 + length("Kind") + length("State") * 7 + "StartedAt" % 1000003 + COALESCE("EndedAt" % 999983, 0)
                + COALESCE("BreachedAt" % 1000033, 0)) FROM "CaseDeadlines"
            """));
        Assert.Equal(39734616, await data.PostgreSqlScalarAsync("""SELECT SUM("CaseId" * 3 + "OrderLineId" * "Quantity") FROM "CaseLines" """));
        Assert.Equal(4_000_574, await data.PostgreSqlScalarAsync("""SELECT COUNT(*) * 1000 + SUM("IsOpen"::int) FROM "AfterSalesCases" """));
    }

    [Fact]
    public async Task Generate_OnPostgreSql_MovesEachIdentityPastTheGeneratedIds_SoTheAppsInsertsGetFreshOnes()
    {
        foreach (var table in ExplicitIdTables)
        {
            var highest = await data.PostgreSqlScalarAsync($"""SELECT MAX("Id") FROM "{table}" """);
            var identity = await data.PostgreSqlScalarAsync($"""
                SELECT COALESCE(s.last_value, 0) FROM pg_sequences s
                WHERE format('%I.%I', s.schemaname, s.sequencename) = pg_get_serial_sequence('"{table}"', 'Id')
                """);
            Assert.True(highest == identity, $"{table}: the highest id is {highest}, its identity is at {identity}.");
        }

        var lastCustomer = await data.PostgreSqlScalarAsync("""SELECT MAX("Id") FROM "Customers" """);
        var lastOrder = await data.PostgreSqlScalarAsync("""SELECT MAX("Id") FROM "Orders" """);
        var lastLine = await data.PostgreSqlScalarAsync("""SELECT MAX("Id") FROM "OrderLines" """);
        await using var db = data.CreatePostgreSqlContext();
        db.AuditAs(new AuditActor("u-1", "tester@test.local", "Admin", "127.0.0.1"), "test.insert", new FakeTimeProvider());
        // Rolled back, so that the other tests see only what the generators wrote.
        await using var transaction = await db.Database.BeginTransactionAsync();
        var customer = new Customer("C-AFTER", "After Generation", "13800000000", "Hangzhou", Now);
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        var order = new OrderBuilder().WithNumber("SO-AFTER-GENERATION").For(merchant: 1, customer: customer.Id, productId: 1).Build();
        db.Orders.Add(order);
        await db.SaveChangesAsync();

        Assert.Equal(lastCustomer + 1, customer.Id);
        Assert.Equal(lastOrder + 1, order.Id);
        Assert.Equal(lastLine + 1, order.Lines.Single().Id);
        await transaction.RollbackAsync();
    }

    /// <summary>4,000 orders and 4,000 cases with what follows them, once on SQLite and once on PostgreSQL, for the whole class.</summary>
    public sealed class Generated : IAsyncLifetime
    {
        private readonly TestDatabase sqlite = new();
        private string postgreSql = null!;

        public GeneratorReport SqliteOrders { get; private set; } = null!;

        public CaseGeneratorReport SqliteCases { get; private set; } = null!;

        public GeneratorReport PostgreSqlOrders { get; private set; } = null!;

        public CaseGeneratorReport PostgreSqlCases { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            postgreSql = await PostgresServer.Shared.CreateDatabaseAsync();
            await using (var db = CreatePostgreSqlContext())
            {
                await db.Database.MigrateAsync();
            }

            SqliteOrders = await OrderDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, sqlite.ConnectionString, Orders);
            SqliteCases = await CaseDataGenerator.GenerateAsync(DatabaseProvider.Sqlite, sqlite.ConnectionString, Cases);
            PostgreSqlOrders = await OrderDataGenerator.GenerateAsync(DatabaseProvider.PostgreSql, postgreSql, Orders);
            PostgreSqlCases = await CaseDataGenerator.GenerateAsync(DatabaseProvider.PostgreSql, postgreSql, Cases);
        }

        public async Task DisposeAsync()
        {
            sqlite.Dispose();
            if (postgreSql is not null)
            {
                await PostgresServer.Shared.DropDatabaseAsync(postgreSql);
            }
        }

        public PostgreSqlAppDbContext CreatePostgreSqlContext() =>
            new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql(postgreSql).Options);

        public async Task<List<string>> PostgreSqlColumnsAsync(string table)
        {
            await using var connection = new NpgsqlConnection(postgreSql);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table ORDER BY ordinal_position", connection);
            command.Parameters.AddWithValue("table", table);
            var columns = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }

            return columns;
        }

        public async Task<long> PostgreSqlScalarAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(postgreSql);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        public async Task<List<string>> SqliteRowsAsync(string select)
        {
            await using var connection = new SqliteConnection(sqlite.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = select;
            await using var reader = await command.ExecuteReaderAsync();
            return await RowsAsync(reader);
        }

        public async Task<List<string>> PostgreSqlRowsAsync(string select)
        {
            await using var connection = new NpgsqlConnection(postgreSql);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(select, connection);
            await using var reader = await command.ExecuteReaderAsync();
            return await RowsAsync(reader);
        }

        /// <summary>Each row as text, values as SQLite stores them (Guids in upper case, booleans as 0 or 1), in ordinal order: the rows as a set.</summary>
        private static async Task<List<string>> RowsAsync(System.Data.Common.DbDataReader reader)
        {
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var values = new string[reader.FieldCount];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.GetValue(i) switch
                    {
                        DBNull => "NULL",
                        string text => $"'{text}'",
                        Guid guid => $"'{guid.ToString().ToUpperInvariant()}'",
                        bool flag => flag ? "1" : "0",
                        short or int or long => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                        var other => throw new InvalidOperationException($"{reader.GetName(i)}: a {other.GetType().Name} the comparison does not expect."),
                    };
                }

                rows.Add(string.Join(" | ", values));
            }

            rows.Sort(StringComparer.Ordinal);
            return rows;
        }
    }
}
