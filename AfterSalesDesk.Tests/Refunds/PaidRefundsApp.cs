using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Features.Refunds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Refunds;

/// <summary>
/// A demo app with paid refunds of several stores, proposed, approved and paid through the services as people
/// and the worker would; then some payments are moved to the edges of the tests' periods (the first instant of a
/// period, the last tick before it, two at the same moment), and the dashboard's rollups are rebuilt.
/// </summary>
public sealed class PaidRefundsApp : IAsyncLifetime
{
    public const int Refunds = 10;

    public AppFactory App { get; } = new(settings: new Dictionary<string, string?> { ["Demo:Orders"] = "1200" });

    public DateOnly Today => DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);

    /// <summary>The first day of the week-long period the tests use: one refund paid at its first instant, one a tick before.</summary>
    public DateOnly WeekStart => Today.AddDays(-6);

    /// <summary>The refunds this fixture paid (the demo data has paid refunds of its own).</summary>
    public IReadOnlyList<long> Ids { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var agent = await App.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var supervisors = new[]
        {
            await App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor), await App.PrincipalAsync("supervisor2@demo.local", Roles.Supervisor),
        };
        var service = App.Get<RefundService>();
        var ids = new List<long>();
        foreach (var caseId in await App.CasesAwaitingRefundAsync(Refunds))
        {
            var proposed = await service.ProposeAsync(agent, caseId, await App.WholeFirstLineAsync(caseId));
            Assert.True(proposed.Result.Succeeded, proposed.Result.Error);
            var id = proposed.RefundId!.Value;
            // Above the agent's limit one supervisor approves, above the higher threshold a second one too.
            foreach (var supervisor in supervisors)
            {
                if (await StatusAsync(id) == RefundStatus.AwaitingApproval)
                {
                    var approved = await service.ApproveAsync(supervisor, id);
                    Assert.True(approved.Succeeded, approved.Error);
                }
            }

            ids.Add(id);
        }

        Ids = ids;
        await App.Get<RefundWorker>().ExecuteDueAsync();
        await using var db = App.CreateDbContext();
        Assert.Equal(Refunds, await db.Refunds.CountAsync(r => ids.Contains(r.Id) && r.Status == RefundStatus.Succeeded));
        Assert.True(await db.Refunds.Where(r => ids.Contains(r.Id)).Select(r => r.MerchantId).Distinct().CountAsync() > 1, "refunds of more than one store");

        // Paid on other days than today, as if the worker had run then.
        var start = new DateTimeOffset(WeekStart.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var middle = start.AddDays(3).AddHours(12);
        (long Id, DateTimeOffset At)[] moved = [(ids[0], start), (ids[1], start.AddTicks(-1)), (ids[2], middle), (ids[3], middle), (ids[4], start.AddDays(-20))];
        foreach (var (id, at) in moved)
        {
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("UPDATE \"Refunds\" SET \"ExecutedAt\" = {0} WHERE \"Id\" = {1}", at.UtcTicks, id));
        }

        await App.Services.GetRequiredService<DashboardRollups>().RebuildAllAsync();
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    private async Task<RefundStatus> StatusAsync(long refundId)
    {
        await using var db = App.CreateDbContext();
        return await db.Refunds.Where(r => r.Id == refundId).Select(r => r.Status).SingleAsync();
    }
}
