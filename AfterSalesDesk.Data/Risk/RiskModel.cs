namespace AfterSalesDesk.Data.Risk;

/// <summary>How risky a refund to this buyer looks: low, medium (at or above the review threshold), high (at or above the block threshold).</summary>
public enum RiskLevel
{
    Low,
    Medium,
    High,
}

/// <summary>A supervisor's standing decision on a buyer, kept on the buyer (audited).</summary>
public enum BuyerListing
{
    /// <summary>Known good: thresholds do not act, whatever the factors say.</summary>
    Allowed,

    /// <summary>Known abuser: scored 100, so every refund needs a supervisor and refund-only is refused.</summary>
    Blocked,
}

/// <summary>An agent's or supervisor's finding on a case, shown in the buyer's history.</summary>
public enum AbuseLabel
{
    AbuseConfirmed,
    Legitimate,
}

/// <summary>What made the app score: a case opening, a refund proposal, or staff asking again.</summary>
public enum RiskTrigger
{
    CaseOpened,
    RefundProposed,
    Reassessed,

    /// <summary>Scored after the fact, as of the case's opening: cases opened before risk control existed, and the demo's.</summary>
    Backfilled,
}

/// <summary>
/// One reason behind a score. <see cref="Values"/> are the numbers its sentence quotes, in the order the sentence
/// uses them (counts, days, percentages, minor units); the sentence itself is rendered in the reader's language.
/// </summary>
public sealed record RiskFactor(RiskFactorCode Code, int Points, IReadOnlyList<long> Values);

/// <summary>The factors the scorer knows. Stored by name: renaming one is a migration of stored scores.</summary>
public enum RiskFactorCode
{
    /// <summary>Values: refunds in the last 7 days.</summary>
    RefundsLast7Days,

    /// <summary>Values: refunds in the last 90 days.</summary>
    RefundsLast90Days,

    /// <summary>Values: refunded orders, orders, percentage (all over 90 days).</summary>
    RefundRate90Days,

    /// <summary>Values: refund-only requests, all requests, over 90 days (this one included).</summary>
    RefundOnlyShare,

    /// <summary>Values: this order's amount, the buyer's usual order (median), both in minor units; the ratio × 10.</summary>
    AmountAboveUsual,

    /// <summary>Values: days since delivery (0 = the same day).</summary>
    SoonAfterDelivery,

    /// <summary>Values: days since the order, days since the carrier delivered.</summary>
    NotReceivedButDelivered,

    /// <summary>Values: earlier "not received" claims on delivered parcels in 90 days.</summary>
    EarlierNotReceivedClaims,

    /// <summary>Values: account age in days.</summary>
    NewAccount,

    /// <summary>Values: returns that failed inspection.</summary>
    RejectedInspections,

    /// <summary>Values: complaints decided for the merchant.</summary>
    ComplaintsLost,

    /// <summary>Values: linked buyers (same phone or address), their refunds in 90 days.</summary>
    LinkedBuyers,

    /// <summary>Values: earlier cases of this buyer labelled "abuse confirmed".</summary>
    ConfirmedAbuse,

    /// <summary>
    /// Values: earlier refund-only requests each made within a few days of delivery (not "not received"), in the window;
    /// the window in days; the days after delivery. A run of them is the serial refund-only pattern.
    /// </summary>
    QuickRefundOnlyClaims,

    /// <summary>No values: a supervisor put the buyer on the block list.</summary>
    BlockListed,

    /// <summary>No values: a supervisor put the buyer on the allow list.</summary>
    AllowListed,
}

/// <summary>A score, the level it falls in, the factors behind it and the rule set that computed it.</summary>
public sealed record RiskResult(int Score, RiskLevel Level, string RuleSet, IReadOnlyList<RiskFactor> Factors)
{
    /// <summary>A refund needs a supervisor whatever its amount.</summary>
    public bool NeedsReview { get; init; }

    /// <summary>Refund-only is refused (the goods must come back) unless a supervisor overrides.</summary>
    public bool BlocksRefundOnly { get; init; }
}
