using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Customers;
using AfterSalesDesk.Data.Feedback;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Web.Features.Refunds;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Infrastructure;

/// <summary>
/// Demo cases: every kind in every state it can reach, each on its own recently delivered order,
/// opened within the last two days (so that their clocks are live: on track, at risk, some service
/// targets breached, no party deadline run out yet) and moved on only through the case's own legal
/// actions, with a short conversation, a priority and, for most, an assignee. Money goes back as in the
/// app: a case that reaches Refunded does so because its refund was proposed, approved where the limits
/// say, and paid by the payment gateway (which keeps its own ledger), so the order's balance, the
/// gateway and the refund figures agree. A few complaints, one in each stage, sit on other orders.
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

    public static async Task<int> SeedAsync(
        AppDbContext db, CaseLimits limits, SlaPolicy sla, RefundLimits refundLimits, ComplaintRules complaintRules, IPaymentGateway gateway,
        TimeProvider clock, CancellationToken cancellationToken)
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
        var supervisor2 = await ActorAsync(db, "supervisor2@demo.local", Roles.Supervisor, cancellationToken);
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
                var walk = new Walk(db, order, line, warrantyMonths[line.ProductId], agent, merchant, [supervisor, supervisor2], limits, refundLimits, sla, gateway);
                await walk.AlongAsync(afterSalesCase, path, $"DEMO{next:D4}", next, at, cancellationToken);
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
        if (!await db.Complaints.AnyAsync(cancellationToken))
        {
            SeedComplaints(db, pool.Where(o => !used.Contains(o.Id)).ToList(), merchantUsers.Select(u => (u.Id, u.Email!, u.MerchantId)).ToList(),
                agent, supervisor, complaintRules, now);
            await db.SaveChangesAsync(cancellationToken);
        }

        var merchant1 = merchantUsers.FirstOrDefault(u => u.Email == "merchant1@demo.local");
        if (merchant1 is not null)
        {
            created += await SeedQualityProblemAsync(
                db, new CaseActor(merchant1.Id, merchant1.Email!, Roles.Merchant), merchant1.MerchantId, limits, sla, refundLimits, agent, [supervisor, supervisor2],
                gateway, now, cancellationToken);
        }

        var merchant2 = merchantUsers.FirstOrDefault(u => u.Email == "merchant2@demo.local");
        if (merchant2 is not null)
        {
            created += await SeedRiskyBuyerAsync(
                db, new CaseActor(merchant2.Id, merchant2.Email!, Roles.Merchant), merchant2.MerchantId, limits, sla, refundLimits, agent, [supervisor, supervisor2],
                gateway, now, cancellationToken);
        }

        return created;
    }

    /// <summary>The risky demo buyer (the generator numbers its buyers from C00000001).</summary>
    internal const string RiskyBuyerCode = "C09000001";

    /// <summary>The risky buyer's claims, an order each: three refund-only claims that were refunded, then "not received".</summary>
    internal static readonly string[] RiskyBuyerClaims = ["Not as described", "Missing parts", "Quality problem", "Not received"];

    /// <summary>
    /// A buyer whose refund risk is high, so that the risk panel, the block and the supervisor's override have something
    /// to show (decision 0029): an account opened three weeks ago, four orders at merchant2's store delivered on four days
    /// of the last week; the first three claimed refund-only a day after delivery and refunded (within the dashboard's
    /// last seven days), the fourth claimed "not received" although the carrier delivered it, still waiting in the
    /// Unassigned queue. The start-up scoring gives it its score as
    /// of its opening: quick refund-only claims, the refund rate, the refund-only share, a new account and the delivered
    /// parcel. Only platform staff see it; merchant2 sees an ordinary case.
    /// </summary>
    private static async Task<int> SeedRiskyBuyerAsync(
        AppDbContext db, CaseActor merchant, int merchantId, CaseLimits limits, SlaPolicy sla, RefundLimits refundLimits, CaseActor agent,
        IReadOnlyList<CaseActor> supervisors, IPaymentGateway gateway, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var products = await db.Products.Where(p => p.MerchantId == merchantId).OrderBy(p => p.Id).Take(4).ToListAsync(cancellationToken);
        var claims = RiskyBuyerClaims;
        if (products.Count == 0 || await db.Customers.AnyAsync(c => c.Code == RiskyBuyerCode, cancellationToken)
            || !claims.All(limits.EffectiveReasons.Contains))
        {
            return 0;
        }

        var buyer = new Customer(RiskyBuyerCode, "钱多多 Qian Duoduo", "139****0417", "Hangzhou", now.AddDays(-21), "Hangzhou, Xihu District, Wensan Road 88, Room 1203");
        db.Customers.Add(buyer);
        await db.SaveChangesAsync(cancellationToken);
        var next = await db.Cases.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        var opened = 0;
        for (var i = 0; i < claims.Length; i++)
        {
            // Delivered 6, 5, 4 and 3 days ago, each two days after it was placed; claimed a day after delivery.
            var delivered = now.AddDays(-6 + i);
            var placed = delivered.AddDays(-2);
            var product = products[i % products.Count];
            var price = Data.Common.Money.FromMajor(199m + 100m * i, Data.Common.Money.DefaultCurrency);
            var order = Order.Place($"SO{placed:yyyyMMdd}9{i + 1:D8}", merchantId, buyer.Id, Data.Common.Money.Zero(),
                [new NewOrderLine(product.Id, product.Sku, product.Name, 1, price, Data.Common.Money.Zero())], placed);
            order.Pay(order.AmountDue, PaymentMethod.Alipay, $"DEMORISK-PAY-{i + 1}", placed.AddMinutes(3));
            order.Ship(limits.EffectiveCarriers[0], $"DEMORISK{i + 1:D4}", placed.AddHours(20));
            order.ConfirmDelivery(delivered);
            db.Orders.Add(order);
            await db.SaveChangesAsync(cancellationToken);

            var at = delivered.AddDays(1);
            var line = order.Lines[0];
            CasePolicy.Check(order, CaseKind.RefundOnly, claims[i], ProblemStage.AfterDelivery, [(line.Id, 1)], [], limits, at);
            var afterSalesCase = AfterSalesCase.Open($"AS{at:yyyyMMdd}{++next:D8}", order, CaseKind.RefundOnly, claims[i], ProblemStage.AfterDelivery,
                claims[i] == "Not received" ? "买家称未收到包裹。The buyer says the parcel never arrived." : "买家称商品与描述不符，申请仅退款。The buyer asks for a refund only.",
                [(line.Id, 1)], agent, at, CasePriority.Normal, sla);
            opened++;
            if (i == claims.Length - 1)
            {
                // The last claim waits, unassigned, for an agent to take it.
                db.Cases.Add(afterSalesCase);
                await db.SaveChangesAsync(cancellationToken);
                break;
            }

            afterSalesCase.AssignTo(agent.UserId!, agent.Name, supervisors[0], at.AddMinutes(5));
            var path = CaseTransitions.ShortestPath(CaseKind.RefundOnly, CaseStatus.Refunded) ?? [];
            var walk = new Walk(db, order, line, product.WarrantyMonths, agent, merchant, supervisors, limits, refundLimits, sla, gateway);
            await walk.AlongAsync(afterSalesCase, path, $"DEMOR{i + 1:D3}", i, at, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return opened;
    }

    /// <summary>
    /// A product with a quality problem, so that the dashboard's product quality has something to flag (decision 0027):
    /// merchant1's best seller of the last four weeks comes back, or goes in for repair, on about half of its delivered
    /// orders of that time, for "Quality problem" or "Stopped working", where the store's other products come back on a
    /// few. The cases are finished (resolved, the returns refunded through the gateway) and rated three stars, so the
    /// queues, deadlines and follow-ups of the demo stay as they were; a return is asked for within its window, so only
    /// orders delivered in the last days become returns (their refunds fall in the dashboard's last seven days), older
    /// ones exchanges and repairs.
    /// </summary>
    private static async Task<int> SeedQualityProblemAsync(
        AppDbContext db, CaseActor merchant, int merchantId, CaseLimits limits, SlaPolicy sla, RefundLimits refundLimits, CaseActor agent,
        IReadOnlyList<CaseActor> supervisors, IPaymentGateway gateway, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now.AddDays(-28);
        var delivered = now.AddDays(-2);
        var bestSeller = await db.Orders.Where(o => o.MerchantId == merchantId && o.CreatedAt >= since).SelectMany(o => o.Lines)
            .GroupBy(l => l.ProductId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => (int?)g.Key).FirstOrDefaultAsync(cancellationToken);
        if (bestSeller is not { } productId)
        {
            return 0;
        }

        var orders = await db.Orders.Include(o => o.Lines)
            .Where(o => o.MerchantId == merchantId && o.CreatedAt >= since && o.DeliveredAt != null && o.DeliveredAt <= delivered
                && (o.Status == OrderStatus.Delivered || o.Status == OrderStatus.Completed)
                && o.Lines.Any(l => l.ProductId == productId) && !db.Cases.Any(c => c.OrderId == o.Id))
            .OrderBy(o => o.Id)
            .ToListAsync(cancellationToken);
        var warranty = await db.Products.Where(p => p.Id == productId).Select(p => p.WarrantyMonths).SingleAsync(cancellationToken);
        var reasons = new[] { "Quality problem", "Stopped working" }.Where(limits.EffectiveReasons.Contains).DefaultIfEmpty(limits.EffectiveReasons[0]).ToList();
        // Numbered as the app numbers cases: the opening day and the case's place in the table.
        var next = await db.Cases.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        var opened = 0;
        foreach (var order in orders.Where((_, i) => i % 2 == 0))
        {
            var line = order.Lines.First(l => l.ProductId == productId);
            // A day after delivery: a return while its window is still open, an exchange while that one is, else a repair.
            var at = order.DeliveredAt!.Value.AddDays(1);
            var kind = at.AddDays(limits.WindowDays(CaseKind.ReturnAndRefund) - 1) >= now ? CaseKind.ReturnAndRefund
                : at.AddDays(limits.WindowDays(CaseKind.Exchange) - 1) >= now ? CaseKind.Exchange
                : CaseKind.Repair;
            // The goods really go back: received and inspected, then refunded, replaced or repaired (the shortest way to
            // Resolved would be a partial refund offered instead).
            var path = CaseTransitions.ShortestPath(kind, CaseStatus.Inspected) is { } back
                && CaseTransitions.ShortestPath(kind, CaseStatus.Resolved, from: CaseStatus.Inspected) is { } onwards ? back.Concat(onwards).ToList() : null;
            if (path is null || at.AddDays(limits.WindowDays(kind)) <= now)
            {
                continue;
            }

            opened++;
            var reason = reasons[opened % reasons.Count];
            CasePolicy.Check(order, kind, reason, ProblemStage.AfterDelivery, [(line.Id, 1)], [], limits, at);
            var afterSalesCase = AfterSalesCase.Open($"AS{at:yyyyMMdd}{++next:D8}", order, kind, reason, ProblemStage.AfterDelivery,
                "买家描述：用了两天就坏了。The buyer says it broke after two days of use.", [(line.Id, 1)], agent, at, CasePriority.Normal, sla);
            afterSalesCase.AssignTo(agent.UserId!, agent.Name, supervisors[0], at.AddMinutes(5));
            var walk = new Walk(db, order, line, warranty, agent, merchant, supervisors, limits, refundLimits, sla, gateway);
            await walk.AlongAsync(afterSalesCase, path, $"DEMOQ{opened:D3}", opened, at, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            var ratedAt = afterSalesCase.UpdatedAt.AddHours(1) < now ? afterSalesCase.UpdatedAt.AddHours(1) : now;
            db.CaseRatings.Add(CaseRating.Record(afterSalesCase, 3, "能用，但是商品质量太差。Sorted out, but the product itself is poor.", agent, ratedAt, TimeSpan.FromHours(24)));
            await db.SaveChangesAsync(cancellationToken);
        }

        return opened;
    }

    /// <summary>The actors and rules a demo case is moved with, one move after another, as the people on the case page would.</summary>
    private sealed record Walk(
        AppDbContext Db, Order Order, OrderLine Line, int WarrantyMonths, CaseActor Agent, CaseActor Merchant, IReadOnlyList<CaseActor> Supervisors,
        CaseLimits Limits, RefundLimits RefundLimits, SlaPolicy Sla, IPaymentGateway Gateway)
    {
        /// <summary>
        /// Moves the case along <paramref name="path"/>, a move every ten minutes from half an hour after it opened at
        /// <paramref name="at"/>; a refund is proposed, approved and paid by the gateway. Adds the case to the context.
        /// </summary>
        /// <param name="waybillPrefix">Makes the parcels' numbers unique (a carrier takes a number once).</param>
        public async Task AlongAsync(AfterSalesCase afterSalesCase, IReadOnlyList<CaseAction> path, string waybillPrefix, int turn, DateTimeOffset at, CancellationToken cancellationToken)
        {
            var step = at.AddMinutes(30);
            var kind = afterSalesCase.Kind;
            foreach (var action in path)
            {
                var actor = CaseActions.Rules[action].Roles.Contains(Roles.Agent) ? Agent
                    : CaseActions.Rules[action].Roles.Contains(Roles.Merchant) ? Merchant
                    : Supervisors[0];
                if (action == CaseAction.StartRepair && afterSalesCase.Repair is { MayStart: false })
                {
                    // Outside warranty: the merchant quotes and the buyer accepts, as on the case page.
                    afterSalesCase.QuoteRepair(Data.Common.Money.FromMajor(88m, Order.Currency), "Replace the power board.", Merchant, step);
                    afterSalesCase.AnswerQuote(true, Agent, step.AddMinutes(5));
                }

                var facts = new CaseStep
                {
                    Waybill = new Waybill(Limits.EffectiveCarriers[(turn + (int)action) % Limits.EffectiveCarriers.Count], $"{waybillPrefix}{(int)action:D2}{(int)kind}"),
                    Inspection = new InspectionInput(InspectionResult.Accepted, 0, null, "Demo: as the buyer described."),
                    Offer = kind == CaseKind.Repair ? new OfferInput(OfferKind.Other, null) : new OfferInput(OfferKind.PartialRefund, 3000),
                    Warranty = WarrantyCheck.Of(Order.DeliveredAt, [(Line.ProductName, WarrantyMonths)], at),
                };
                if (action == CaseAction.ConfirmRefunded)
                {
                    await PayRefundAsync(Db, afterSalesCase, Order, Line.Id, Agent, Supervisors, RefundLimits, Gateway, Sla, step, cancellationToken);
                }
                else
                {
                    afterSalesCase.Apply(action, actor, CaseActions.Rules[action].NeedsReason ? $"Demo: {action}" : null, step, Sla, facts);
                }

                step = step.AddMinutes(10);
            }

            if (Db.Entry(afterSalesCase).State == EntityState.Detached)
            {
                Db.Cases.Add(afterSalesCase);
            }
        }
    }

    /// <summary>
    /// The refund of a case awaiting one, as the app pays it: proposed by the agent (one item of the line,
    /// shipping too when the merchant is at fault), approved by as many supervisors as the limits ask,
    /// paid by the gateway under the refund's idempotency key, and the case confirmed refunded.
    /// </summary>
    private static async Task PayRefundAsync(
        AppDbContext db, AfterSalesCase afterSalesCase, Order order, long lineId, CaseActor agent, IReadOnlyList<CaseActor> approvers,
        RefundLimits limits, IPaymentGateway gateway, SlaPolicy sla, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // The refund names its case by id: the case is saved first.
        if (db.Entry(afterSalesCase).State == EntityState.Detached)
        {
            db.Cases.Add(afterSalesCase);
        }

        await db.SaveChangesAsync(cancellationToken);
        var shipping = limits.EffectiveMerchantFaultReasons.Contains(afterSalesCase.Reason);
        var refund = Refund.Propose(afterSalesCase, order, [(lineId, 1)], shipping, 0, null, [], limits, agent, at);
        foreach (var approver in approvers)
        {
            if (refund.Status != RefundStatus.AwaitingApproval)
            {
                break;
            }

            refund.Approve(approver, limits, at.AddMinutes(2));
        }

        refund.StartAttempt(at.AddMinutes(3), RefundWorker.Lease);
        GatewayReceipt receipt;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // As the worker does: the gateway's own record first, so that a retry never pays twice.
                receipt = await gateway.FindAsync(refund.IdempotencyKey, cancellationToken)
                    ?? await gateway.RefundAsync(refund.IdempotencyKey, order.OrderNo, refund.AmountMinor, refund.Currency, cancellationToken);
                break;
            }
            catch (Exception ex) when (attempt < 10 && ex is GatewayTransientException or TimeoutException or HttpRequestException)
            {
                // A simulated gateway configured to fail now and then: try again.
            }
        }

        refund.Succeed(receipt.GatewayReference, at.AddMinutes(4));
        db.Refunds.Add(refund);
        afterSalesCase.ConfirmRefundPaid(receipt.GatewayReference, at.AddMinutes(4), sla);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Complaints about orders no demo case uses: one just opened, one waiting for the merchant's evidence
    /// (at merchant1's store, so its deadline shows in that merchant's portal), and one that went through
    /// arbitration and was decided for the buyer, with its penalty points.
    /// </summary>
    private static void SeedComplaints(
        AppDbContext db, IReadOnlyList<Order> spare, IReadOnlyList<(string Id, string Email, int MerchantId)> merchantUsers,
        CaseActor agent, CaseActor supervisor, ComplaintRules rules, DateTimeOffset now)
    {
        var firstStore = merchantUsers.Where(u => u.Email == "merchant1@demo.local").Select(u => (int?)u.MerchantId).FirstOrDefault();
        var atFirstStore = spare.FirstOrDefault(o => o.MerchantId == firstStore);
        var others = spare.Where(o => o.MerchantId != firstStore).GroupBy(o => o.MerchantId).Select(g => g.First()).Take(2).ToList();
        if (atFirstStore is null || others.Count < 2)
        {
            return;
        }

        var number = 0;
        string Next(DateTimeOffset at) => $"CP{at:yyyyMMdd}{++number:D8}";

        var openedAt = now.AddHours(-2);
        db.Complaints.Add(Complaint.Open(Next(openedAt), others[0], null, ComplaintCategory.Logistics, ComplaintSeverity.Medium, ComplaintChannel.Phone,
            "快递放错了驿站，快递员不接电话。The parcel was left at the wrong pickup point and the courier does not answer.", agent, openedAt));

        openedAt = now.AddHours(-6);
        var awaiting = Complaint.Open(Next(openedAt), atFirstStore, null, ComplaintCategory.ServiceAttitude, ComplaintSeverity.High, ComplaintChannel.OnlineChat,
            "店铺客服两次挂断聊天。The store's chat support closed the conversation twice without an answer.", agent, openedAt);
        awaiting.RequestMerchantEvidence(agent, rules, openedAt.AddMinutes(15));
        db.Complaints.Add(awaiting);

        openedAt = now.AddHours(-40);
        var decided = Complaint.Open(Next(openedAt), others[1], null, ComplaintCategory.Counterfeit, ComplaintSeverity.Critical, ComplaintChannel.App,
            "买家认为收到的是仿品，包装无防伪码。The buyer believes the item is counterfeit: no anti-counterfeit code on the box.", agent, openedAt);
        decided.RequestMerchantEvidence(agent, rules, openedAt.AddMinutes(20));
        var merchant = merchantUsers.First(u => u.MerchantId == others[1].MerchantId);
        decided.AddStatement(ComplaintParty.Merchant, "我们只从品牌授权渠道进货。We buy only from the brand's authorised distributor; invoice to follow.",
            new CaseActor(merchant.Id, merchant.Email, Roles.Merchant), rules, openedAt.AddHours(5));
        decided.SendToArbitration(supervisor, "The invoice did not arrive; deciding on the photos.", openedAt.AddHours(30));
        decided.Decide(ArbitrationOutcome.ForBuyer,
            "The photos show a missing security seal and a misspelt label; the merchant sent no invoice. Decided for the buyer.",
            null, supervisor, rules, openedAt.AddHours(31));
        db.Complaints.Add(decided);
    }

    private static async Task<CaseActor> ActorAsync(AppDbContext db, string email, string role, CancellationToken cancellationToken)
    {
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(cancellationToken);
        return new CaseActor(id, email, role);
    }
}
