using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Providers.Sqlite;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Data;

/// <summary>
/// A SQLite database of the version before dotnet-ef (schema by the hand-written migrations 0001–0014, demo data, an
/// audit chain) upgrades in place when this version starts on it: nothing lost, the chain intact, new writes working.
/// </summary>
public sealed class SqliteUpgradeTests : IDisposable
{
    /// <summary>The last migration the previous version had; everything after it is new in this one.</summary>
    private const string LastHandWrittenMigration = "20261202060000_UserSessions";

    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task NewVersion_StartingOnTheDatabaseOfThePreviousOne_KeepsEveryRowAndTheChainAndWritesOn()
    {
        var file = Path.Combine(data.Path, "aftersales.db");
        await BuildPreviousVersionsDatabaseAsync(file);
        var before = await CountEveryTableAsync(file);
        var applied = await AppliedMigrationsAsync(file);
        Assert.Equal(LastHandWrittenMigration, applied[^1]);
        Assert.Equal(14, applied.Count);
        Assert.True(before["Orders"] > 0 && before["AfterSalesCases"] > 0 && before["AuditEntries"] > 0 && before["AspNetUsers"] > 0);

        using (var app = new AppFactory(data.Path))
        {
            using var client = app.CreateBrowserLikeClient();
            await client.LoginAsync("agent1@demo.local");
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/queues?q=All")).StatusCode);

            await using var scope = app.Services.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var verification = await AuditChain.VerifyAsync(db);
            Assert.True(verification.IsIntact, verification.Message);
            Assert.True(verification.VerifiedEntries > before["AuditEntries"], "the login of the new version was audited on the old chain");
        }

        var after = await CountEveryTableAsync(file);
        Assert.All(before, table => Assert.True(after[table.Key] >= table.Value, $"{table.Key}: {table.Value} rows before the upgrade, {after[table.Key]} after"));
        Assert.Equal(before["Orders"], after["Orders"]);
        Assert.Equal(before["AfterSalesCases"], after["AfterSalesCases"]);
        Assert.Equal(before["Refunds"], after["Refunds"]);
        // The indexes this version adds got statistics at the upgrade, like the indexes beside them (SqliteStatistics).
        await using (var connection = await OpenAsync(file))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(DISTINCT idx) FROM sqlite_stat1 WHERE idx IN ('IX_AfterSalesCases_Kind_Priority_UpdatedAt', "
                + "'IX_AfterSalesCases_CreatedAt_UpdatedAt', 'IX_Refunds_CaseId_Id', 'IX_Complaints_CaseId_Id')";
            Assert.Equal(4L, (long)(await command.ExecuteScalarAsync())!);
        }

        var appliedAfter = await AppliedMigrationsAsync(file);
        Assert.Equal(applied, appliedAfter.Take(applied.Count));
        Assert.Equal(["SnapshotBaseline", "QueueAndCaseIndexes"], appliedAfter.Skip(applied.Count).Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]).Take(2));
    }

    /// <summary>
    /// What the previous version leaves: its migrations (0001–0014, unchanged in this version, so applied here by id),
    /// then its start-up with demo data, with the migrations this version adds after them rolled back.
    /// </summary>
    private async Task BuildPreviousVersionsDatabaseAsync(string file)
    {
        await using (var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file}").Options))
        {
            await db.GetService<IMigrator>().MigrateAsync(LastHandWrittenMigration);
        }

        using (var app = new AppFactory(data.Path))
        {
            using var client = app.CreateBrowserLikeClient();
            await client.LoginAsync("supervisor1@demo.local");
        }

        // The start-up above applied this version's migrations after 0014 too: take them back (their Down), which leaves
        // the schema and the history the previous version had.
        await using (var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file}").Options))
        {
            await db.GetService<IMigrator>().MigrateAsync(LastHandWrittenMigration);
        }

        // With planner statistics, as the data generator leaves a database.
        await ExecuteAsync(file, "ANALYZE");
    }

    private static async Task<Dictionary<string, long>> CountEveryTableAsync(string file)
    {
        await using var connection = await OpenAsync(file);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        return counts;
    }

    private static async Task<List<string>> AppliedMigrationsAsync(string file)
    {
        await using var connection = await OpenAsync(file);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY "MigrationId" """;
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = await OpenAsync(file);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<SqliteConnection> OpenAsync(string file)
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
