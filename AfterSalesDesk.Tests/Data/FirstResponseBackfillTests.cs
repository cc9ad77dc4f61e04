using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Data;

/// <summary>
/// Migration 0012 gives cases made before it the moment their first-response clock was met: exactly what the
/// case itself keeps from then on, so the dashboard's first-response link lists the same cases for old and new data.
/// </summary>
public class FirstResponseBackfillTests
{
    [Fact]
    public async Task Migration_OnCasesMadeBeforeIt_FillsWhatTheCaseItselfKeeps()
    {
        using var app = new AppFactory();
        await OpenUnansweredCaseAsync(app);
        await using var db = app.CreateDbContext();
        var kept = await db.Cases.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.FirstResponseAt);
        Assert.Contains(kept.Values, at => at is not null);
        Assert.Contains(kept.Values, at => at is null);

        // The database as migration 0011 left it, then migrated again.
        await db.Database.ExecuteSqlRawAsync("""
            DROP INDEX "IX_AfterSalesCases_FirstResponseAt";
            DROP INDEX "IX_Refunds_Status_ExecutedAt";
            DROP INDEX "IX_Refunds_MerchantId_ExecutedAt";
            CREATE INDEX "IX_Refunds_ExecutedAt" ON "Refunds" ("ExecutedAt") WHERE "ExecutedAt" IS NOT NULL;
            ALTER TABLE "AfterSalesCases" DROP COLUMN "FirstResponseAt";
            DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261130090000_DashboardClickThrough';
            """);
        await db.Database.MigrateAsync();

        await using var migrated = app.CreateDbContext();
        Assert.Equal(kept, await migrated.Cases.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.FirstResponseAt));
    }

    /// <summary>Every demo case has an agent's reply; this one is opened and left waiting.</summary>
    private static async Task OpenUnansweredCaseAsync(AppFactory app)
    {
        await using var db = app.CreateDbContext();
        var order = await db.Orders.Include(o => o.Lines)
            .Where(o => o.Status == OrderStatus.Delivered && !db.Cases.Any(c => c.OrderId == o.Id)).OrderBy(o => o.Id).FirstAsync();
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var opened = await app.Get<CaseService>().OpenAsync(agent, new OpenCaseInput
        {
            OrderId = order.Id, Kind = CaseKind.Repair, Reason = "Quality problem", Stage = ProblemStage.AfterDelivery,
            Lines = [new RequestedLine { OrderLineId = order.Lines[0].Id, Quantity = 1 }],
        });
        Assert.True(opened.Result.Succeeded, opened.Result.Error);
    }
}
