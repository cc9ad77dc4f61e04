using AfterSalesDesk.Data.Cases;

namespace AfterSalesDesk.Data.Seeding;

/// <summary>
/// The buyer mix in the case generator (<see cref="CaseGeneratorOptions.Buyers"/>): opens the abusive claims the order
/// generator planned, spread over the case ids among the ordinary cases, and shapes ordinary cases by their reason, with
/// the honest noise a risk score has to live with: "not received" and "late delivery" while the parcel is still on its
/// way, now and then "not received" on a delivered parcel (lost at the door, left at the wrong locker), "damaged on
/// arrival" within hours of delivery, and cases that finish within days rather than months. Draws from a random stream
/// of its own; without a mix the case generator draws and writes what it always did.
/// </summary>
internal sealed class CaseMix
{
    private const long Minute = TimeSpan.TicksPerMinute;
    private const long Hour = TimeSpan.TicksPerHour;
    private const long Day = TimeSpan.TicksPerDay;

    /// <summary>Of the cases on a delivered order, this share was opened while the parcel was still on its way.</summary>
    private const int InTransitPercent = 4;

    /// <summary>Reasons of cases opened after delivery, in percent: honest "not received" on a delivered parcel is rare.</summary>
    private static readonly (string Reason, int Weight)[] AfterDelivery =
    [
        ("Not as described", 180), ("Damaged on arrival", 140), ("Wrong item sent", 100), ("Missing parts", 90), ("Quality problem", 200),
        ("Stopped working", 120), ("No longer needed", 125), ("Late delivery", 30), ("Not received", 15),
    ];

    /// <summary>Reasons of cases opened before the parcel arrived.</summary>
    private static readonly (string Reason, int Weight)[] BeforeDelivery = [("Not received", 45), ("Late delivery", 25), ("No longer needed", 30)];

    private static readonly (string Reason, int Weight)[] InTransit = [("Not received", 60), ("Late delivery", 40)];

    private static readonly CaseStatus[] OpenClaimStates = [CaseStatus.Submitted, CaseStatus.AwaitingMerchant, CaseStatus.AwaitingRefund, CaseStatus.Refunded];

    private readonly GeneratedBuyers buyers;
    private readonly Random random;
    private readonly IReadOnlyList<GeneratedOrder> orders;
    private readonly List<(PlannedClaim Claim, GeneratedOrder Order)> claims;
    private readonly HashSet<long> claimed;
    private long slotsLeft;
    private int nextClaim;

    public CaseMix(GeneratedBuyers buyers, int seed, IReadOnlyList<GeneratedOrder> orders, long now, int cases)
    {
        random = new Random(unchecked((seed * 1_000_039) ^ 0x7C4A_95D3));
        this.buyers = buyers;
        buyers.ClearOpened();
        this.orders = orders;
        var byId = new Dictionary<long, GeneratedOrder>(buyers.Claims.Count);
        var wanted = buyers.Claims.Select(c => c.OrderId).ToHashSet();
        foreach (var order in orders)
        {
            if (wanted.Contains(order.Id))
            {
                byId[order.Id] = order;
            }
        }

        // Claims not yet made by "now", or on orders the case generator cannot claim, are not opened.
        claims = buyers.Claims.Where(c => c.At < now - Minute && byId.ContainsKey(c.OrderId)).Select(c => (c, byId[c.OrderId])).ToList();
        claimed = claims.Select(c => c.Order.Id).ToHashSet();
        slotsLeft = cases;
    }

    public int Opened { get; private set; }

    /// <summary>
    /// Whether the next case id is an abusive claim, and which: the claims are spread evenly at random over the ids
    /// (selection sampling: each id takes one with the chance claims left ÷ ids left), all of them if there are ids enough.
    /// </summary>
    public (PlannedClaim Claim, GeneratedOrder Order)? NextClaim(long caseId)
    {
        var take = nextClaim < claims.Count && random.NextInt64(slotsLeft) < claims.Count - nextClaim;
        slotsLeft--;
        if (!take)
        {
            return null;
        }

        Opened++;
        var claim = claims[nextClaim++];
        buyers.Open(new AbusiveClaim(caseId, claim.Claim.CustomerId, claim.Claim.Pattern));
        return claim;
    }

    /// <summary>
    /// The order of an ordinary case: the one drawn, unless the order was placed for an abusive claim, whose one case is
    /// that claim (the generator's orders carry about one case each; a second, random one would blur the pattern).
    /// </summary>
    public GeneratedOrder OrdinaryOrder(GeneratedOrder drawn)
    {
        var order = drawn;
        while (claimed.Contains(order.Id))
        {
            order = orders[random.Next(orders.Count)];
        }

        return order;
    }

    /// <summary>An ordinary case's reason, opening time and stage (and refund-only when the parcel had not arrived).</summary>
    public (CaseKind Kind, string Reason, long Created, ProblemStage Stage) Ordinary(GeneratedOrder order, CaseKind kind, long now)
    {
        if (order.DeliveredAt is not { } delivered)
        {
            return (CaseKind.RefundOnly, CaseDataGenerator.Pick(random, BeforeDelivery),
                Math.Min(now - Minute, order.PaidAt + random.NextInt64(Hour, 10 * Day)), ProblemStage.BeforeShipment);
        }

        if (random.Next(100) < InTransitPercent && delivered - order.PaidAt > 4 * Hour)
        {
            return (CaseKind.RefundOnly, CaseDataGenerator.Pick(random, InTransit),
                Math.Min(now - Minute, order.PaidAt + 2 * Hour + random.NextInt64(delivered - order.PaidAt - 3 * Hour)), ProblemStage.InTransit);
        }

        var reason = CaseDataGenerator.Pick(random, AfterDelivery);
        var delay = reason switch
        {
            "Damaged on arrival" or "Late delivery" => random.NextInt64(Hour, 36 * Hour),
            "Quality problem" or "Stopped working" => random.NextInt64(Day, 25 * Day),
            "No longer needed" => random.NextInt64(6 * Hour, 7 * Day),
            _ => random.NextInt64(2 * Hour, 5 * Day),
        };
        return (kind, reason, Math.Min(now - Minute, delivered + delay), ProblemStage.AfterDelivery);
    }

    /// <summary>
    /// An abusive claim's state: as old a case as an ordinary one is as likely finished, but when finished most were
    /// granted (resolved with the refund paid), some refused (closed), a few withdrawn; open ones wait on the way to the money.
    /// </summary>
    public CaseStatus ClaimStatus(TimeSpan age)
    {
        var finishedShare = age > TimeSpan.FromDays(21) ? 97 : age > TimeSpan.FromDays(7) ? 60 : 15;
        if (random.Next(100) < finishedShare)
        {
            return random.Next(100) switch
            {
                < 72 => CaseStatus.Resolved,
                < 94 => CaseStatus.Closed,
                _ => CaseStatus.CancelledByBuyer,
            };
        }

        return OpenClaimStates[random.Next(OpenClaimStates.Length)];
    }

    /// <summary>
    /// When a finished case made its last move: within three weeks (an abusive claim, granted or refused, within four
    /// days), not months later; never before the agent's first answer, never later than the generator would have had it.
    /// </summary>
    public long Finished(long created, long updated, long answeredAt, bool claim)
    {
        var took = claim ? random.NextInt64(4 * Hour, 4 * Day) : random.NextInt64(Hour, 21 * Day);
        return Math.Min(updated, Math.Max(created + took, answeredAt + Minute));
    }
}
