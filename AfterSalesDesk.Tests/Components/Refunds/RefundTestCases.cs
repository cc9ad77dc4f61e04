using System.Security.Claims;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Refunds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Tests.Components.Refunds;

/// <summary>Cases and refunds for the refund components' tests, made through the app's own services.</summary>
internal static class RefundTestCases
{
    /// <summary>
    /// A new refund-only case awaiting its refund, opened on one line of a delivered order without a case. The demo
    /// data has too few recent orders and too few dear lines for a test class, so this test app (one per class, its
    /// tests one after another) opens cases on older deliveries and sets the agent's limit: above every amount (the
    /// refund is granted at once) or at 0.01 (it waits for a supervisor).
    /// </summary>
    public static async Task<long> CaseAsync(this AppFactory app, bool needsApproval)
    {
        app.Get<IOptions<CaseLimits>>().Value.RefundOnlyWindowDays = 3650;
        var limits = app.Get<IOptions<RefundLimits>>().Value;
        limits.AgentLimitMinor = needsApproval ? 1 : limits.DualApprovalAboveMinor;
        await using var db = app.CreateDbContext();
        var line = await db.Orders.Where(o => o.Status == OrderStatus.Delivered && !db.Cases.Any(c => c.OrderId == o.Id))
            .SelectMany(o => o.Lines).Where(l => l.UnitPriceMinor * l.Quantity < limits.DualApprovalAboveMinor)
            .OrderByDescending(l => l.Id).Select(l => new { l.OrderId, l.Id, l.Quantity }).FirstOrDefaultAsync()
            ?? throw new InvalidOperationException("no delivered demo order without a case is left");
        return await app.OpenCaseAwaitingRefundAsync(line.OrderId, [(line.Id, line.Quantity)]);
    }

    /// <summary>Every item of every line of the case.</summary>
    public static async Task<RefundInput> WholeCaseAsync(this AppFactory app, long caseId)
    {
        await using var db = app.CreateDbContext();
        var lines = await db.CaseLines.Where(l => l.CaseId == caseId).Select(l => new RequestedLine { OrderLineId = l.OrderLineId, Quantity = l.Quantity }).ToListAsync();
        return new RefundInput { Lines = lines };
    }

    /// <summary>A refund proposed by agent1 that waits for a supervisor's approval.</summary>
    public static async Task<(long CaseId, long RefundId)> AwaitingApprovalAsync(this AppFactory app)
    {
        var caseId = await app.CaseAsync(needsApproval: true);
        var agent = await app.PrincipalAsync("agent1@demo.local", Roles.Agent);
        var proposed = await app.Get<RefundService>().ProposeAsync(agent, caseId, await app.WholeCaseAsync(caseId));
        Assert.True(proposed.Result.Succeeded, proposed.Result.Error);
        return (caseId, proposed.RefundId!.Value);
    }

    /// <summary>What the component is given on the case page: the case's status, lines, inspection and accepted offer.</summary>
    public static async Task<CaseDetails> DetailsAsync(this AppFactory app, ClaimsPrincipal user, long caseId) =>
        await app.Get<CaseService>().GetAsync(user, caseId) ?? throw new InvalidOperationException($"case {caseId} not visible");

    public static async Task<RefundStatus> StatusAsync(this AppFactory app, long refundId)
    {
        await using var db = app.CreateDbContext();
        return await db.Refunds.Where(r => r.Id == refundId).Select(r => r.Status).SingleAsync();
    }
}
