using System.Diagnostics;
using System.Globalization;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Integration;
using AfterSalesDesk.Data.Providers.Sqlite;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Data;

/// <summary>The in-process queue for write transactions hands the gate on when a transaction ends, however it ends: never a self-inflicted wait.</summary>
public sealed class WriteGateTests : IDisposable
{
    private readonly TestDatabase database = new();
    private readonly WriteGate gate = new(DatabaseBusyException.DefaultWait);

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task ACommittedTransaction_HandsTheGateOn_BeforeItsContextIsDisposed()
    {
        await using var first = Context();
        await using var transaction = await first.Database.BeginTransactionAsync();
        await first.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS T (Id INTEGER)");
        await transaction.CommitAsync();

        await using var second = Context();
        var begin = second.Database.BeginTransactionAsync();
        var finished = await Task.WhenAny(begin, Task.Delay(TimeSpan.FromSeconds(5)));

        Assert.Same(begin, finished);
        await (await begin).RollbackAsync();
    }

    [Fact]
    public async Task ATransactionDisposedWithoutCommit_HandsTheGateOnWhenItsConnectionCloses()
    {
        await using (var first = Context())
        {
            await first.Database.BeginTransactionAsync();
        }

        await using var second = Context();
        var begin = second.Database.BeginTransactionAsync();

        Assert.Same(begin, await Task.WhenAny(begin, Task.Delay(TimeSpan.FromSeconds(5))));
        await (await begin).RollbackAsync();
    }

    [Fact]
    public async Task AWriteThatWaitsLongerThanItsWait_GivesUpAsBusy_WithoutBeginning()
    {
        var shortGate = new WriteGate(TimeSpan.FromMilliseconds(300));
        await using var first = Context(shortGate);
        await using var holding = await first.Database.BeginTransactionAsync();
        await using var second = Context(shortGate);

        var busy = await Assert.ThrowsAsync<DatabaseBusyException>(() => second.Database.BeginTransactionAsync());

        Assert.Equal("The database stayed busy for 0.3 seconds; nothing was changed. Try again.", busy.Message);
        Assert.True(DatabaseBusyException.IsBusy(busy));
        Assert.Null(second.Database.CurrentTransaction);
        await holding.RollbackAsync();
        await (await second.Database.BeginTransactionAsync()).RollbackAsync();
    }

    [Fact]
    public async Task ASaveOfOneUnauditedRow_TakesItsTurnAtTheGate_InsteadOfPollingSQLitesLock()
    {
        // An Idempotency-Key claim is one row that is not audited, so EF would send it without a transaction of its
        // own, past the gate: it then polled SQLite's lock with growing sleeps while queued writers kept taking it.
        var shortGate = new WriteGate(TimeSpan.FromMilliseconds(300));
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T08:00:00Z", CultureInfo.InvariantCulture));
        await using (var seed = Context(shortGate))
        {
            seed.AuditAs(AuditActor.System, "test.seed", clock);
            seed.ApiClients.Add(ApiClient.Create("Storefront", ApiClientKind.Storefront, ApiScopes.AllowedFor(ApiClientKind.Storefront), null, "test", clock.GetUtcNow()).Client);
            await seed.SaveChangesAsync();
        }

        await using var first = Context(shortGate);
        await using var holding = await first.Database.BeginTransactionAsync();
        await using var second = Context(shortGate);
        var clientId = await second.ApiClients.Select(c => c.Id).SingleAsync();
        second.IdempotencyRecords.Add(new IdempotencyRecord(clientId, "key-1", "fingerprint", clock.GetUtcNow(), TimeSpan.FromMinutes(1)));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<DatabaseBusyException>(() => second.SaveChangesAsync());

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"It waited {watch.Elapsed} (SQLite's busy timeout), not the gate's 0.3 s.");
        await holding.RollbackAsync();
        Assert.Equal(1, await second.SaveChangesAsync());
    }

    [Fact]
    public async Task SQLitesOwnLockHeldByAnotherProcess_IsBusyToo_EvenWrappedByEF()
    {
        await using var other = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite(database.ConnectionString.Replace("Default Timeout=30", "Default Timeout=1", StringComparison.Ordinal)).Options);
        var failure = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("CREATE TABLE Busy (Id INTEGER)"));

        Assert.NotNull(failure);
        Assert.True(DatabaseBusyException.IsBusy(failure), failure.ToString());
        Assert.True(DatabaseBusyException.IsBusy(new DbUpdateException("save failed", failure)));
        Assert.False(DatabaseBusyException.IsBusy(new InvalidOperationException("something else")));
    }

    private AppDbContext Context(WriteGate? writeGate = null) =>
        new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(database.ConnectionString).AddInterceptors(writeGate ?? gate).Options);
}
