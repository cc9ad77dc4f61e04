using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Risk;

namespace AfterSalesDesk.Data.Refunds;

public enum RefundStatus
{
    /// <summary>Above the agent limit: waits for one or two supervisors.</summary>
    AwaitingApproval,

    /// <summary>Approved (or within the agent limit); the execution request is committed with it (outbox).</summary>
    Granted,

    /// <summary>The gateway paid it.</summary>
    Succeeded,

    Rejected,

    /// <summary>The gateway refused it, or every attempt failed: a person must look.</summary>
    Failed,

    /// <summary>A failed refund a supervisor cancelled after the gateway confirmed it never paid it.</summary>
    Cancelled,
}

/// <summary>
/// Money going back to a buyer for a case: the chosen order lines and quantities, shipping where the
/// rule says so, minus the inspection deduction. Proposed by an agent or supervisor; granted at once
/// within the agent limit, else approved by one or two different supervisors, never by its proposer.
/// Granting commits the execution request (idempotency key, next attempt) in the same transaction;
/// the refund worker carries it out. The order's refundable balance is reserved from the proposal on
/// and released only by a rejection or cancellation. A failed refund waits for a supervisor, who retries it
/// (same key) or, once the gateway confirms it never paid it, cancels it.
/// </summary>
public class Refund
{
    private readonly List<RefundLine> lines = [];
    private readonly List<RefundApproval> approvals = [];

    private Refund()
    {
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public long OrderId { get; private set; }

    public int MerchantId { get; private set; }

    public RefundStatus Status { get; private set; }

    public string Currency { get; private set; } = Money.DefaultCurrency;

    /// <summary>Paid amount of the chosen lines, before the deduction.</summary>
    public long LinesMinor { get; private set; }

    public int DeductionBasisPoints { get; private set; }

    public long DeductionMinor { get; private set; }

    public string? DeductionReason { get; private set; }

    public long ShippingMinor { get; private set; }

    /// <summary>What the buyer gets: lines − deduction + shipping.</summary>
    public long AmountMinor { get; private set; }

    public int RequiredApprovals { get; private set; }

    public string ProposedById { get; private set; } = "";

    public string ProposedBy { get; private set; } = "";

    public DateTimeOffset ProposedAt { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>The supervisor who rejected it, or cancelled it after it failed.</summary>
    public string? RejectedBy { get; private set; }

    /// <summary>Why it was rejected or cancelled.</summary>
    public string? RejectionReason { get; private set; }

    /// <summary>Unique in the database; the gateway pays a key at most once.</summary>
    public string IdempotencyKey { get; private set; } = "";

    public int Attempts { get; private set; }

    /// <summary>When the worker should try (again); set while granted, cleared when finished.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public string? GatewayReference { get; private set; }

    public DateTimeOffset? ExecutedAt { get; private set; }

    public Guid Version { get; private set; }

    /// <summary>The buyer's risk score when proposed (its factors are in the proposal's <see cref="RiskAssessment"/>).</summary>
    public int? RiskScore { get; private set; }

    public RiskLevel? RiskLevel { get; private set; }

    /// <summary>Within the agent limit, but sent to a supervisor because of the risk score.</summary>
    public bool ReviewedForRisk { get; private set; }

    public IReadOnlyList<RefundLine> Lines => lines;

    public IReadOnlyList<RefundApproval> Approvals => approvals;

    public Money Amount => new(AmountMinor, Currency);

    /// <summary>Holds the order's balance: awaiting approval, granted, paid, or failed (the gateway may still have paid).</summary>
    public bool HoldsBalance => Status is RefundStatus.AwaitingApproval or RefundStatus.Granted or RefundStatus.Succeeded or RefundStatus.Failed;

    /// <summary>
    /// Proposes a refund for a case waiting for one. <paramref name="earlier"/> are the order's earlier
    /// refunds (to share line amounts fairly, refund shipping once, and keep within the case's quantities).
    /// The amount is what <see cref="Quote"/> gives; it is reserved on the order.
    /// </summary>
    public static Refund Propose(
        AfterSalesCase afterSalesCase, Order order, IReadOnlyList<(long OrderLineId, int Quantity)> requested, bool includeShipping,
        int deductionBasisPoints, string? deductionReason, IReadOnlyList<Refund> earlier, RefundLimits limits, CaseActor proposer, DateTimeOffset at,
        RiskResult? risk = null)
    {
        if (!proposer.IsStaff || proposer.UserId is null)
        {
            throw new DomainException("Only agents and supervisors propose refunds.");
        }

        var quote = Quote(afterSalesCase, order, requested, includeShipping, deductionBasisPoints, deductionReason, earlier, limits, risk);
        var refund = new Refund
        {
            CaseId = afterSalesCase.Id,
            OrderId = order.Id,
            MerchantId = order.MerchantId,
            Currency = order.Currency,
            ProposedById = proposer.UserId,
            ProposedBy = proposer.Name,
            ProposedAt = at,
            DeductionBasisPoints = deductionBasisPoints,
            DeductionReason = deductionBasisPoints > 0 ? deductionReason!.Trim() : null,
            IdempotencyKey = $"RF-{Guid.NewGuid():N}",
            Version = Guid.NewGuid(),
            LinesMinor = quote.LinesMinor,
            DeductionMinor = quote.DeductionMinor,
            ShippingMinor = quote.ShippingMinor,
            AmountMinor = quote.AmountMinor,
            RequiredApprovals = quote.RequiredApprovals,
            Status = RefundStatus.AwaitingApproval,
            RiskScore = risk?.Score,
            RiskLevel = risk?.Level,
            ReviewedForRisk = quote.ForRisk,
        };
        refund.lines.AddRange(quote.Lines.Select(l => new RefundLine(l.OrderLineId, l.Quantity, l.AmountMinor)));
        order.CommitRefund(refund.Amount);
        if (refund.RequiredApprovals == 0)
        {
            refund.Grant(at);
        }

        return refund;
    }

    /// <summary>
    /// The seeds' formula for a proposal, without proposing it: the chosen lines' shares, the deduction, shipping
    /// where the merchant is at fault, the amount and the approvals it needs. <see cref="Propose"/> proposes
    /// exactly this, and the refund form shows it live, so what an agent sees is what is proposed. Throws a
    /// <see cref="DomainException"/> with a readable message for anything <see cref="Propose"/> would refuse
    /// (apart from who proposes): a case not awaiting a refund, a refund in progress, a line not on the case,
    /// more items than the case has left, a deduction out of range or without reason, more than the order's
    /// balance.
    /// </summary>
    public static RefundQuote Quote(
        AfterSalesCase afterSalesCase, Order order, IReadOnlyList<(long OrderLineId, int Quantity)> requested, bool includeShipping,
        int deductionBasisPoints, string? deductionReason, IReadOnlyList<Refund> earlier, RefundLimits limits, RiskResult? risk = null)
    {
        if (afterSalesCase.Status != CaseStatus.AwaitingRefund || afterSalesCase.OrderId != order.Id)
        {
            throw new DomainException($"Case {afterSalesCase.CaseNo} is {afterSalesCase.Status}; a refund is proposed once the case awaits one.");
        }

        if (earlier.Any(r => r.CaseId == afterSalesCase.Id && r.Status is RefundStatus.AwaitingApproval or RefundStatus.Granted))
        {
            throw new DomainException($"Case {afterSalesCase.CaseNo} already has a refund in progress; wait for its decision.");
        }

        if (risk is { BlocksRefundOnly: true } && afterSalesCase.Kind == CaseKind.RefundOnly && afterSalesCase.RiskOverrideAt is null)
        {
            throw new DomainException(
                $"Refund-only is refused for this buyer (risk {risk.Score} of 100): the goods must come back first. A supervisor can override this with a reason on the case.");
        }

        if (deductionBasisPoints is < 0 or > 10_000)
        {
            throw new DomainException("A deduction is between 0 % and 100 %.");
        }

        if (deductionBasisPoints > 0 && string.IsNullOrWhiteSpace(deductionReason))
        {
            throw new DomainException("A deduction needs its reason (damage, missing parts, restocking…).");
        }

        if (deductionReason is { Length: > 500 })
        {
            throw new DomainException("The deduction reason can have at most 500 characters.");
        }

        if (requested.GroupBy(r => r.OrderLineId).Any(g => g.Count() > 1))
        {
            throw new DomainException("A line is listed twice in this refund.");
        }

        var held = earlier.Where(r => r.HoldsBalance).ToList();
        var leftOnCase = UnitsLeftOnCase(afterSalesCase, earlier);
        var quoted = new List<RefundQuoteLine>();
        foreach (var (orderLineId, quantity) in requested.Where(r => r.Quantity != 0))
        {
            var line = order.Lines.SingleOrDefault(l => l.Id == orderLineId) ?? throw new DomainException("That line is not on this order.");
            if (quantity < 0)
            {
                throw new DomainException($"The quantity of {line.ProductName} cannot be negative.");
            }

            // The case's quantities bound every refund of the case, over all its refunds that hold their items.
            var caseQuantity = afterSalesCase.Lines.Where(l => l.OrderLineId == orderLineId).Sum(l => l.Quantity);
            if (caseQuantity == 0)
            {
                throw new DomainException($"{line.ProductName} is not part of case {afterSalesCase.CaseNo}; only the case's lines are refunded.");
            }

            var left = leftOnCase.GetValueOrDefault(orderLineId);
            if (quantity > left)
            {
                throw new DomainException(
                    $"Case {afterSalesCase.CaseNo} concerns {caseQuantity} of {line.ProductName}; {left} of them are left to refund, not {quantity}.");
            }

            var before = held.SelectMany(r => r.Lines).Where(l => l.OrderLineId == orderLineId).ToList();
            var share = RefundMath.LineShare(line.PaidAmount(order.Currency).Minor, line.Quantity, before.Sum(l => l.Quantity), quantity,
                before.Sum(l => l.AmountMinor));
            quoted.Add(new RefundQuoteLine(orderLineId, quantity, share));
        }

        if (quoted.Count == 0)
        {
            throw new DomainException("Choose at least one line and a quantity to refund.");
        }

        var linesMinor = quoted.Sum(l => l.AmountMinor);
        var deductionMinor = RefundMath.Deduction(linesMinor, deductionBasisPoints);
        var shippingMinor = 0L;
        if (includeShipping)
        {
            if (!limits.EffectiveMerchantFaultReasons.Contains(afterSalesCase.Reason))
            {
                throw new DomainException($"Shipping is refunded only when the merchant is at fault; \"{afterSalesCase.Reason}\" is not such a reason.");
            }

            if (held.Any(r => r.ShippingMinor > 0))
            {
                throw new DomainException($"The shipping fee of order {order.OrderNo} is already refunded.");
            }

            shippingMinor = order.ShippingFeeMinor;
        }

        var amountMinor = linesMinor - deductionMinor + shippingMinor;
        if (amountMinor <= 0)
        {
            throw new DomainException("After the deduction nothing is left to refund.");
        }

        var amount = new Money(amountMinor, order.Currency);
        if (amount > order.Refundable)
        {
            throw new DomainException($"Order {order.OrderNo} has {order.Refundable} left to refund (paid {order.Paid}); a refund of {amount} is more than that.");
        }

        return new RefundQuote(quoted, new Money(linesMinor, order.Currency), deductionBasisPoints, new Money(deductionMinor, order.Currency),
            new Money(shippingMinor, order.Currency), amount, Math.Max(limits.ApprovalsFor(amount), risk is { NeedsReview: true } ? 1 : 0))
        {
            ForRisk = risk is { NeedsReview: true } && limits.ApprovalsFor(amount) == 0,
        };
    }

    /// <summary>
    /// How many items of each of the case's lines are left to refund on this case: the case's quantity minus
    /// the items of the case's refunds that hold them (awaiting approval, granted, paid, failed). A rejected or
    /// cancelled refund gives its items back.
    /// </summary>
    public static IReadOnlyDictionary<long, int> UnitsLeftOnCase(AfterSalesCase afterSalesCase, IEnumerable<Refund> earlier)
    {
        var taken = earlier.Where(r => r.CaseId == afterSalesCase.Id && r.HoldsBalance).SelectMany(r => r.Lines)
            .GroupBy(l => l.OrderLineId).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        return afterSalesCase.Lines.GroupBy(l => l.OrderLineId)
            .ToDictionary(g => g.Key, g => Math.Max(0, g.Sum(l => l.Quantity) - taken.GetValueOrDefault(g.Key)));
    }

    /// <summary>
    /// A supervisor's approval. The proposer never approves; nobody approves twice; the limits are
    /// checked again now (a lowered limit can require a second approval).
    /// </summary>
    public void Approve(CaseActor approver, RefundLimits limits, DateTimeOffset at)
    {
        if (Status != RefundStatus.AwaitingApproval)
        {
            throw new DomainException($"This refund is {Status}; it no longer waits for approval.");
        }

        if (approver.Role != Identity.Roles.Supervisor || approver.UserId is null)
        {
            throw new DomainException("Only supervisors approve refunds.");
        }

        if (approver.UserId == ProposedById)
        {
            throw new DomainException("Whoever proposed a refund cannot approve it.");
        }

        if (approvals.Any(a => a.ApproverId == approver.UserId))
        {
            throw new DomainException($"You already approved this refund; it needs {RequiredApprovals} different supervisors.");
        }

        RequiredApprovals = Math.Max(RequiredApprovals, limits.ApprovalsFor(Amount));
        approvals.Add(new RefundApproval(approver.UserId, approver.Name, at));
        Version = Guid.NewGuid();
        if (approvals.Count >= RequiredApprovals)
        {
            Grant(at);
        }
    }

    public void Reject(CaseActor approver, string reason, Order order, DateTimeOffset at)
    {
        if (Status != RefundStatus.AwaitingApproval)
        {
            throw new DomainException($"This refund is {Status}; it no longer waits for a decision.");
        }

        if (approver.Role != Identity.Roles.Supervisor)
        {
            throw new DomainException("Only supervisors reject refunds.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            throw new DomainException("A rejection needs a reason (at most 1,000 characters).");
        }

        order.ReleaseRefund(Amount);
        Status = RefundStatus.Rejected;
        RejectedBy = approver.Name;
        RejectionReason = reason.Trim();
        DecidedAt = at;
        Version = Guid.NewGuid();
    }

    /// <summary>Whether a person can act on it now: only a failed refund is retried or cancelled.</summary>
    public bool AwaitsAPerson => Status == RefundStatus.Failed;

    /// <summary>
    /// A supervisor sends a failed refund to the gateway again: granted once more under the SAME idempotency
    /// key, so that if an earlier attempt did pay, the gateway answers with that payment instead of paying
    /// twice. The attempt counter starts again from zero, so the retry gets the full
    /// <see cref="RefundLimits.MaxAttempts"/> with its back-off (the earlier attempts stay in the audit trail).
    /// <paramref name="caseRefunds"/> are the case's refunds: while another one is in progress this one waits.
    /// </summary>
    public void Retry(CaseActor supervisor, IEnumerable<Refund> caseRefunds, DateTimeOffset at)
    {
        EnsureAPersonMayAct(supervisor, "retried", "retry");
        if (caseRefunds.Any(r => !ReferenceEquals(r, this) && r.CaseId == CaseId && r.Status is RefundStatus.AwaitingApproval or RefundStatus.Granted))
        {
            throw new DomainException("This case has another refund in progress; retry this one once that one is decided, or cancel it.");
        }

        Status = RefundStatus.Granted;
        Attempts = 0;
        NextAttemptAt = at;
        LastError = null;
        Version = Guid.NewGuid();
    }

    /// <summary>
    /// Checks, before anyone asks the gateway, that <paramref name="supervisor"/> may cancel this refund for
    /// <paramref name="reason"/>; <see cref="Cancel"/> checks it again.
    /// </summary>
    public void EnsureCancellable(CaseActor supervisor, string? reason)
    {
        EnsureAPersonMayAct(supervisor, "cancelled", "cancel");
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 1000)
        {
            throw new DomainException("Cancelling a refund needs a reason (at most 1,000 characters).");
        }
    }

    /// <summary>
    /// A supervisor gives up a failed refund and releases its amount on the order, so the case can get a new
    /// proposal. Only once the gateway, asked with this refund's key, said it never paid it: the caller asks
    /// (outside any transaction) and calls <see cref="Succeed"/> instead when the gateway did pay.
    /// </summary>
    public void Cancel(CaseActor supervisor, string reason, Order order, DateTimeOffset at)
    {
        EnsureCancellable(supervisor, reason);
        if (order.Id != OrderId)
        {
            throw new DomainException("That is not this refund's order.");
        }

        order.ReleaseRefund(Amount);
        Status = RefundStatus.Cancelled;
        RejectedBy = supervisor.Name;
        RejectionReason = reason.Trim();
        DecidedAt = at;
        Version = Guid.NewGuid();
    }

    /// <summary>The worker starts an attempt: counted, and leased so that no other worker starts one meanwhile.</summary>
    public void StartAttempt(DateTimeOffset at, TimeSpan lease)
    {
        if (Status != RefundStatus.Granted || NextAttemptAt > at)
        {
            throw new DomainException("This refund is not due for execution.");
        }

        Attempts++;
        NextAttemptAt = at + lease;
        Version = Guid.NewGuid();
    }

    public void Succeed(string gatewayReference, DateTimeOffset at)
    {
        if (Status == RefundStatus.Succeeded)
        {
            return;
        }

        if (Status is not (RefundStatus.Granted or RefundStatus.Failed))
        {
            throw new DomainException($"This refund is {Status}; it cannot be marked paid.");
        }

        Status = RefundStatus.Succeeded;
        GatewayReference = gatewayReference;
        ExecutedAt = at;
        NextAttemptAt = null;
        LastError = null;
        Version = Guid.NewGuid();
    }

    /// <summary>A failed attempt: retried later with the same key, or, after the last attempt or a refusal, failed for a person.</summary>
    public void AttemptFailed(string error, bool final, RefundLimits limits, DateTimeOffset at)
    {
        if (Status != RefundStatus.Granted)
        {
            return;
        }

        LastError = error.Length > 500 ? error[..500] : error;
        if (final || Attempts >= limits.MaxAttempts)
        {
            Status = RefundStatus.Failed;
            NextAttemptAt = null;
        }
        else
        {
            NextAttemptAt = at + limits.RetryDelay(Attempts);
        }

        Version = Guid.NewGuid();
    }

    private void EnsureAPersonMayAct(CaseActor supervisor, string done, string verb)
    {
        if (Status != RefundStatus.Failed)
        {
            throw new DomainException($"This refund is {Status}; only a failed refund can be {done}.");
        }

        if (supervisor.Role != Identity.Roles.Supervisor || supervisor.UserId is null)
        {
            throw new DomainException($"Only supervisors {verb} failed refunds.");
        }
    }

    private void Grant(DateTimeOffset at)
    {
        Status = RefundStatus.Granted;
        DecidedAt = at;
        NextAttemptAt = at;
        Version = Guid.NewGuid();
    }
}

/// <summary>What the formula gives for a proposal (<see cref="Refund.Quote"/>): the same numbers <see cref="Refund.Propose"/> records.</summary>
public sealed record RefundQuote(
    IReadOnlyList<RefundQuoteLine> Lines, Money LinesAmount, int DeductionBasisPoints, Money Deduction, Money Shipping, Money Amount, int RequiredApprovals)
{
    /// <summary>Within the agent limit, but the buyer's risk score sends it to a supervisor.</summary>
    public bool ForRisk { get; init; }

    public long LinesMinor => LinesAmount.Minor;

    public long DeductionMinor => Deduction.Minor;

    public long ShippingMinor => Shipping.Minor;

    public long AmountMinor => Amount.Minor;

    public int Items => Lines.Sum(l => l.Quantity);
}

/// <summary>One line of a quote: the items refunded now and their share of what the line paid.</summary>
public sealed record RefundQuoteLine(long OrderLineId, int Quantity, long AmountMinor);

public class RefundLine
{
    private RefundLine()
    {
    }

    internal RefundLine(long orderLineId, int quantity, long amountMinor)
    {
        OrderLineId = orderLineId;
        Quantity = quantity;
        AmountMinor = amountMinor;
    }

    public long Id { get; private set; }

    public long RefundId { get; private set; }

    public long OrderLineId { get; private set; }

    public int Quantity { get; private set; }

    public long AmountMinor { get; private set; }
}

public class RefundApproval
{
    private RefundApproval()
    {
    }

    internal RefundApproval(string approverId, string approverName, DateTimeOffset at)
    {
        ApproverId = approverId;
        ApproverName = approverName;
        At = at;
    }

    public long Id { get; private set; }

    public long RefundId { get; private set; }

    public string ApproverId { get; private set; } = "";

    public string ApproverName { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}
