using AfterSalesDesk.Data.Common;

namespace AfterSalesDesk.Data.Refunds;

/// <summary>Approval limits and execution settings (configuration section "Refunds"), amounts in minor units of CNY.</summary>
public sealed class RefundLimits
{
    public const string Section = "Refunds";

    /// <summary>Up to this amount an agent's proposal is granted at once (default 500.00).</summary>
    public long AgentLimitMinor { get; set; } = 50_000;

    /// <summary>Above this amount two different supervisors must approve (default 5,000.00); between the limits, one.</summary>
    public long DualApprovalAboveMinor { get; set; } = 500_000;

    /// <summary>How long a refund may wait for approval before it shows as overdue.</summary>
    public int ApprovalHours { get; set; } = 24;

    /// <summary>Gateway attempts before a refund is marked failed for a person to look at.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first retry waits this long; each next one twice as long.</summary>
    public int RetryBaseSeconds { get; set; } = 10;

    /// <summary>How often the worker looks for granted refunds.</summary>
    public int WorkerIntervalSeconds { get; set; } = 2;

    /// <summary>Reasons that put the fault with the merchant, so the buyer's shipping fee is refunded too.</summary>
    public List<string>? MerchantFaultReasons { get; set; }

    public static readonly IReadOnlyList<string> DefaultMerchantFaultReasons =
        ["Not as described", "Damaged on arrival", "Wrong item sent", "Missing parts", "Quality problem", "Stopped working", "Not received"];

    public IReadOnlyList<string> EffectiveMerchantFaultReasons => MerchantFaultReasons ?? DefaultMerchantFaultReasons;

    /// <summary>0: granted at once; 1: one supervisor; 2: two different supervisors.</summary>
    public int ApprovalsFor(Money amount) =>
        amount.Minor <= AgentLimitMinor ? 0 : amount.Minor <= DualApprovalAboveMinor ? 1 : 2;

    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(RetryBaseSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 16)));

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (AgentLimitMinor < 0 || DualApprovalAboveMinor < AgentLimitMinor)
        {
            problems.Add("Refunds: AgentLimitMinor must be at least 0 and DualApprovalAboveMinor at least AgentLimitMinor.");
        }

        if (MaxAttempts is < 1 or > 50 || RetryBaseSeconds is < 1 or > 3600 || WorkerIntervalSeconds is < 1 or > 60 || ApprovalHours < 1)
        {
            problems.Add("Refunds: MaxAttempts 1–50, RetryBaseSeconds 1–3600, WorkerIntervalSeconds 1–60 and ApprovalHours ≥ 1.");
        }

        return problems;
    }
}

/// <summary>
/// The seeds' formula, in minor units: refund = paid amount of the chosen lines × (1 − deduction
/// ratio) (+ shipping where the rule says so). A line's paid amount is shared over its items so that
/// refunding all of them, in any number of steps, gives back exactly what was paid for the line.
/// </summary>
public static class RefundMath
{
    /// <summary>
    /// What <paramref name="quantity"/> items of a line paid <paramref name="linePaidMinor"/> for
    /// <paramref name="lineQuantity"/> items are worth, when <paramref name="alreadyRefunded"/> items of
    /// it were refunded before: floor(P·(r+q)/Q) − floor(P·r/Q), which adds up to P over the whole line.
    /// <para>
    /// <paramref name="alreadyRefundedMinor"/>, when given, is what the refunds holding those items got: the
    /// share is then floor(P·(r+q)/Q) minus that (never below 0). Without releases it is the same number; after
    /// a rejected or cancelled refund gave back items whose share rounded down, it keeps the line's total at
    /// floor(P·(r+q)/Q), so no sequence of proposals, rejections and cancellations pays a line (or a case's part
    /// of it) a fen more than it paid.
    /// </para>
    /// </summary>
    public static long LineShare(long linePaidMinor, int lineQuantity, int alreadyRefunded, int quantity, long? alreadyRefundedMinor = null)
    {
        if (lineQuantity <= 0 || quantity <= 0 || alreadyRefunded < 0 || alreadyRefunded + quantity > lineQuantity || linePaidMinor < 0)
        {
            throw new DomainException($"Only {Math.Max(0, lineQuantity - alreadyRefunded)} of {lineQuantity} items of this line are left to refund.");
        }

        var upTo = (long)((Int128)linePaidMinor * (alreadyRefunded + quantity) / lineQuantity);
        return alreadyRefundedMinor is { } given
            ? Math.Max(0, upTo - given)
            : upTo - (long)((Int128)linePaidMinor * alreadyRefunded / lineQuantity);
    }

    /// <summary>The deduction for inspection findings, in basis points (100 = 1 %), rounded half away from zero.</summary>
    public static long Deduction(long grossMinor, int basisPoints)
    {
        if (basisPoints is < 0 or > 10_000)
        {
            throw new DomainException("A deduction is between 0 % and 100 %.");
        }

        return (long)Math.Round(grossMinor * (decimal)basisPoints / 10_000m, MidpointRounding.AwayFromZero);
    }
}
