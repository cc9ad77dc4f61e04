using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Refunds;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Refunds;

/// <summary>Cases awaiting a refund in a demo app, reached through the app's own services as people would.</summary>
public static class RefundCases
{
    /// <summary>Demo cases already awaiting a refund, then merchant-agreed ones moved on, then new ones opened on recent orders.</summary>
    public static async Task<List<long>> CasesAwaitingRefundAsync(this AppFactory app, int count)
    {
        await using var db = app.CreateDbContext();
        var found = await db.Cases.Where(c => c.Status == CaseStatus.AwaitingRefund && !db.Refunds.Any(r => r.CaseId == c.Id))
            .Select(c => c.Id).Take(count).ToListAsync();
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var service = app.Get<CaseService>();
        foreach (var candidate in await db.Cases.Where(c => c.Status == CaseStatus.MerchantAgreed && c.Kind == CaseKind.RefundOnly).Select(c => new { c.Id, c.Version }).ToListAsync())
        {
            if (found.Count >= count)
            {
                break;
            }

            if ((await service.ActAsync(agent, candidate.Id, CaseAction.RequestRefund, null, candidate.Version)).Succeeded)
            {
                found.Add(candidate.Id);
            }
        }

        // More cases when the demo data has too few: open refund-only cases on paid orders and walk them there.
        foreach (var orderId in await app.RecentOrdersWithoutCasesAsync(Math.Max(0, count - found.Count)))
        {
            var lineId = await db.Set<OrderLine>().Where(l => l.OrderId == orderId).Select(l => l.Id).FirstAsync();
            found.Add(await app.OpenCaseAwaitingRefundAsync(orderId, [(lineId, 1)]));
        }

        Assert.Equal(count, found.Count);
        return found;
    }

    /// <summary>Delivered orders of the last ten days without any case (within every refund window), largest first.</summary>
    public static async Task<List<long>> RecentOrdersWithoutCasesAsync(this AppFactory app, int count, int minItems = 1)
    {
        await using var db = app.CreateDbContext();
        var since = app.Clock.GetUtcNow().AddDays(-10);
        return await db.Orders.Where(o => o.Status == OrderStatus.Delivered && o.DeliveredAt >= since && !db.Cases.Any(c => c.OrderId == o.Id)
                && o.Lines.Sum(l => l.Quantity) >= minItems)
            .OrderBy(o => o.Id).Select(o => o.Id).Take(count).ToListAsync();
    }

    /// <summary>Opens a refund-only case for these lines ("Quality problem", so the merchant is at fault) and walks it to AwaitingRefund.</summary>
    public static async Task<long> OpenCaseAwaitingRefundAsync(this AppFactory app, long orderId, IReadOnlyList<(long OrderLineId, int Quantity)> lines)
    {
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var service = app.Get<CaseService>();
        var opened = await service.OpenAsync(agent, new OpenCaseInput
        {
            OrderId = orderId, Kind = CaseKind.RefundOnly, Reason = "Quality problem", Stage = ProblemStage.AfterDelivery,
            Lines = lines.Select(l => new RequestedLine { OrderLineId = l.OrderLineId, Quantity = l.Quantity }).ToList(),
        });
        Assert.True(opened.Result.Succeeded, opened.Result.Error);
        var id = opened.CaseId!.Value;
        var merchant = await app.PrincipalAsync(await app.MerchantOfAsync(id), Roles.Merchant);
        await using var db = app.CreateDbContext();
        foreach (var (who, action) in new[] { (agent, CaseAction.RequestMerchantResponse), (merchant, CaseAction.MerchantAgree), (agent, CaseAction.RequestRefund) })
        {
            var version = await db.Cases.AsNoTracking().Where(c => c.Id == id).Select(c => c.Version).SingleAsync();
            var moved = await service.ActAsync(who, id, action, null, version);
            Assert.True(moved.Succeeded, moved.Error);
        }

        return id;
    }

    /// <summary>A proposal of every item of the case's first line.</summary>
    public static async Task<RefundInput> WholeFirstLineAsync(this AppFactory app, long caseId)
    {
        await using var db = app.CreateDbContext();
        var line = await db.CaseLines.Where(l => l.CaseId == caseId).Select(l => new { l.OrderLineId, l.Quantity }).FirstAsync();
        return new RefundInput { Lines = [new RequestedLine { OrderLineId = line.OrderLineId, Quantity = line.Quantity }] };
    }

    /// <summary>A merchant user of the case's store.</summary>
    public static async Task<string> MerchantOfAsync(this AppFactory app, long caseId)
    {
        await using var db = app.CreateDbContext();
        var merchantId = await db.Cases.Where(c => c.Id == caseId).Select(c => c.MerchantId).SingleAsync();
        return await db.Users.Where(u => u.MerchantId == merchantId).Select(u => u.Email!).FirstAsync();
    }

    /// <summary>A merchant user of another store.</summary>
    public static async Task<string> OtherMerchantAsync(this AppFactory app, long caseId)
    {
        await using var db = app.CreateDbContext();
        var merchantId = await db.Cases.Where(c => c.Id == caseId).Select(c => c.MerchantId).SingleAsync();
        return await db.Users.Where(u => u.MerchantId != null && u.MerchantId != merchantId).Select(u => u.Email!).FirstAsync();
    }
}
