using System.Security.Claims;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.TestSupport;

/// <summary>
/// One app over real SQLite shared by a test class, in which each test opens its own cases on its own
/// fresh orders and walks them through the services as the roles would.
/// </summary>
public sealed class WorkedCasesApp : IDisposable
{
    private readonly HashSet<long> usedOrders = [];

    public AppFactory App { get; } = new(settings: new Dictionary<string, string?> { ["Demo:Orders"] = "1200" });

    public void Dispose() => App.Dispose();

    private CaseService Cases => App.Get<CaseService>();

    /// <summary>A delivered order inside the kind's window, without a case, not used by another test.</summary>
    public async Task<Order> FreshOrderAsync(CaseKind kind, int? notMerchantId = null)
    {
        await using var db = App.CreateDbContext();
        var since = App.Clock.GetUtcNow().AddDays(kind == CaseKind.ReturnAndRefund ? -6 : -14);
        var candidates = await db.Orders.Include(o => o.Lines)
            .Where(o => o.Status == OrderStatus.Delivered && o.DeliveredAt >= since && !db.Cases.Any(c => c.OrderId == o.Id))
            .Where(o => notMerchantId == null || o.MerchantId != notMerchantId)
            .Where(o => db.Users.Any(u => u.MerchantId == o.MerchantId))
            .OrderBy(o => o.Id).ToListAsync();
        lock (usedOrders)
        {
            var order = candidates.First(o => !usedOrders.Contains(o.Id));
            usedOrders.Add(order.Id);
            return order;
        }
    }

    /// <summary>Opens a case on a fresh order and walks it to the state through the services, as the roles would.</summary>
    public async Task<(long CaseId, string CaseNo, int MerchantId)> WalkAsync(CaseKind kind, CaseStatus target, int? notMerchantId = null)
    {
        var order = await FreshOrderAsync(kind, notMerchantId);
        var agent = await AgentAsync();
        var opened = await Cases.OpenAsync(agent, new OpenCaseInput
        {
            OrderId = order.Id, Kind = kind, Reason = "Quality problem", Stage = ProblemStage.AfterDelivery,
            Lines = [new RequestedLine { OrderLineId = order.Lines[0].Id, Quantity = 1 }],
        });
        Assert.True(opened.Result.Succeeded, opened.Result.Error);
        var caseId = opened.CaseId!.Value;
        await App.WalkAsync(caseId, kind, target);
        return (caseId, (await Cases.GetAsync(agent, caseId))!.CaseNo, order.MerchantId);
    }

    /// <summary>A new case of this kind, taken by agent1 while it was open, then walked to its end by whoever each move needs.</summary>
    public async Task<(long CaseId, string CaseNo, int MerchantId)> TakenAndFinishedAsync(CaseKind kind, CaseStatus end)
    {
        var (caseId, caseNo, merchantId) = await WalkAsync(kind, CaseStatus.Submitted);
        var agent = await AgentAsync();
        Assert.True((await App.Get<Web.Features.Queues.AssignmentService>().TakeAsync(agent, caseId)).Succeeded);
        await App.WalkAsync(caseId, kind, end, waybillPrefix: "ZF");
        return (caseId, caseNo, merchantId);
    }

    public Task ActAsync(ClaimsPrincipal user, long caseId, CaseAction action, string? reason, CaseStepInput? step = null) =>
        App.ActAsync(user, caseId, action, reason, step);

    public Task<ClaimsPrincipal> AgentAsync() => App.PrincipalAsync("agent1@demo.local", Roles.Agent);

    public Task<ClaimsPrincipal> MerchantOfAsync(long caseId) => App.MerchantUserOfAsync(caseId);

    public async Task<string> MerchantEmailAsync(int notMerchantId)
    {
        await using var db = App.CreateDbContext();
        return await db.Users.Where(u => u.MerchantId != null && u.MerchantId != notMerchantId).Select(u => u.Email!).FirstAsync();
    }
}
