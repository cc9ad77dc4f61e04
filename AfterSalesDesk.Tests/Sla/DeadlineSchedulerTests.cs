using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Queues;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Sla;

/// <summary>
/// The scheduler over a real database: outcomes applied when clocks run out, audited, and exactly once,
/// also with two app instances racing on one database and across a restart. Written once, run on SQLite
/// (<see cref="DeadlineSchedulerTests"/>) and on PostgreSQL (<see cref="DeadlineSchedulerOnPostgreSqlTests"/>).
/// </summary>
public abstract class DeadlineSchedulerTestsBase : IDisposable
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Demo:Orders"] = "1200" };
    private readonly TempDirectory data = new();
    private readonly DatabaseProvider provider;
    private readonly string? serverDatabase;
    private readonly AppFactory app;

    protected DeadlineSchedulerTestsBase(DatabaseProvider provider)
    {
        this.provider = provider;
        // The class owns a server database, not its first app: a test stops that app and starts another on the same data.
        serverDatabase = provider == DatabaseProvider.PostgreSql ? PostgresServer.Shared.CreateDatabaseAsync().GetAwaiter().GetResult() : null;
        app = AnotherInstance();
    }

    public void Dispose()
    {
        app.Dispose();
        data.Dispose();
        if (serverDatabase is not null)
        {
            PostgresServer.Shared.DropDatabaseAsync(serverDatabase).GetAwaiter().GetResult();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>An instance of the app on the class's database (its file, or its server database).</summary>
    private AppFactory AnotherInstance() => new(data.Path, settings: Settings, provider: provider, connectionString: serverDatabase);

    [Fact]
    public async Task MerchantSilence_NothingHappensBeforeFortyEightHours_ThenTheRequestIsAgreedAndAudited()
    {
        var caseId = await OpenAwaitingMerchantAsync(CaseKind.RefundOnly);
        app.Clock.Advance(TimeSpan.FromHours(47).Add(TimeSpan.FromMinutes(59)));

        await app.Get<DeadlineScheduler>().FireDueAsync();
        Assert.Equal(CaseStatus.AwaitingMerchant, await StatusAsync(caseId));

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.Get<DeadlineScheduler>().FireDueAsync();

        Assert.Equal(CaseStatus.AwaitingRefund, await StatusAsync(caseId));
        await using var db = app.CreateDbContext();
        var caseNo = await db.Cases.Where(c => c.Id == caseId).Select(c => c.CaseNo).SingleAsync();
        var audited = await db.AuditEntries.Where(e => e.Action == DeadlineScheduler.AuditAction && e.EntityType == "AfterSalesCase" && e.EntityId == caseId.ToString())
            .ToListAsync();
        var entry = Assert.Single(audited, e => e.Detail!.Contains("MerchantResponse"));
        Assert.Equal("system", entry.UserName);
        Assert.Contains($"{caseNo}: MerchantResponse deadline passed", entry.Detail);
        Assert.True((await AuditChain.VerifyAsync(db)).IsIntact);
    }

    [Fact]
    public async Task BuyerWhoNeverShipsTheReturn_HasTheCaseClosedAfterSevenDays()
    {
        var caseId = await OpenAwaitingMerchantAsync(CaseKind.ReturnAndRefund);
        var merchant = await app.PrincipalAsync(await MerchantOfAsync(caseId), Roles.Merchant);
        Assert.True((await app.Get<CaseService>().ActAsync(merchant, caseId, CaseAction.MerchantAgree, null, await VersionAsync(caseId))).Succeeded);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        Assert.True((await app.Get<CaseService>().ActAsync(agent, caseId, CaseAction.RequestReturn, null, await VersionAsync(caseId))).Succeeded);

        app.Clock.Advance(TimeSpan.FromDays(7).Add(TimeSpan.FromMinutes(1)));
        await app.Get<DeadlineScheduler>().FireDueAsync();

        Assert.Equal(CaseStatus.Closed, await StatusAsync(caseId));
        await using var db = app.CreateDbContext();
        Assert.False(await db.CaseDeadlines.AnyAsync(d => d.CaseId == caseId && (d.State == DeadlineState.Running || d.State == DeadlineState.Paused)));
    }

    [Fact]
    public async Task TwoInstancesOnOneDatabase_RacingOverEveryDueClock_FireEachExactlyOnce()
    {
        _ = app.Server;
        using var second = AnotherInstance();
        _ = second.Server;
        var later = TimeSpan.FromDays(9);
        app.Clock.Advance(later);
        second.Clock.Set(app.Clock.GetUtcNow());
        var now = app.Clock.GetUtcNow();
        List<long> due;
        await using (var db = app.CreateDbContext())
        {
            due = await db.CaseDeadlines.Where(d => d.FireAt != null && d.FireAt <= now).Select(d => d.Id).ToListAsync();
        }

        Assert.True(due.Count > 40, $"enough due clocks to race over ({due.Count})");

        var results = await Task.WhenAll(
            Task.Run(() => app.Get<DeadlineScheduler>().FireDueAsync()),
            Task.Run(() => second.Get<DeadlineScheduler>().FireDueAsync()));

        await using var check = app.CreateDbContext();
        Assert.False(await check.CaseDeadlines.AnyAsync(d => d.FireAt != null && d.FireAt <= now), "no clock left due");
        var firings = await check.AuditEntries.Where(e => e.Action == DeadlineScheduler.AuditAction && e.EntityType == "CaseDeadline" && e.Changes!.Contains("BreachedAt"))
            .Select(e => e.EntityId).ToListAsync();
        Assert.Equal(firings.Count, firings.Distinct().Count());
        Assert.Equal(results.Sum(), firings.Count);
        var systemMoves = await check.Set<CaseEvent>().Where(e => e.ActorName == "system" && e.Action != null)
            .GroupBy(e => new { e.CaseId, e.Action }).Select(g => g.Count()).ToListAsync();
        Assert.All(systemMoves, count => Assert.Equal(1, count));
        Assert.True((await AuditChain.VerifyAsync(check)).IsIntact);
    }

    [Fact]
    public async Task AfterARestart_AFiredClockDoesNotFireAgain()
    {
        var caseId = await OpenAwaitingMerchantAsync(CaseKind.RefundOnly);
        app.Clock.Advance(TimeSpan.FromHours(49));
        Assert.True(await app.Get<DeadlineScheduler>().FireDueAsync() > 0);
        var at = app.Clock.GetUtcNow();
        int eventsBefore;
        await using (var db = app.CreateDbContext())
        {
            eventsBefore = await db.Set<CaseEvent>().CountAsync(e => e.CaseId == caseId);
        }

        app.Dispose();
        using var restarted = AnotherInstance();
        restarted.Clock.Set(at.AddMinutes(5));
        var firedAgain = await restarted.Get<DeadlineScheduler>().FireDueAsync();

        await using var after = restarted.CreateDbContext();
        Assert.Equal(eventsBefore, await after.Set<CaseEvent>().CountAsync(e => e.CaseId == caseId));
        Assert.Equal(CaseStatus.AwaitingRefund, await after.Cases.Where(c => c.Id == caseId).Select(c => c.Status).SingleAsync());
        Assert.Equal(0, firedAgain);
    }

    [Fact]
    public async Task TheBackgroundService_FiresWithinMinutePrecision_WhenEnabled()
    {
        using var live = new AppFactory(provider: provider, settings: new Dictionary<string, string?>
        {
            ["Scheduler:Enabled"] = "true",
            ["Sla:SchedulerIntervalSeconds"] = "1",
            ["Demo:Orders"] = "1200",
        });
        _ = live.Server;
        await using var db = live.CreateDbContext();
        var due = await db.CaseDeadlines.Where(d => d.FireAt != null).OrderBy(d => d.FireAt).Select(d => new { d.Id, d.FireAt }).FirstAsync();
        live.Clock.Set(due.FireAt!.Value.AddSeconds(1));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && await db.CaseDeadlines.AsNoTracking().AnyAsync(d => d.Id == due.Id && d.FireAt != null))
        {
            await Task.Delay(100);
        }

        Assert.False(await db.CaseDeadlines.AsNoTracking().AnyAsync(d => d.Id == due.Id && d.FireAt != null), "the running app fired the due clock by itself");
    }

    private async Task<long> OpenAwaitingMerchantAsync(CaseKind kind)
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        long orderId;
        long lineId;
        await using (var db = app.CreateDbContext())
        {
            var since = app.Clock.GetUtcNow().AddDays(-6);
            var order = await db.Orders.Include(o => o.Lines)
                .Where(o => o.Status == OrderStatus.Delivered && o.DeliveredAt >= since && !db.Cases.Any(c => c.OrderId == o.Id))
                .FirstAsync();
            (orderId, lineId) = (order.Id, order.Lines[0].Id);
        }

        var service = app.Get<CaseService>();
        var opened = await service.OpenAsync(agent, new OpenCaseInput
        {
            OrderId = orderId,
            Kind = kind,
            Reason = "Quality problem",
            Stage = ProblemStage.AfterDelivery,
            Lines = [new RequestedLine { OrderLineId = lineId, Quantity = 1 }],
        });
        Assert.True(opened.Result.Succeeded, opened.Result.Error);
        var caseId = opened.CaseId!.Value;
        Assert.True((await service.ActAsync(agent, caseId, CaseAction.RequestMerchantResponse, null, await VersionAsync(caseId))).Succeeded);
        return caseId;
    }

    private async Task<Guid> VersionAsync(long caseId)
    {
        await using var db = app.CreateDbContext();
        return await db.Cases.Where(c => c.Id == caseId).Select(c => c.Version).SingleAsync();
    }

    private async Task<CaseStatus> StatusAsync(long caseId)
    {
        await using var db = app.CreateDbContext();
        return await db.Cases.Where(c => c.Id == caseId).Select(c => c.Status).SingleAsync();
    }

    private async Task<string> MerchantOfAsync(long caseId)
    {
        await using var db = app.CreateDbContext();
        var merchantId = await db.Cases.Where(c => c.Id == caseId).Select(c => c.MerchantId).SingleAsync();
        return await db.Users.Where(u => u.MerchantId == merchantId).Select(u => u.Email!).FirstAsync();
    }
}

/// <summary>The scheduler tests on SQLite, the embedded default.</summary>
public sealed class DeadlineSchedulerTests() : DeadlineSchedulerTestsBase(DatabaseProvider.Sqlite);

/// <summary>The scheduler tests on the tests' PostgreSQL server: two instances share one server database.</summary>
public sealed class DeadlineSchedulerOnPostgreSqlTests() : DeadlineSchedulerTestsBase(DatabaseProvider.PostgreSql);
