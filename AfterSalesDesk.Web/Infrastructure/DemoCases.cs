using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Demo cases: every kind in every state it can reach, each on its own delivered order, opened a day
/// after delivery and moved on only through the case's own legal actions, with a short conversation.
/// </summary>
internal static class DemoCases
{
    private static readonly string[] Replies =
    [
        "您好，已收到您的售后申请，我们会尽快处理。Hello, we have your request and are on it.",
        "请上传商品问题的照片，方便我们核实。Please upload a photo of the problem.",
    ];

    public static async Task<int> SeedAsync(AppDbContext db, CaseLimits limits, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Cases.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var merchantUsers = await db.Users.Where(u => u.MerchantId != null)
            .Select(u => new { u.Id, u.Email, MerchantId = u.MerchantId!.Value }).ToListAsync(cancellationToken);
        // Delivered at least ten days ago, so that every step of every demo case lies in the past.
        var latest = clock.GetUtcNow().AddDays(-10);
        var candidates = await db.Orders.Include(o => o.Lines)
            .Where(o => (o.Status == OrderStatus.Delivered || o.Status == OrderStatus.Completed) && o.DeliveredAt <= latest)
            .OrderByDescending(o => o.DeliveredAt)
            .Take(200)
            .ToListAsync(cancellationToken);
        var agent = await ActorAsync(db, "agent1@demo.local", Roles.Agent, cancellationToken);
        var supervisor = await ActorAsync(db, "supervisor1@demo.local", Roles.Supervisor, cancellationToken);
        var reasons = limits.EffectiveReasons;
        var next = 0;
        var created = 0;
        foreach (var kind in Enum.GetValues<CaseKind>())
        {
            foreach (var status in Enum.GetValues<CaseStatus>())
            {
                var path = CaseTransitions.ShortestPath(kind, status);
                if (path is null || next >= candidates.Count)
                {
                    continue;
                }

                var order = candidates[next++];
                var merchantUser = merchantUsers.FirstOrDefault(u => u.MerchantId == order.MerchantId);
                var merchant = merchantUser is null ? supervisor : new CaseActor(merchantUser.Id, merchantUser.Email!, Roles.Merchant);
                var at = order.DeliveredAt!.Value.AddDays(1);
                var line = order.Lines[0];
                var reason = reasons[(next + (int)kind) % reasons.Count];
                CasePolicy.Check(order, kind, reason, ProblemStage.AfterDelivery, [(line.Id, 1)], [], limits, at);
                var afterSalesCase = AfterSalesCase.Open($"AS{at:yyyyMMdd}{next:D8}", order, kind, reason, ProblemStage.AfterDelivery,
                    "买家描述：商品有问题。The buyer says the item has a problem.", [(line.Id, 1)], agent, at);
                afterSalesCase.AddMessage(MessageVisibility.ToBuyer, Replies[next % Replies.Length], agent, at.AddMinutes(20));
                afterSalesCase.AddMessage(MessageVisibility.Internal, "Buyer has a good history; no abuse flags.", agent, at.AddMinutes(25));
                var step = at.AddHours(1);
                foreach (var action in path)
                {
                    var actor = CaseActions.Rules[action].Roles.Contains(Roles.Agent) ? agent
                        : CaseActions.Rules[action].Roles.Contains(Roles.Merchant) ? merchant
                        : supervisor;
                    afterSalesCase.Apply(action, actor, CaseActions.Rules[action].NeedsReason ? $"Demo: {action}" : null, step);
                    step = step.AddHours(6);
                }

                db.Cases.Add(afterSalesCase);
                created++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    private static async Task<CaseActor> ActorAsync(AppDbContext db, string email, string role, CancellationToken cancellationToken)
    {
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(cancellationToken);
        return new CaseActor(id, email, role);
    }
}
