using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Feedback;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Sla;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Demo cases: every kind in every state it can reach, each on its own recently delivered order,
/// opened within the last two days (so that their clocks are live: on track, at risk, some service
/// targets breached, no party deadline run out yet) and moved on only through the case's own legal
/// actions, with a short conversation, a priority and, for most, an assignee.
/// </summary>
internal static class DemoCases
{
    private static readonly string[] Replies =
    [
        "您好，已收到您的售后申请，我们会尽快处理。Hello, we have your request and are on it.",
        "请上传商品问题的照片，方便我们核实。Please upload a photo of the problem.",
    ];

    /// <summary>How long ago demo cases were opened, in turn: short of every party's deadline (48 h at least).</summary>
    private static readonly TimeSpan[] OpenedAgo = [TimeSpan.FromHours(3), TimeSpan.FromHours(12), TimeSpan.FromHours(26), TimeSpan.FromHours(38)];

    private static readonly CasePriority[] Priorities = [CasePriority.Normal, CasePriority.High, CasePriority.Urgent, CasePriority.Normal, CasePriority.Low];

    private static readonly (int Stars, string Comment)[] DemoRatings =
    [
        (5, "处理很快，谢谢！Quick and friendly."),
        (4, "Good, but I had to ask twice for the tracking number."),
        (2, "等了一个多星期才有人回复。Nobody answered for over a week."),
        (3, ""),
    ];

    public static async Task<int> SeedAsync(AppDbContext db, CaseLimits limits, SlaPolicy sla, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Cases.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var merchantUsers = await db.Users.Where(u => u.MerchantId != null)
            .Select(u => new { u.Id, u.Email, MerchantId = u.MerchantId!.Value }).ToListAsync(cancellationToken);
        // Delivered at least two days ago (before every demo case was opened) and recently enough for the
        // kind's request window, counted from the oldest opening time.
        var now = clock.GetUtcNow();
        var earliest = now.AddDays(-Enum.GetValues<CaseKind>().Max(limits.WindowDays) + 2);
        var latest = now.AddDays(-2);
        var pool = await db.Orders.Include(o => o.Lines)
            .Where(o => (o.Status == OrderStatus.Delivered || o.Status == OrderStatus.Completed) && o.DeliveredAt >= earliest && o.DeliveredAt <= latest)
            .OrderByDescending(o => o.DeliveredAt)
            .Take(500)
            .ToListAsync(cancellationToken);
        var used = new HashSet<long>();
        var agent = await ActorAsync(db, "agent1@demo.local", Roles.Agent, cancellationToken);
        var agent2 = await ActorAsync(db, "agent2@demo.local", Roles.Agent, cancellationToken);
        var supervisor = await ActorAsync(db, "supervisor1@demo.local", Roles.Supervisor, cancellationToken);
        var reasons = limits.EffectiveReasons;
        var warrantyMonths = await db.Products.ToDictionaryAsync(p => p.Id, p => p.WarrantyMonths, cancellationToken);
        var next = 0;
        var created = 0;
        // The narrowest window first, so that the few most recent orders go to the kinds that need them.
        foreach (var kind in Enum.GetValues<CaseKind>().OrderBy(limits.WindowDays))
        {
            foreach (var status in Enum.GetValues<CaseStatus>())
            {
                var path = CaseTransitions.ShortestPath(kind, status);
                var inWindow = now.AddDays(-limits.WindowDays(kind) + 2);
                var order = pool.FirstOrDefault(o => o.DeliveredAt >= inWindow && !used.Contains(o.Id));
                if (path is null || order is null)
                {
                    continue;
                }

                used.Add(order.Id);
                next++;
                var merchantUser = merchantUsers.FirstOrDefault(u => u.MerchantId == order.MerchantId);
                var merchant = merchantUser is null ? supervisor : new CaseActor(merchantUser.Id, merchantUser.Email!, Roles.Merchant);
                var at = now - OpenedAgo[next % OpenedAgo.Length];
                var line = order.Lines[0];
                var reason = reasons[(next + (int)kind) % reasons.Count];
                CasePolicy.Check(order, kind, reason, ProblemStage.AfterDelivery, [(line.Id, 1)], [], limits, at);
                var afterSalesCase = AfterSalesCase.Open($"AS{at:yyyyMMdd}{next:D8}", order, kind, reason, ProblemStage.AfterDelivery,
                    "买家描述：商品有问题。The buyer says the item has a problem.", [(line.Id, 1)], agent, at, Priorities[next % Priorities.Length], sla);
                if (next % 3 != 0)
                {
                    var owner = next % 3 == 1 ? agent : agent2;
                    afterSalesCase.AssignTo(owner.UserId!, owner.Name, supervisor, at.AddMinutes(5));
                }

                afterSalesCase.AddMessage(MessageVisibility.ToBuyer, Replies[next % Replies.Length], agent, at.AddMinutes(20));
                afterSalesCase.AddMessage(MessageVisibility.Internal, "Buyer has a good history; no abuse flags.", agent, at.AddMinutes(25));
                var step = at.AddMinutes(30);
                foreach (var action in path)
                {
                    var actor = CaseActions.Rules[action].Roles.Contains(Roles.Agent) ? agent
                        : CaseActions.Rules[action].Roles.Contains(Roles.Merchant) ? merchant
                        : supervisor;
                    if (action == CaseAction.StartRepair && afterSalesCase.Repair is { MayStart: false })
                    {
                        // Outside warranty: the merchant quotes and the buyer accepts, as on the case page.
                        afterSalesCase.QuoteRepair(Data.Common.Money.FromMajor(88m, order.Currency), "Replace the power board.", merchant, step);
                        afterSalesCase.AnswerQuote(true, agent, step.AddMinutes(5));
                    }

                    var facts = new CaseStep
                    {
                        Waybill = new Waybill(limits.EffectiveCarriers[(next + (int)action) % limits.EffectiveCarriers.Count], $"DEMO{next:D4}{(int)action:D2}{(int)kind}"),
                        Inspection = new InspectionInput(InspectionResult.Accepted, 0, null, "Demo: as the buyer described."),
                        Offer = kind == CaseKind.Repair ? new OfferInput(OfferKind.Other, null) : new OfferInput(OfferKind.PartialRefund, 3000),
                        Warranty = WarrantyCheck.Of(order.DeliveredAt, [(line.ProductName, warrantyMonths[line.ProductId])], at),
                    };
                    afterSalesCase.Apply(action, actor, CaseActions.Rules[action].NeedsReason ? $"Demo: {action}" : null, step, sla, facts);
                    step = step.AddMinutes(10);
                }

                db.Cases.Add(afterSalesCase);
                created++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        // Buyers rated the resolved cases (closed ones are left for a person to try the rating form);
        // the two-star rating opens a follow-up.
        var resolved = db.Cases.Local.Where(c => c.Status == CaseStatus.Resolved).OrderBy(c => c.Id).ToList();
        for (var i = 0; i < resolved.Count; i++)
        {
            var (stars, comment) = DemoRatings[i % DemoRatings.Length];
            var ratedAt = resolved[i].UpdatedAt.AddHours(1) < now ? resolved[i].UpdatedAt.AddHours(1) : now;
            db.CaseRatings.Add(CaseRating.Record(resolved[i], stars, comment, agent, ratedAt, TimeSpan.FromHours(24)));
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
