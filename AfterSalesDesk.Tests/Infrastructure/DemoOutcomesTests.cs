using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Dashboard;
using AfterSalesDesk.Web.Features.Refunds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Infrastructure;

/// <summary>
/// A fresh demo pays its refunded cases the way the app pays refunds, so that the refund figures, the orders'
/// balances and the gateway's ledger agree, and it has complaints in each stage, so that a fresh dashboard is
/// not all zeros.
/// </summary>
public class DemoOutcomesTests
{
    [Fact]
    public async Task FreshDemo_PaysEveryRefundedCaseThroughTheGateway_AndEverythingAgrees()
    {
        using var app = new AppFactory(settings: new Dictionary<string, string?> { ["Demo:Orders"] = "1200" });
        await using var db = app.CreateDbContext();

        var refunded = await db.Cases.AsNoTracking().Where(c => c.WasRefunded).Select(c => new { c.Id, c.Status }).ToListAsync();
        Assert.True(refunded.Count >= 4, $"refunded demo cases of several kinds and states: {refunded.Count}");
        Assert.Contains(refunded, c => c.Status == CaseStatus.Refunded);
        var refunds = await db.Refunds.AsNoTracking().ToListAsync();
        Assert.All(refunds, r => Assert.Equal(RefundStatus.Succeeded, r.Status));
        Assert.Equal(refunded.Select(c => c.Id).Order(), refunds.Select(r => r.CaseId).Order());

        // The gateway paid each once, under its key, the amount of the refund, for its order.
        var gateway = app.Get<SimulatedPaymentGateway>();
        var ledger = await gateway.ListAsync();
        Assert.Equal(
            refunds.Select(r => (r.IdempotencyKey, r.GatewayReference, r.AmountMinor)).Order(),
            ledger.Select(p => (p.IdempotencyKey, (string?)p.GatewayReference, p.AmountMinor)).Order());
        var orderIds = refunds.Select(r => r.OrderId).ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id);
        foreach (var refund in refunds)
        {
            var order = orders[refund.OrderId];
            Assert.Equal(refund.IdempotencyKey, Assert.Single(await gateway.ListAsync(order.OrderNo)).IdempotencyKey);
            Assert.Equal(refund.AmountMinor, order.RefundCommittedMinor);
        }


        // The complaints: one just opened, one waiting for merchant1's store, one decided with its penalty points.
        var complaints = await db.Complaints.AsNoTracking().ToListAsync();
        Assert.Contains(complaints, c => c.Status == ComplaintStatus.Open);
        var merchant1 = await db.Users.Where(u => u.Email == "merchant1@demo.local").Select(u => u.MerchantId).SingleAsync();
        Assert.Contains(complaints, c => c.Status == ComplaintStatus.AwaitingMerchantEvidence && c.MerchantId == merchant1 && c.EvidenceDueAt > app.Clock.GetUtcNow());
        Assert.Contains(complaints, c => c.Status == ComplaintStatus.Decided && c.Outcome == ArbitrationOutcome.ForBuyer && c.PenaltyPoints > 0);

        // And the dashboard counts them: the figures a manager sees on a fresh demo are not zero.
        await app.Get<DashboardRollups>().RebuildAllAsync();
        var manager = await app.PrincipalAsync("manager@demo.local", Roles.Manager);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var figures = (await app.Get<DashboardService>().LoadAsync(manager, new DashboardQuery(today.AddDays(-6), today)))!;
        Assert.Equal(refunds.Count, figures.Totals.Refunds);
        Assert.Equal(refunds.Sum(r => r.AmountMinor), figures.Totals.RefundMinor);
        Assert.Equal(complaints.Count, figures.Totals.Complaints);
    }
}
