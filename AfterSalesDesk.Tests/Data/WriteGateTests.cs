using AfterSalesDesk.Data;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Data;

/// <summary>The in-process queue for write transactions hands the gate on when a transaction ends, however it ends: never a self-inflicted wait.</summary>
public sealed class WriteGateTests : IDisposable
{
    private readonly TestDatabase database = new();
    private readonly WriteGate gate = new();

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

    private AppDbContext Context() =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(database.ConnectionString).AddInterceptors(gate).Options);
}
