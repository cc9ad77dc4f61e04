using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Data.Risk;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Web.Features.Risk;

/// <summary>
/// Reads what the scorer needs about one request from the app's own tables, as of a moment: only rows dated before
/// it count, and the case being scored is never part of its own past. Each read is a range of one index (the
/// buyer's cases by customer and time, orders by customer, linked buyers by their phone and address keys).
/// </summary>
public static class RiskFactsQuery
{
    /// <summary>Orders read for the buyer's usual amount: the most recent ones are enough to say what is usual.</summary>
    private const int UsualOrderSample = 20;

    /// <summary>A phone or address shared by more buyers than this is a pick-up point or a shop, not a ring.</summary>
    private const int MaxLinked = 50;

    private static readonly RefundStatus[] NotHolding = [RefundStatus.Rejected, RefundStatus.Cancelled];

    public static async Task<RiskFacts> ReadAsync(
        AppDbContext db, RiskRules rules, long customerId, long orderId, long? caseId, CaseKind kind, string reason, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var since90 = at.AddDays(-90);
        var since7 = at.AddDays(-7);
        var self = caseId ?? 0;
        var buyerCases = db.Cases.Where(c => c.CustomerId == customerId && c.Id != self);

        // The buyer and the counts that need no rows, in one command: each a range of one index.
        var buyer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId)
            .Select(c => new
            {
                c.CreatedAt, c.Listing, c.PhoneKey, c.AddressKey,
                OrdersLast90 = db.Orders.Count(o => o.CustomerId == customerId && o.CreatedAt >= since90 && o.CreatedAt < at),
                RejectedInspections = db.Set<CaseInspection>().Count(i => i.Result == InspectionResult.Rejected && i.InspectedAt < at
                    && db.Cases.Any(k => k.Id == i.CaseId && k.CustomerId == customerId && k.Id != self)),
                ComplaintsLost = db.Complaints.Count(k => k.CustomerId == customerId && k.Outcome == ArbitrationOutcome.ForMerchant && k.DecidedAt < at),
                ConfirmedAbuse = db.Cases.Count(k => k.CustomerId == customerId && k.Id != self && k.AbuseLabel == AbuseLabel.AbuseConfirmed && k.CreatedAt < at),
            })
            .SingleAsync(cancellationToken);
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new { o.CreatedAt, o.DeliveredAt, o.PaidMinor }).SingleAsync(cancellationToken);
        var refunds = await db.Refunds.AsNoTracking()
            .Join(buyerCases, r => r.CaseId, c => c.Id, (r, c) => r)
            .Where(r => r.ProposedAt >= since90 && r.ProposedAt < at && !NotHolding.Contains(r.Status))
            .Select(r => new { r.ProposedAt, r.OrderId })
            .ToListAsync(cancellationToken);

        var cases = await buyerCases.AsNoTracking()
            .Where(c => c.CreatedAt >= since90 && c.CreatedAt < at)
            .Join(db.Orders, c => c.OrderId, o => o.Id, (c, o) => new { c.Kind, c.Reason, c.CreatedAt, o.DeliveredAt })
            .ToListAsync(cancellationToken);

        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.CustomerId == customerId && o.Id != orderId && o.CreatedAt < at)
            .OrderByDescending(o => o.CreatedAt).Take(UsualOrderSample)
            .Select(o => new { o.CreatedAt, o.PaidMinor })
            .ToListAsync(cancellationToken);

        var linked = new List<long>();
        if (buyer.PhoneKey is not null || buyer.AddressKey is not null)
        {
            linked = await db.Customers.AsNoTracking()
                // As of the moment too: an account opened after it linked no one then (the benchmark scores past cases).
                .Where(c => c.Id != customerId && c.CreatedAt <= at
                    && ((buyer.PhoneKey != null && c.PhoneKey == buyer.PhoneKey) || (buyer.AddressKey != null && c.AddressKey == buyer.AddressKey)))
                .OrderBy(c => c.Id).Take(MaxLinked + 1).Select(c => c.Id).ToListAsync(cancellationToken);
        }

        var linkedRefunds = linked.Count is > 0 and <= MaxLinked
            ? await db.Refunds.Join(db.Cases.Where(c => linked.Contains(c.CustomerId)), r => r.CaseId, c => c.Id, (r, c) => r)
                .CountAsync(r => r.ProposedAt >= since90 && r.ProposedAt < at && !NotHolding.Contains(r.Status), cancellationToken)
            : 0;

        var notReceived = new HashSet<string>(rules.EffectiveNotReceivedReasons, StringComparer.OrdinalIgnoreCase);
        var quickSince = at.AddDays(-rules.QuickClaimWindowDays);
        var quickWithin = TimeSpan.FromDays(rules.QuickClaimDeliveryDays);
        var paid = orders.Select(o => o.PaidMinor).Where(p => p > 0).Order().ToList();
        return new RiskFacts
        {
            At = at,
            Kind = kind,
            Reason = reason,
            OrderedAt = order.CreatedAt,
            DeliveredAt = order.DeliveredAt,
            OrderPaidMinor = order.PaidMinor,
            AccountCreatedAt = buyer.CreatedAt,
            Listing = buyer.Listing,
            RefundsLast7Days = refunds.Count(r => r.ProposedAt >= since7),
            RefundsLast90Days = refunds.Count,
            OrdersLast90Days = buyer.OrdersLast90 - (order.CreatedAt >= since90 && order.CreatedAt < at ? 1 : 0),
            RefundedOrdersLast90Days = refunds.Select(r => r.OrderId).Where(id => id != orderId).Distinct().Count(),
            CasesLast90Days = cases.Count,
            RefundOnlyCasesLast90Days = cases.Count(c => c.Kind == CaseKind.RefundOnly),
            EarlierOrders = paid.Count,
            UsualOrderMinor = paid.Count == 0 ? 0 : paid[paid.Count / 2],
            EarlierNotReceivedOnDelivered = cases.Count(c => notReceived.Contains(c.Reason) && c.DeliveredAt is { } d && d <= c.CreatedAt),
            QuickRefundOnlyClaims = cases.Count(c => c.Kind == CaseKind.RefundOnly && c.CreatedAt >= quickSince && !notReceived.Contains(c.Reason)
                && c.DeliveredAt is { } d && d <= c.CreatedAt && c.CreatedAt - d <= quickWithin),
            RejectedInspections = buyer.RejectedInspections,
            ComplaintsLost = buyer.ComplaintsLost,
            LinkedBuyers = Math.Min(linked.Count, MaxLinked),
            LinkedRefundsLast90Days = linkedRefunds,
            ConfirmedAbuse = buyer.ConfirmedAbuse,
        };
    }
}
