using System.Text.Json;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Providers.PostgreSql;
using AfterSalesDesk.Data.Providers.Sqlite;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Features.Refunds;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AfterSalesDesk.Tests.Queues;

/// <summary>
/// The plans of the queries that were slow at 1,000,000 cases (docs/benchmarks.md, issue 16), asked of the database itself
/// after the services sent them: each reads a short range of an index, never the whole table, and PostgreSQL's at-risk
/// page reads only the rows it shows.
/// </summary>
public sealed class QueryPlanTests
{
    private const int Cases = 100_000;

    /// <summary>
    /// 100,000 cases over two years (with statistics, as the data generator leaves them) on top of the demo data. Before
    /// issue 16's indexes, a week of creation read every case of the week (45 ms at 1,000,000), kind and priority counted
    /// by walking a whole index, and every case page and refund proposal read all complaints and refunds.
    /// </summary>
    [Fact]
    public async Task Sqlite_FilteredQueuePagesAndACasesComplaintsAndRefunds_ReadARangeOfAnIndex()
    {
        var recorder = new CommandRecorder();
        using var app = new AppFactory(services: s => s.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(recorder)));
        var supervisor = await app.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var file = Path.Combine(app.DataDirectory, "aftersales.db");
        var demoCase = await FillSqliteAsync(file, app.Clock.GetUtcNow());
        var now = app.Clock.GetUtcNow();

        var shapes = new (string Name, Func<Task> Call, string Table, string Index)[]
        {
            ("created in one week", () => app.Get<CaseQueueService>().PageAsync(supervisor, new QueueQuery
            {
                CreatedFrom = DateOnly.FromDateTime(now.UtcDateTime.AddDays(-60)), CreatedTo = DateOnly.FromDateTime(now.UtcDateTime.AddDays(-53)),
            }), "AfterSalesCases", "IX_AfterSalesCases_CreatedAt_UpdatedAt"),
            ("kind and priority", () => app.Get<CaseQueueService>().PageAsync(supervisor, new QueueQuery { Kind = CaseKind.Exchange, Priority = CasePriority.High }),
                "AfterSalesCases", "IX_AfterSalesCases_Kind_Priority_UpdatedAt"),
            ("the case page's complaint", () => app.Get<CaseService>().GetAsync(supervisor, demoCase), "Complaints", "IX_Complaints_CaseId_Id"),
            ("the case's refunds", () => app.Get<RefundService>().ForCaseAsync(supervisor, demoCase), "Refunds", "IX_Refunds_CaseId_Id"),
        };
        foreach (var (name, call, table, index) in shapes)
        {
            recorder.Clear();
            await call();
            var queries = recorder.Commands.Where(c => c.Sql.Contains($"FROM \"{table}\"", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(queries);
            var plans = new List<string>();
            foreach (var query in queries)
            {
                var plan = await query.SqlitePlanAsync($"Data Source={file};Mode=ReadOnly");
                var shown = $"{name}: {query.Sql}\n{string.Join("\n", plan)}";
                plans.Add(shown);
                // A scan of a table is the failure; a scan of a subquery's rows (its co-routine) is how a bounded count ends.
                var subqueries = plan.Where(p => p.StartsWith("CO-ROUTINE ", StringComparison.Ordinal)).Select(p => "SCAN " + p["CO-ROUTINE ".Length..]).ToHashSet();
                Assert.False(plan.Any(p => p.StartsWith("SCAN", StringComparison.Ordinal) && !subqueries.Contains(p)), shown);
            }

            // Each shape's page (or lookup) reads the index made for it; a bounded count may take a narrower one.
            Assert.True(plans.Any(p => p.Contains("SEARCH", StringComparison.Ordinal) && p.Contains($"INDEX {index} (", StringComparison.Ordinal)), string.Join("\n\n", plans));
        }
    }

    /// <summary>
    /// The second page of the at-risk queue on PostgreSQL, over 200,000 cases of which 3 % have a running clock. It tested
    /// "has a due time" beside "attention time passed"; PostgreSQL multiplied the two selectivities as if unrelated (a case
    /// has both or neither), expected a handful of rows, and read and sorted every at-risk case (0.7 s at 1,000,000).
    /// </summary>
    [Fact]
    public async Task PostgreSql_AtRiskSecondPage_ReadsOnlyTheRowsItShows()
    {
        var recorder = new CommandRecorder();
        using var app = new AppFactory(provider: DatabaseProvider.PostgreSql, settings: new Dictionary<string, string?> { ["Demo:Enabled"] = "false" },
            services: s => s.ConfigureDbContext<PostgreSqlAppDbContext>(o => o.AddInterceptors(recorder)));
        _ = app.Services;
        var now = app.Clock.GetUtcNow();
        var atRisk = await FillPostgreSqlAsync(app.ConnectionString!, now);
        var supervisor = QueueBenchmark.Principal("plan-supervisor", Roles.Supervisor);
        var queues = app.Get<CaseQueueService>();

        var first = (await queues.PageAsync(supervisor, new QueueQuery { Queue = Queue.AtRisk, Sort = QueueSort.DueSoonest }))!;
        recorder.Clear();
        var second = (await queues.PageAsync(supervisor, new QueueQuery { Queue = Queue.AtRisk, Sort = QueueSort.DueSoonest, After = first.LastRow }))!;

        Assert.Equal(atRisk.Skip(first.Rows.Count).Take(second.Rows.Count), second.Rows.Select(r => r.Id));
        var page = Assert.Single(recorder.Commands, c => c.Sql.Contains("ORDER BY a.\"SlaDueAt\"", StringComparison.Ordinal));
        var (plan, rowsRead) = await PostgreSqlPlanAsync(app.ConnectionString!, page);
        Assert.True(rowsRead <= 10 * second.Rows.Count, $"read {rowsRead:N0} rows for a page of {second.Rows.Count} among {atRisk.Count:N0} at risk:\n{plan}");
    }

    /// <summary>Adds <see cref="Cases"/> cases (ids after the demo's), creation spread over two years, then ANALYZE; returns a demo case.</summary>
    private static async Task<long> FillSqliteAsync(string file, DateTimeOffset now)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var step = TimeSpan.FromDays(730).Ticks / Cases;
        command.CommandText = """SELECT min("Id") FROM "AfterSalesCases" """;
        var demoCase = (long)(await command.ExecuteScalarAsync())!;
        command.CommandText = $"""
            PRAGMA foreign_keys = OFF;
            BEGIN;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Cases})
            INSERT INTO "AfterSalesCases" ("Id", "CaseNo", "OrderId", "MerchantId", "CustomerId", "Kind", "Status", "Reason", "Stage", "Description",
                "CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy", "Version", "WasRefunded", "IsOpen", "Priority")
            SELECT 1000000 + i, 'PLAN' || i, 1, 1, 1,
                CASE i % 4 WHEN 0 THEN 'RefundOnly' WHEN 1 THEN 'ReturnAndRefund' WHEN 2 THEN 'Exchange' ELSE 'Repair' END, 'Closed',
                'Quality problem', 'AfterDelivery', '', {now.UtcTicks} - i * {step}, 'test', {now.UtcTicks} - i * {step} + (i % 20) * {TimeSpan.TicksPerDay},
                'test', printf('00000000-0000-0000-0000-%012d', i), 0, 0, CASE i % 3 WHEN 0 THEN 'Low' WHEN 1 THEN 'Normal' ELSE 'High' END
            FROM n;
            COMMIT;
            ANALYZE "AfterSalesCases";
            """;
        await command.ExecuteNonQueryAsync();
        return demoCase;
    }

    /// <summary>
    /// Adds 200,000 cases, 3 % of them with a running clock whose attention time has passed, due times spread over a day
    /// in no relation to the ids (as the data generator leaves them); returns those ids in the at-risk queue's order (due
    /// time, then id). Triggers and foreign keys are off for the load (the queue reads only the
    /// cases table), then ANALYZE.
    /// </summary>
    private static async Task<List<long>> FillPostgreSqlAsync(string connectionString, DateTimeOffset now)
    {
        const int count = 200_000;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SET session_replication_role = replica;
            INSERT INTO "AfterSalesCases" ("Id", "CaseNo", "OrderId", "MerchantId", "CustomerId", "Kind", "Status", "Reason", "Stage", "Description",
                "CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy", "Version", "WasRefunded", "IsOpen", "Priority", "SlaDueAt", "SlaAttentionAt")
            SELECT i, 'PLAN' || i, 1, 1, 1, 'RefundOnly', 'AwaitingMerchant', 'Quality problem', 'AfterDelivery', '',
                {now.UtcTicks} - i * 1000000::bigint, 'test', {now.UtcTicks} - i * 1000000::bigint, 'test', gen_random_uuid(), false, true, 'Normal',
                CASE WHEN i % 33 = 0 THEN {now.UtcTicks} - 86400 * 10000000::bigint + ((i::bigint * 7919) % 86399) * 10000000 END,
                CASE WHEN i % 33 = 0 THEN {now.UtcTicks} - 90000 * 10000000::bigint + ((i::bigint * 7919) % 86399) * 10000000 END
            FROM generate_series(1, {count}) AS i;
            SET session_replication_role = origin;
            ANALYZE "AfterSalesCases";
            SELECT "Id" FROM "AfterSalesCases" WHERE "SlaAttentionAt" IS NOT NULL ORDER BY "SlaDueAt", "Id";
            """;
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>The plan as run (EXPLAIN ANALYZE) and the most rows any of its nodes read or produced.</summary>
    private static async Task<(string Plan, double RowsRead)> PostgreSqlPlanAsync(string connectionString, RecordedCommand query)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN (ANALYZE, FORMAT JSON) " + query.Sql;
        foreach (var (name, value) in query.Parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }

        var json = (string)(await command.ExecuteScalarAsync())!;
        using var document = JsonDocument.Parse(json);
        return (json, MostRows(document.RootElement[0].GetProperty("Plan")));

        static double MostRows(JsonElement node)
        {
            var rows = node.GetProperty("Actual Rows").GetDouble() + (node.TryGetProperty("Rows Removed by Filter", out var removed) ? removed.GetDouble() : 0);
            if (node.TryGetProperty("Plans", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    rows = Math.Max(rows, MostRows(child));
                }
            }

            return rows;
        }
    }
}
