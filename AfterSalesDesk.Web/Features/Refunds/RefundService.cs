using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Refunds;

/// <summary>
/// Proposing, approving and rejecting refunds. Each command is one IMMEDIATE transaction, so concurrent
/// commands on one order or one refund are serialized and each sees the other's result; the database's
/// constraints (balance CHECK, one approval per supervisor, one refund in progress per case, unique
/// idempotency key) answer anything that slips past. Granting writes the execution request in the same
/// transaction; <see cref="RefundWorker"/> carries it out. A failed refund waits for a supervisor, who
/// retries it under the same key or cancels it once the gateway says it never paid it.
/// </summary>
public sealed class RefundService(
    IDbContextFactory<AppDbContext> contextFactory,
    IOptions<RefundLimits> limits,
    AuditActors actors,
    AuditWriter audit,
    CaseFeed feed,
    IPaymentGateway gateway,
    IOptions<SlaPolicy> sla,
    TimeProvider clock,
    Risk.RiskService risk)
{
    public static bool CanPropose(ClaimsPrincipal user) => user.IsInRole(Roles.Agent) || user.IsInRole(Roles.Supervisor);

    public static bool CanDecide(ClaimsPrincipal user) => user.IsInRole(Roles.Supervisor);

    public RefundLimits Limits => limits.Value;

    public async Task<RefundResult> ProposeAsync(ClaimsPrincipal user, long caseId, RefundInput input, CancellationToken cancellationToken = default)
    {
        if (!CanPropose(user))
        {
            return new(await DenyAsync(user, "refund.propose", caseId, "Only agents and supervisors propose refunds."), null);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), "refund.propose", clock);

        // Every proposal gets its own score, from the buyer's past as it is now, read before the write transaction (see
        // RiskService.ScoreAsync): above the review threshold the refund waits for a supervisor whatever its amount; above
        // the block threshold refund-only is refused unless a supervisor overrode it on the case.
        var now = clock.GetUtcNow();
        var subject = await db.Cases.AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new Risk.RiskSubject(c.CustomerId, c.OrderId, c.Id, c.Kind, c.Reason)).SingleOrDefaultAsync(cancellationToken);
        var score = subject is null ? null : await risk.ScoreAsync(db, subject, now, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var proposal = await LoadProposalAsync(db, caseId, input, cancellationToken);
        if (proposal.Refused is { } refused)
        {
            return new(refused, null);
        }

        var (afterSalesCase, order, earlier, deduction, deductionReason, _) = proposal;
        score ??= await risk.ScoreAsync(db, afterSalesCase!, now, cancellationToken);
        Refund refund;
        try
        {
            refund = Refund.Propose(afterSalesCase!, order!, Requested(input), input.IncludeShipping,
                deduction, deductionReason, earlier, limits.Value, CaseService.ActorOf(user), now, score);

            // Checked again here, inside the same IMMEDIATE transaction, from the rows as stored: the items of the
            // case's refunds that hold them, with this one, stay within the case's quantities.
            await EnsureWithinCaseAsync(db, afterSalesCase!, refund, cancellationToken);
        }
        catch (DomainException ex)
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actors.For(user), "refund.propose", "AfterSalesCase", Id(caseId), AuditOutcome.Failed, ex.Message, cancellationToken);
            if (score.BlocksRefundOnly && afterSalesCase!.Kind == Data.Cases.CaseKind.RefundOnly && afterSalesCase.RiskOverrideAt is null)
            {
                await RecordRefusingScoreAsync(user, caseId, score, now, cancellationToken);
            }

            return new(Result.Invalid(ex.Message), null);
        }

        db.Refunds.Add(refund);
        afterSalesCase!.RecordRisk(score, now);
        db.AuditAs(actors.For(user), "refund.propose", clock,
            $"{afterSalesCase.CaseNo}: {refund.Amount} ({refund.RequiredApprovals} approvals needed{(refund.ReviewedForRisk ? ", for the risk score" : "")}; risk {score.Score})");
        if (await SaveAsync(db, cancellationToken) is { } conflict)
        {
            return new(conflict, null);
        }

        Risk.RiskService.Record(db, afterSalesCase, score, Data.Risk.RiskTrigger.RefundProposed, refund.Id, now);
        await db.SaveChangesAsync(cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        feed.Poke();
        return new(Result.Ok, refund.Id);
    }

    /// <summary>
    /// A proposal the block threshold refused still leaves its score (an assessment with no refund, and the case's latest
    /// score), so the case's panel shows the score that refused it and under which rule set. Its own save: the refused
    /// proposal's transaction is rolled back.
    /// </summary>
    private async Task RecordRefusingScoreAsync(ClaimsPrincipal user, long caseId, Data.Risk.RiskResult score, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), "refund.propose", clock, "refused by the risk score");
        if (await db.Cases.SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken) is { } afterSalesCase)
        {
            Risk.RiskService.Record(db, afterSalesCase, score, Data.Risk.RiskTrigger.RefundProposed, null, now);
            await SaveAsync(db, cancellationToken);
        }
    }

    public async Task<Result> ApproveAsync(ClaimsPrincipal user, long refundId, CancellationToken cancellationToken = default)
    {
        if (!CanDecide(user))
        {
            return await DenyAsync(user, "refund.approve", refundId, "Only supervisors approve refunds.");
        }

        return await DecideAsync(user, refundId, "refund.approve", (refund, _) => refund.Approve(CaseService.ActorOf(user), limits.Value, clock.GetUtcNow()), cancellationToken);
    }

    public async Task<Result> RejectAsync(ClaimsPrincipal user, long refundId, string reason, CancellationToken cancellationToken = default)
    {
        if (!CanDecide(user))
        {
            return await DenyAsync(user, "refund.reject", refundId, "Only supervisors reject refunds.");
        }

        return await DecideAsync(user, refundId, "refund.reject", (refund, order) => refund.Reject(CaseService.ActorOf(user), reason, order, clock.GetUtcNow()), cancellationToken);
    }

    /// <summary>
    /// A supervisor sends a failed refund to the gateway again, under the same idempotency key: the worker
    /// then executes it, and a gateway that did pay before answers with that payment, so it is never paid
    /// twice. The status re-check inside the IMMEDIATE transaction makes a second click, or a second
    /// supervisor, get a readable refusal.
    /// </summary>
    public async Task<Result> RetryAsync(ClaimsPrincipal user, long refundId, CancellationToken cancellationToken = default)
    {
        const string action = "refund.retry";
        if (!CanDecide(user))
        {
            return await DenyAsync(user, action, refundId, "Only supervisors retry failed refunds.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), action, clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var refund = await db.Refunds.SingleOrDefaultAsync(r => r.Id == refundId, cancellationToken);
        if (refund is null)
        {
            return Result.NotFound("That refund does not exist.");
        }

        var caseRefunds = await db.Refunds.Where(r => r.CaseId == refund.CaseId).ToListAsync(cancellationToken);
        var (attempts, lastError) = (refund.Attempts, refund.LastError);
        try
        {
            refund.Retry(CaseService.ActorOf(user), caseRefunds, clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actors.For(user), action, "Refund", Id(refundId), AuditOutcome.Failed, ex.Message, cancellationToken);
            return Result.Invalid(ex.Message);
        }

        db.AuditAs(actors.For(user), action, clock, $"retry under the same key {refund.IdempotencyKey} after {attempts} attempts ({lastError ?? "no error recorded"})");
        if (await SaveAsync(db, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await transaction.CommitAsync(cancellationToken);
        feed.Poke();
        return Result.Ok;
    }

    /// <summary>
    /// A supervisor cancels a failed refund, which releases its amount on the order. The gateway is asked
    /// first, with the refund's key and outside any transaction (a write transaction must never wait on the
    /// gateway, nor be opened on a second context meanwhile): if it never paid, the refund is cancelled; if it
    /// did, the refund is marked paid instead (<see cref="RefundCancelResult.FoundPaid"/>) and its amount stays
    /// reserved. Then one IMMEDIATE transaction re-reads the refund and applies the answer only if nobody
    /// changed the refund since it was read, so the answer is never applied to a refund retried meanwhile and
    /// two supervisors clicking at once give one result.
    /// </summary>
    public async Task<RefundCancelResult> CancelAsync(ClaimsPrincipal user, long refundId, string? reason, CancellationToken cancellationToken = default)
    {
        const string action = "refund.cancel";
        if (!CanDecide(user))
        {
            return new(await DenyAsync(user, action, refundId, "Only supervisors cancel failed refunds."));
        }

        var supervisor = CaseService.ActorOf(user);
        Refund? seen;
        await using (var read = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            seen = await read.Refunds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == refundId, cancellationToken);
        }

        if (seen is null)
        {
            return new(Result.NotFound("That refund does not exist."));
        }

        try
        {
            seen.EnsureCancellable(supervisor, reason);
        }
        catch (DomainException ex)
        {
            await audit.RecordAsync(actors.For(user), action, "Refund", Id(refundId), AuditOutcome.Failed, ex.Message, cancellationToken);
            return new(Result.Invalid(ex.Message));
        }

        GatewayReceipt? receipt;
        try
        {
            receipt = await gateway.FindAsync(seen.IdempotencyKey, cancellationToken);
        }
        catch (Exception ex) when (ex is GatewayTransientException or TimeoutException or HttpRequestException)
        {
            const string unknown = "The payment gateway did not answer, so it is not known whether it paid this refund; nothing was changed. Try again in a moment.";
            await audit.RecordAsync(actors.For(user), action, "Refund", Id(refundId), AuditOutcome.Failed, $"{unknown} ({ex.Message})", cancellationToken);
            return new(Result.Conflict(unknown));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), action, clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var refund = await db.Refunds.SingleAsync(r => r.Id == refundId, cancellationToken);
        if (refund.Version != seen.Version)
        {
            var changed = $"Someone changed this refund while the gateway was asked; it is now {refund.Status}. Reload and decide again.";
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actors.For(user), action, "Refund", Id(refundId), AuditOutcome.Failed, changed, cancellationToken);
            return new(Result.Conflict(changed));
        }

        var now = clock.GetUtcNow();
        try
        {
            if (receipt is not null)
            {
                // Not cancelled: the money went out, so the refund is paid and the case moves on as the worker would move it.
                refund.Succeed(receipt.GatewayReference, now);
                var afterSalesCase = await db.Cases.Include(c => c.Deadlines).Include(c => c.History).AsSplitQuery()
                    .SingleAsync(c => c.Id == refund.CaseId, cancellationToken);
                afterSalesCase.ConfirmRefundPaid(receipt.GatewayReference, now, sla.Value);
                db.AuditAs(actors.For(user), action, clock,
                    $"not cancelled: the gateway had paid {refund.Amount} under key {refund.IdempotencyKey}, gateway reference {receipt.GatewayReference}");
            }
            else
            {
                var order = await db.Orders.SingleAsync(o => o.Id == refund.OrderId, cancellationToken);
                refund.Cancel(supervisor, reason!, order, now);
                db.AuditAs(actors.For(user), action, clock, $"cancelled {refund.Amount}; the gateway never paid key {refund.IdempotencyKey}: {refund.RejectionReason}");
            }
        }
        catch (DomainException ex)
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actors.For(user), action, "Refund", Id(refundId), AuditOutcome.Failed, ex.Message, cancellationToken);
            return new(Result.Invalid(ex.Message));
        }

        if (await SaveAsync(db, cancellationToken) is { } conflict)
        {
            return new(conflict);
        }

        await transaction.CommitAsync(cancellationToken);
        feed.Poke();
        return new(Result.Ok, refund.Status, refund.GatewayReference);
    }

    /// <summary>The refunds of a case, for its page; null when the user may not see the case.</summary>
    public async Task<IReadOnlyList<RefundRow>?> ForCaseAsync(ClaimsPrincipal user, long caseId, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var merchantId = await db.Cases.Where(c => c.Id == caseId).Select(c => (int?)c.MerchantId).SingleOrDefaultAsync(cancellationToken);
        if (merchantId is null || !access.Sees(merchantId.Value))
        {
            return null;
        }

        var me = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var refunds = await db.Refunds.AsNoTracking().Include(r => r.Approvals).Include(r => r.Lines).AsSplitQuery()
            .Where(r => r.CaseId == caseId).OrderBy(r => r.ProposedAt).ToListAsync(cancellationToken);
        return refunds.Select(r => Row(r, me, CanDecide(user), Risk.RiskService.CanSee(user))).ToList();
    }

    /// <summary>Supervisors' approval queue: oldest first, with how long each has waited and when it is due.</summary>
    public async Task<IReadOnlyList<ApprovalRow>?> ApprovalQueueAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (!CanDecide(user))
        {
            await DenyAsync(user, "refund.queue", 0, "Only supervisors see the approval queue.");
            return null;
        }

        var me = user.FindFirstValue(ClaimTypes.NameIdentifier);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var waiting = await db.Refunds.AsNoTracking().Include(r => r.Approvals).Include(r => r.Lines).AsSplitQuery()
            .Where(r => r.Status == RefundStatus.AwaitingApproval).OrderBy(r => r.ProposedAt).Take(200).ToListAsync(cancellationToken);
        var caseIds = waiting.Select(r => r.CaseId).ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.CaseNo, cancellationToken);
        var hours = limits.Value.ApprovalHours;
        return waiting.Select(r => new ApprovalRow(Row(r, me, true, true), cases.GetValueOrDefault(r.CaseId, ""), r.ProposedAt.AddHours(hours))).ToList();
    }

    /// <param name="seesRisk">Platform staff see the proposal's risk score; a merchant never does.</param>
    private static RefundRow Row(Refund r, string? me, bool supervisor, bool seesRisk) => new(
        r.Id, r.CaseId, r.Status, r.Amount, new Money(r.LinesMinor, r.Currency), new Money(r.DeductionMinor, r.Currency), r.DeductionBasisPoints,
        r.DeductionReason, new Money(r.ShippingMinor, r.Currency), r.RequiredApprovals, r.Approvals.Select(a => a.ApproverName).ToList(),
        r.ProposedBy, r.ProposedAt, r.RejectedBy, r.RejectionReason, r.Attempts, r.LastError, r.GatewayReference, r.ExecutedAt,
        r.Lines.Sum(l => l.Quantity),
        CanApprove: supervisor && r.Status == RefundStatus.AwaitingApproval && r.ProposedById != me && r.Approvals.All(a => a.ApproverId != me),
        CanReject: supervisor && r.Status == RefundStatus.AwaitingApproval,
        CanRetryOrCancel: supervisor && r.AwaitsAPerson,
        RiskScore: seesRisk ? r.RiskScore : null,
        RiskLevel: seesRisk ? r.RiskLevel : null,
        ReviewedForRisk: seesRisk && r.ReviewedForRisk);

    private async Task<Result> DecideAsync(ClaimsPrincipal user, long refundId, string action, Action<Refund, Data.Orders.Order> decide, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), action, clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var refund = await db.Refunds.Include(r => r.Approvals).SingleOrDefaultAsync(r => r.Id == refundId, cancellationToken);
        if (refund is null)
        {
            return Result.NotFound("That refund does not exist.");
        }

        var order = await db.Orders.SingleAsync(o => o.Id == refund.OrderId, cancellationToken);
        try
        {
            decide(refund, order);
        }
        catch (DomainException ex)
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actors.For(user), action, "Refund", Id(refundId), AuditOutcome.Failed, ex.Message, cancellationToken);
            return Result.Invalid(ex.Message);
        }

        if (await SaveAsync(db, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await transaction.CommitAsync(cancellationToken);
        feed.Poke();
        return Result.Ok;
    }

    /// <summary>Null when saved; a readable conflict when a database constraint refused the change.</summary>
    private static async Task<Result?> SaveAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException ex) when (ConflictMessage(ex, db.FailureOf(ex)) is { } message)
        {
            return Result.Conflict(message);
        }
    }

    /// <summary>What a concurrent change or a refusal of the refund's rules tells the person; null for any other failure.</summary>
    private static string? ConflictMessage(DbUpdateException exception, DbFailure? failure) => failure switch
    {
        { Kind: DbFailureKind.Unique, Constraint: ConstraintNames.OneApprovalPerApprover } => "You already approved this refund.",
        { Kind: DbFailureKind.Unique, Constraint: ConstraintNames.OneRefundInProgressPerCase } => "This case already has a refund in progress; wait for its decision.",
        { Kind: DbFailureKind.Check, Constraint: ConstraintNames.RefundBalance } => "The order's refundable balance is smaller than this refund.",
        { Kind: DbFailureKind.Unique or DbFailureKind.Check } => ChangedMeanwhile,
        _ => exception is DbUpdateConcurrencyException ? ChangedMeanwhile : null,
    };

    private const string ChangedMeanwhile = "Someone changed this refund or its order at the same moment; reload and try again.";

    /// <summary>
    /// What a proposal would be, for the refund form as the agent edits it: the amount and the approvals it needs,
    /// computed by <see cref="Refund.Quote"/> from the same data <see cref="ProposeAsync"/> reads (so the form shows
    /// what would be proposed), or the readable reason it would be refused; and how many items of each case line are
    /// left to refund. Null when the user may not propose on this case.
    /// </summary>
    public async Task<RefundPreview?> PreviewAsync(ClaimsPrincipal user, long caseId, RefundInput input, CancellationToken cancellationToken = default)
    {
        if (!CanPropose(user))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var proposal = await LoadProposalAsync(db, caseId, input, cancellationToken);
        if (proposal.Case is null)
        {
            return null;
        }

        var left = Refund.UnitsLeftOnCase(proposal.Case, proposal.Earlier);
        if (proposal.Refused is { } refused)
        {
            return new(null, refused.Error, left);
        }

        try
        {
            var score = await risk.ScoreAsync(db, proposal.Case, clock.GetUtcNow(), cancellationToken);
            return new(Refund.Quote(proposal.Case, proposal.Order!, Requested(input), input.IncludeShipping, proposal.Deduction, proposal.DeductionReason,
                proposal.Earlier, limits.Value, score), null, left);
        }
        catch (DomainException ex)
        {
            return new(null, ex.Message, left);
        }
    }

    private static List<(long OrderLineId, int Quantity)> Requested(RefundInput input) =>
        input.Lines.Select(l => (l.OrderLineId, l.Quantity)).ToList();

    private sealed record Proposal(
        Data.Cases.AfterSalesCase? Case, Data.Orders.Order? Order, IReadOnlyList<Refund> Earlier, int Deduction, string? DeductionReason, Result? Refused);

    /// <summary>The case (with its lines), its order, the order's refunds and the deduction that applies: what a proposal is computed from.</summary>
    private static async Task<Proposal> LoadProposalAsync(AppDbContext db, long caseId, RefundInput input, CancellationToken cancellationToken)
    {
        var afterSalesCase = await db.Cases.Include(c => c.Lines).Include(c => c.Inspections).Include(c => c.Offers).Include(c => c.History).AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (afterSalesCase is null)
        {
            return new(null, null, [], 0, null, Result.NotFound("That case does not exist."));
        }

        var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == afterSalesCase.OrderId, cancellationToken);
        var earlier = await db.Refunds.Include(r => r.Lines).Where(r => r.OrderId == order.Id).ToListAsync(cancellationToken);

        // The seeds' formula: the deduction comes from the inspection of the returned goods. Only when the
        // platform overruled a rejecting inspection (on escalation) does the proposer set it.
        var (deduction, deductionReason) = (input.DeductionBasisPoints, input.DeductionReason);
        Result? refused = null;
        if (DeductionFrom(afterSalesCase.LatestInspection) is { } inspected)
        {
            if (deduction != 0 && deduction != inspected.DeductionBasisPoints)
            {
                refused = Result.Invalid($"The deduction comes from the inspection ({inspected.DeductionBasisPoints / 100m:0.##} %); it is not changed on the refund.");
            }

            (deduction, deductionReason) = (inspected.DeductionBasisPoints, inspected.DeductionReason);
        }
        else if (afterSalesCase.AcceptedRefundShare is { } share)
        {
            // The buyer accepted the merchant's partial refund: the rest is what the refund keeps back.
            if (deduction != 0 && deduction != 10_000 - share)
            {
                refused = Result.Invalid($"The buyer accepted a refund of {share / 100m:0.##} %; it is not changed on the refund.");
            }

            (deduction, deductionReason) = (10_000 - share, $"Accepted counter-offer: the buyer gets {share / 100m:0.##} % and keeps the goods");
        }

        return new(afterSalesCase, order, earlier, deduction, deductionReason, refused);
    }

    /// <summary>Refuses a refund whose items, with those the case's other refunds hold (as stored), exceed the case's quantities.</summary>
    private static async Task EnsureWithinCaseAsync(AppDbContext db, Data.Cases.AfterSalesCase afterSalesCase, Refund refund, CancellationToken cancellationToken)
    {
        var stored = await db.Refunds.AsNoTracking()
            .Where(r => r.CaseId == afterSalesCase.Id && (r.Status == RefundStatus.AwaitingApproval || r.Status == RefundStatus.Granted
                || r.Status == RefundStatus.Succeeded || r.Status == RefundStatus.Failed))
            .SelectMany(r => r.Lines).GroupBy(l => l.OrderLineId).Select(g => new { g.Key, Quantity = g.Sum(l => l.Quantity) })
            .ToDictionaryAsync(g => g.Key, g => g.Quantity, cancellationToken);
        var caseLines = await db.CaseLines.AsNoTracking().Where(l => l.CaseId == afterSalesCase.Id)
            .GroupBy(l => l.OrderLineId).Select(g => new { g.Key, Quantity = g.Sum(l => l.Quantity) })
            .ToDictionaryAsync(g => g.Key, g => g.Quantity, cancellationToken);
        foreach (var line in refund.Lines)
        {
            var allowed = caseLines.GetValueOrDefault(line.OrderLineId);
            if (stored.GetValueOrDefault(line.OrderLineId) + line.Quantity > allowed)
            {
                throw new DomainException(
                    $"Case {afterSalesCase.CaseNo} concerns {allowed} of that item; {Math.Max(0, allowed - stored.GetValueOrDefault(line.OrderLineId))} of them are left to refund, not {line.Quantity}.");
            }
        }
    }

    /// <summary>The inspection whose deduction a refund takes: the latest, unless it rejected the goods.</summary>
    public static Data.Cases.CaseInspection? DeductionFrom(Data.Cases.CaseInspection? latest) =>
        latest is { Result: not Data.Cases.InspectionResult.Rejected } ? latest : null;

    private async Task<Result> DenyAsync(ClaimsPrincipal user, string action, long id, string why) =>
        await audit.DenyAsync(actors.For(user), action, "Refund", Id(id), why);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

public sealed class RefundInput
{
    public List<RequestedLine> Lines { get; set; } = [];
    public bool IncludeShipping { get; set; }

    /// <summary>100 = 1 %.</summary>
    public int DeductionBasisPoints { get; set; }
    public string? DeductionReason { get; set; }
}

public sealed record RefundResult(Result Result, long? RefundId);

/// <summary>
/// The refund form's live preview: the quote (amount and approvals) or why it would be refused, and how many
/// items of each case line (by order line id) are left to refund on the case.
/// </summary>
public sealed record RefundPreview(RefundQuote? Quote, string? Refusal, IReadOnlyDictionary<long, int> LeftOnCase);

public sealed record RefundRow(
    long Id, long CaseId, RefundStatus Status, Money Amount, Money Lines, Money Deduction, int DeductionBasisPoints, string? DeductionReason,
    Money Shipping, int RequiredApprovals, IReadOnlyList<string> ApprovedBy, string ProposedBy, DateTimeOffset ProposedAt, string? RejectedBy,
    string? RejectionReason, int Attempts, string? LastError, string? GatewayReference, DateTimeOffset? ExecutedAt, int Items, bool CanApprove, bool CanReject,
    bool CanRetryOrCancel, int? RiskScore = null, Data.Risk.RiskLevel? RiskLevel = null, bool ReviewedForRisk = false);

/// <summary>
/// The outcome of cancelling a failed refund: on success, the refund's status now, which is
/// <see cref="RefundStatus.Succeeded"/> (with the gateway's reference) when the gateway turned out to have paid it.
/// </summary>
public sealed record RefundCancelResult(Result Result, RefundStatus? Status = null, string? GatewayReference = null)
{
    /// <summary>The gateway had paid it: it was marked paid, not cancelled.</summary>
    public bool FoundPaid => Result.Succeeded && Status == RefundStatus.Succeeded;
}

public sealed record ApprovalRow(RefundRow Refund, string CaseNo, DateTimeOffset DueAt);

/// <summary>A case line the refund form offers: the order line and how many items the case concerns.</summary>
public sealed record RefundableLine(long OrderLineId, string ProductName, int Quantity);
