using AfterSalesDesk.Data.Cases;

namespace AfterSalesDesk.Data.Risk;

/// <summary>
/// What the scorer knows about one request, as of <see cref="At"/>: the request itself, and the buyer's past
/// (only what happened before <see cref="At"/>; the request being scored is not part of its own past).
/// </summary>
public sealed record RiskFacts
{
    public required DateTimeOffset At { get; init; }

    public required CaseKind Kind { get; init; }

    public required string Reason { get; init; }

    public required DateTimeOffset OrderedAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    public required long OrderPaidMinor { get; init; }

    public required DateTimeOffset AccountCreatedAt { get; init; }

    public BuyerListing? Listing { get; init; }

    public int RefundsLast7Days { get; init; }

    public int RefundsLast90Days { get; init; }

    public int OrdersLast90Days { get; init; }

    public int RefundedOrdersLast90Days { get; init; }

    /// <summary>Earlier requests in 90 days, and how many of them were refund-only (this one is added by the scorer).</summary>
    public int CasesLast90Days { get; init; }

    public int RefundOnlyCasesLast90Days { get; init; }

    public int EarlierOrders { get; init; }

    /// <summary>The median paid amount of the buyer's earlier orders; 0 without any.</summary>
    public long UsualOrderMinor { get; init; }

    public int EarlierNotReceivedOnDelivered { get; init; }

    /// <summary>Earlier refund-only requests made soon after delivery, in the rules' window (<see cref="RiskRules.QuickClaimWindowDays"/>).</summary>
    public int QuickRefundOnlyClaims { get; init; }

    public int RejectedInspections { get; init; }

    public int ComplaintsLost { get; init; }

    public int LinkedBuyers { get; init; }

    public int LinkedRefundsLast90Days { get; init; }

    public int ConfirmedAbuse { get; init; }
}

/// <summary>
/// The refund-risk score: a sum of points, one term per factor, capped at 100, so each factor's share of the score
/// is exactly what it shows the agent. Pure: the same facts and rules give the same result.
/// </summary>
public static class RiskScorer
{
    public static RiskResult Score(RiskFacts facts, RiskRules rules)
    {
        var factors = new List<RiskFactor>();

        void Add(RiskFactorCode code, int points, params long[] values)
        {
            if (points > 0)
            {
                factors.Add(new RiskFactor(code, points, values));
            }
        }

        static int Counted(int count, int free, int each, int max) => Math.Min(max, Math.Max(0, count - free) * each);

        static int Scaled(int percent, int from, int points) =>
            percent <= from ? 0 : (int)Math.Round(points * (percent - from) / (double)(100 - from), MidpointRounding.AwayFromZero);

        Add(RiskFactorCode.RefundsLast7Days, Counted(facts.RefundsLast7Days, rules.Refunds7DaysFree, rules.Refunds7DaysPoints, rules.Refunds7DaysMax), facts.RefundsLast7Days);
        Add(RiskFactorCode.RefundsLast90Days, Counted(facts.RefundsLast90Days, rules.Refunds90DaysFree, rules.Refunds90DaysPoints, rules.Refunds90DaysMax), facts.RefundsLast90Days);

        if (facts.OrdersLast90Days >= rules.RefundRateMinOrders && facts.OrdersLast90Days > 0)
        {
            var percent = (int)(100L * Math.Min(facts.RefundedOrdersLast90Days, facts.OrdersLast90Days) / facts.OrdersLast90Days);
            Add(RiskFactorCode.RefundRate90Days, Scaled(percent, rules.RefundRateFromPercent, rules.RefundRatePoints),
                facts.RefundedOrdersLast90Days, facts.OrdersLast90Days, percent);
        }

        var cases = facts.CasesLast90Days + 1;
        var refundOnly = facts.RefundOnlyCasesLast90Days + (facts.Kind == CaseKind.RefundOnly ? 1 : 0);
        if (cases >= rules.RefundOnlyMinCases)
        {
            Add(RiskFactorCode.RefundOnlyShare, Scaled((int)(100L * refundOnly / cases), rules.RefundOnlyFromPercent, rules.RefundOnlyPoints), refundOnly, cases);
        }

        if (facts.EarlierOrders >= rules.AmountMinEarlierOrders && facts.UsualOrderMinor > 0)
        {
            var tenths = facts.OrderPaidMinor * 10 / facts.UsualOrderMinor;
            var points = tenths >= rules.AmountRatio * 20L ? rules.AmountMax : tenths >= rules.AmountRatio * 10L ? rules.AmountPoints : 0;
            Add(RiskFactorCode.AmountAboveUsual, points, facts.OrderPaidMinor, facts.UsualOrderMinor, tenths);
        }

        var notReceived = rules.EffectiveNotReceivedReasons.Contains(facts.Reason, StringComparer.OrdinalIgnoreCase);
        if (facts.DeliveredAt is { } delivered && delivered <= facts.At)
        {
            var daysSinceDelivery = (long)(facts.At - delivered).TotalDays;
            if (notReceived)
            {
                Add(RiskFactorCode.NotReceivedButDelivered, rules.NotReceivedPoints, (long)(facts.At - facts.OrderedAt).TotalDays, daysSinceDelivery);
            }
            else if (daysSinceDelivery < rules.SoonAfterDeliveryDays)
            {
                Add(RiskFactorCode.SoonAfterDelivery, rules.SoonAfterDeliveryPoints, daysSinceDelivery);
            }
        }

        Add(RiskFactorCode.EarlierNotReceivedClaims, Counted(facts.EarlierNotReceivedOnDelivered, 0, rules.EarlierNotReceivedPoints, rules.EarlierNotReceivedMax), facts.EarlierNotReceivedOnDelivered);

        Add(RiskFactorCode.QuickRefundOnlyClaims, Counted(facts.QuickRefundOnlyClaims, rules.QuickClaimsFree, rules.QuickClaimPoints, rules.QuickClaimMax),
            facts.QuickRefundOnlyClaims, rules.QuickClaimWindowDays, rules.QuickClaimDeliveryDays);

        var accountDays = (long)(facts.At - facts.AccountCreatedAt).TotalDays;
        if (accountDays < rules.NewAccountDays)
        {
            Add(RiskFactorCode.NewAccount, rules.NewAccountPoints, Math.Max(0, accountDays));
        }

        Add(RiskFactorCode.RejectedInspections, Counted(facts.RejectedInspections, 0, rules.RejectedInspectionPoints, rules.RejectedInspectionMax), facts.RejectedInspections);
        Add(RiskFactorCode.ComplaintsLost, Counted(facts.ComplaintsLost, 0, rules.ComplaintLostPoints, rules.ComplaintLostMax), facts.ComplaintsLost);
        if (facts.LinkedBuyers > 0)
        {
            Add(RiskFactorCode.LinkedBuyers, Math.Min(rules.LinkedMax, rules.LinkedBuyerPoints + facts.LinkedRefundsLast90Days * rules.LinkedRefundPoints),
                facts.LinkedBuyers, facts.LinkedRefundsLast90Days);
        }

        Add(RiskFactorCode.ConfirmedAbuse, Counted(facts.ConfirmedAbuse, 0, rules.ConfirmedAbusePoints, rules.ConfirmedAbuseMax), facts.ConfirmedAbuse);

        // Largest first: the sentence an agent reads first is the one that weighs most.
        factors.Sort((a, b) => b.Points.CompareTo(a.Points));
        var score = Math.Min(100, factors.Sum(f => f.Points));
        switch (facts.Listing)
        {
            case BuyerListing.Blocked:
                factors.Insert(0, new RiskFactor(RiskFactorCode.BlockListed, 100 - score, []));
                score = 100;
                break;
            case BuyerListing.Allowed:
                // The factors stay visible (a supervisor may want to reconsider); the score and its actions do not apply.
                factors.Insert(0, new RiskFactor(RiskFactorCode.AllowListed, -score, []));
                score = 0;
                break;
        }

        var level = rules.LevelOf(score);
        return new RiskResult(score, level, rules.Version, factors)
        {
            NeedsReview = score >= rules.ReviewThreshold,
            BlocksRefundOnly = score >= rules.BlockThreshold,
        };
    }
}
