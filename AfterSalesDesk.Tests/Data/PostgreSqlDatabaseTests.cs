using System.Diagnostics;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Merchants;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Providers.PostgreSql;
using AfterSalesDesk.Data.Providers.Sqlite;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AfterSalesDesk.Tests.Data;

/// <summary>
/// The model on a real PostgreSQL server: its generated migrations build the schema with the provider's own
/// triggers, the audit trail refuses changes, and the write lock keeps writers of separate processes in line.
/// </summary>
public sealed class PostgreSqlDatabaseTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new();

    public async Task InitializeAsync()
    {
        await using var db = Context();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Migrations_OnEveryProvider_CarryEveryChangeOfTheModel()
    {
        await using var sqlite = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);
        await using var postgreSql = Context();

        Assert.False(sqlite.Database.HasPendingModelChanges(), "The model changed on SQLite without a migration: dotnet dotnet-ef migrations add … (README).");
        Assert.False(postgreSql.Database.HasPendingModelChanges(), "The model changed on PostgreSQL without a migration: dotnet dotnet-ef migrations add … (README).");
        Assert.Empty(await postgreSql.Database.GetPendingMigrationsAsync());
        Assert.Contains(await postgreSql.Database.GetAppliedMigrationsAsync(), id => id.EndsWith("_InitialCreate", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""UPDATE "AuditEntries" SET "Detail" = 'nothing happened' WHERE "Sequence" = 2""")]
    [InlineData("""DELETE FROM "AuditEntries" WHERE "Sequence" = 2""")]
    [InlineData("""TRUNCATE "AuditEntries" """)]
    public async Task AuditEntries_WhenRawSqlTriesToChangeThem_AreRefusedAndTheChainStaysIntact(string sql)
    {
        for (var i = 1; i <= 3; i++)
        {
            await using var db = Context(new AuditActor("u-1", "tester@test.local", Roles.Admin, "127.0.0.1"), "test.note");
            db.RecordAudit("Test", i.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditOutcome.Succeeded, $"entry {i}");
            await db.SaveChangesAsync();
        }

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        });

        Assert.Equal(DbFailureKind.AppendOnly, DbFailure.Of(error)?.Kind);
        Assert.Contains("append-only", error.MessageText);
        await using var check = Context();
        var verification = await AuditChain.VerifyAsync(check);
        Assert.True(verification.IsIntact, verification.Message);
    }

    [Fact]
    public async Task Chain_WhenFiftyWritersOfSeparateInstancesAppendAtOnce_StaysLinearAndUnbroken()
    {
        // Each writer has its own context and its own lock interceptor, as writers in separate app instances would:
        // only the database's advisory lock keeps them in line (the in-process write gate is not here).
        const int writers = 50;
        var before = await CountAsync("""SELECT COUNT(*) FROM "AuditEntries" """);
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(1, writers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            await using var db = Context(new AuditActor($"u{i}", $"writer{i}@test.local", Roles.Agent, "127.0.0.1"), "merchant.create");
            db.Merchants.Add(new Merchant($"P{i:D3}", $"Writer {i}", clock.GetUtcNow()));
            db.RecordAudit("Merchant", null, AuditOutcome.Succeeded, $"writer {i} says hello");
            await db.SaveChangesAsync();
        })).ToList();
        start.Set();
        await Task.WhenAll(tasks);

        await using var check = Context();
        var verification = await AuditChain.VerifyAsync(check);
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(before + 2 * writers, verification.VerifiedEntries);
        Assert.Equal(before + 2 * writers, await CountAsync("""SELECT MAX("Sequence") FROM "AuditEntries" """));
    }

    [Fact]
    public async Task Save_WhileAnotherInstanceHoldsTheWriteLock_WaitsThenSaysBusyAndWritesNothing()
    {
        await using var holder = new NpgsqlConnection(postgres.ConnectionString);
        await holder.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgreSqlWriteLock.LockKey})", holder, held))
        {
            await take.ExecuteNonQueryAsync();
        }

        var before = await CountAsync("""SELECT COUNT(*) FROM "Merchants" """);
        await using var db = Context(new AuditActor("u-1", "tester@test.local", Roles.Admin, "127.0.0.1"), "merchant.create", TimeSpan.FromMilliseconds(500));
        db.Merchants.Add(new Merchant("BUSY", "Waits", clock.GetUtcNow()));
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync());

        Assert.True(DatabaseBusyException.IsBusy(error), error.ToString());
        Assert.InRange(watch.ElapsedMilliseconds, 400, 20_000);
        await held.RollbackAsync();
        Assert.Equal(before, await CountAsync("""SELECT COUNT(*) FROM "Merchants" """));
    }

    private PostgreSqlAppDbContext Context(TimeSpan? lockWait = null) =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>()
            .UseNpgsql(postgres.ConnectionString)
            .AddInterceptors(new PostgreSqlWriteLock(lockWait ?? TimeSpan.FromSeconds(30)))
            .Options);

    private AppDbContext Context(AuditActor actor, string action, TimeSpan? lockWait = null) => Context(lockWait).AuditAs(actor, action, clock);

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }
}
