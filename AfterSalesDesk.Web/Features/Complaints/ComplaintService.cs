using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Complaints;

/// <summary>
/// Complaints and disputes: opening (from an order, or by escalating a rejected case), the sides'
/// statements and evidence in turn, arbitration and its consequences (a forced refund through the
/// refunds flow, the case closed for the merchant, penalty points), reopening. A merchant reaches only
/// its own store's complaints; anything else is "not found" and audited. One transaction per command.
/// The lists, counts and rankings are <see cref="ComplaintListService"/>'s.
/// </summary>
public sealed class ComplaintService(
    IDbContextFactory<AppDbContext> contextFactory,
    IOptions<ComplaintRules> rules,
    IOptions<SlaPolicy> sla,
    IOptions<RefundLimits> refundLimits,
    AttachmentStore attachments,
    CaseFeed feed,
    AuditActors actors,
    AuditWriter audit,
    TimeProvider clock,
    UserClock userClock)
{
    private const string NotFound = "That complaint does not exist, or it is not yours to see.";

    public ComplaintRules Rules => rules.Value;

    public static bool CanOpen(ClaimsPrincipal user) => user.IsInRole(Roles.Agent) || user.IsInRole(Roles.Supervisor);

    public async Task<ComplaintDetails?> GetAsync(ClaimsPrincipal user, long complaintId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await LoadAsync(db, user, complaintId, "complaint.view", tracking: false, cancellationToken);
        if (complaint is null)
        {
            return null;
        }

        var order = await db.Orders.AsNoTracking().Include(o => o.Merchant).Include(o => o.Customer)
            .SingleAsync(o => o.Id == complaint.OrderId, cancellationToken);
        var caseNo = complaint.CaseId is { } caseId ? await db.Cases.Where(c => c.Id == caseId).Select(c => c.CaseNo).SingleAsync(cancellationToken) : null;
        var refund = complaint.RefundId is { } refundId
            ? await db.Refunds.Where(r => r.Id == refundId).Select(r => new { r.AmountMinor, r.Currency, r.Status }).SingleAsync(cancellationToken)
            : null;
        var actor = CaseService.ActorOf(user);
        return new ComplaintDetails(
            complaint.Id, complaint.ComplaintNo, complaint.Category, complaint.Severity, complaint.Channel, complaint.Status, complaint.Summary,
            complaint.OpenedAt, complaint.OpenedBy, complaint.EvidenceDueAt, complaint.AwaitedParty, complaint.Outcome, complaint.Reasoning,
            complaint.AwardBasisPoints, complaint.PenaltyPoints, complaint.DecidedBy, complaint.DecidedAt, complaint.Version,
            order.Id, order.OrderNo, order.Merchant!.Name, order.Customer!.Name, complaint.CaseId, caseNo,
            refund is null ? null : new Money(refund.AmountMinor, refund.Currency), refund?.Status,
            complaint.Statements.OrderBy(s => s.At).ThenBy(s => s.Id).Select(s => new StatementRow(s.Party, s.Text, s.AuthorName, s.AuthorRole, s.At)).ToList(),
            complaint.Evidence.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new EvidenceRow(e.Id, e.Party, e.FileName, e.Size, e.UploadedBy, e.At)).ToList(),
            complaint.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new ComplaintHistoryRow(h.From, h.To, h.ActorName, h.ActorRole, h.Note, h.At)).ToList(),
            PartiesFor(actor, complaint), Commands(actor, complaint));
    }

    /// <summary>A complaint without a case: about a merchant, on one of the buyer's orders there.</summary>
    public async Task<ComplaintResult> OpenAsync(ClaimsPrincipal user, OpenComplaintInput input, CancellationToken cancellationToken = default)
    {
        if (!CanOpen(user))
        {
            return new(await audit.DenyAsync(actors.For(user), "complaint.open", "Order", input.OrderNo, "Only agents and supervisors record complaints."), null);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), "complaint.open", clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var orderNo = (input.OrderNo ?? "").Trim();
        var order = await db.Orders.SingleOrDefaultAsync(o => o.OrderNo == orderNo, cancellationToken);
        if (order is null)
        {
            return new(Result.Invalid($"There is no order {orderNo}."), null);
        }

        Complaint complaint;
        try
        {
            complaint = Complaint.Open(await NextNumberAsync(db, cancellationToken), order, null, input.Category, input.Severity, input.Channel,
                input.Summary ?? "", CaseService.ActorOf(user), clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return new(Result.Invalid(ex.Message), null);
        }

        db.Complaints.Add(complaint);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(Result.Ok, complaint.Id);
    }

    /// <summary>
    /// The buyer escalates (维权) a case the merchant rejected, within the configured days of the
    /// rejection: the case becomes Escalated and a dispute opens awaiting the merchant's evidence, together.
    /// </summary>
    public async Task<ComplaintResult> EscalateCaseAsync(
        ClaimsPrincipal user, long caseId, ComplaintSeverity severity, ComplaintChannel channel, string? summary, Guid seenVersion, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        if (!CanOpen(user) && !access.IsBuyer)
        {
            return new(await audit.DenyAsync(actors.For(user), "complaint.escalate", "AfterSalesCase", Id(caseId), "Only agents and supervisors record escalations."), null);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), "complaint.escalate", clock, summary);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var afterSalesCase = await db.Cases.Include(c => c.History).Include(c => c.Deadlines).AsSplitQuery().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (afterSalesCase is null || !access.SeesCase(afterSalesCase.MerchantId, afterSalesCase.CustomerId))
        {
            return new(Result.NotFound("That case does not exist."), null);
        }

        if (afterSalesCase.Version != seenVersion)
        {
            return new(Result.Conflict($"Case {afterSalesCase.CaseNo} was changed by {afterSalesCase.UpdatedBy}. Reload to see the change, then try again."), null);
        }

        var now = clock.GetUtcNow();
        var actor = CaseService.ActorOf(user);
        Complaint complaint;
        try
        {
            var rejectedAt = afterSalesCase.Status == CaseStatus.MerchantRejected
                ? afterSalesCase.History.Where(h => h.To == CaseStatus.MerchantRejected).Max(h => h.At)
                : throw new DomainException($"Case {afterSalesCase.CaseNo} is {afterSalesCase.Status}; a buyer escalates a case the merchant rejected.");
            if (now > rejectedAt.AddDays(rules.Value.EscalationDays))
            {
                throw new DomainException($"A buyer may escalate within {rules.Value.EscalationDays} days of the merchant's rejection; case {afterSalesCase.CaseNo} was rejected at {userClock.Format(rejectedAt)} ({userClock.ZoneId}).");
            }

            var order = await db.Orders.SingleAsync(o => o.Id == afterSalesCase.OrderId, cancellationToken);
            var text = string.IsNullOrWhiteSpace(summary) ? $"The buyer disputes the merchant's rejection of case {afterSalesCase.CaseNo}." : summary;
            if (text.Length > Complaint.EscalationMaxLength)
            {
                // It is the case's reason as well as the complaint's summary: refused, not cut, so both keep what was written.
                throw new DomainException($"An escalation can have at most {Complaint.EscalationMaxLength:N0} characters.");
            }

            afterSalesCase.Apply(CaseAction.Escalate, actor, text, now, sla.Value);
            complaint = Complaint.Open(await NextNumberAsync(db, cancellationToken), order, afterSalesCase.Id, ComplaintCategory.AfterSalesDispute,
                severity, channel, text, actor, now);
            complaint.RequestMerchantEvidence(actor.IsStaff ? actor : CaseActor.System, rules.Value, now);
        }
        catch (DomainException ex)
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actors.For(user), "complaint.escalate", "AfterSalesCase", Id(caseId), AuditOutcome.Failed, ex.Message, cancellationToken);
            return new(Result.Invalid(ex.Message), null);
        }

        db.Complaints.Add(complaint);
        if (await SaveAsync(db, cancellationToken) is { } problem)
        {
            return new(problem, null);
        }

        await transaction.CommitAsync(cancellationToken);
        feed.Poke();
        return new(Result.Ok, complaint.Id);
    }

    public Task<Result> RequestMerchantEvidenceAsync(ClaimsPrincipal user, long complaintId, Guid seenVersion, CancellationToken cancellationToken = default) =>
        CommandAsync(user, complaintId, "complaint.request-evidence", null, seenVersion,
            (_, c, actor, now) => { c.RequestMerchantEvidence(actor, rules.Value, now); return Task.CompletedTask; }, cancellationToken);

    public Task<Result> AddStatementAsync(ClaimsPrincipal user, long complaintId, ComplaintParty party, string text, Guid seenVersion, CancellationToken cancellationToken = default) =>
        CommandAsync(user, complaintId, "complaint.statement", null, seenVersion,
            (_, c, actor, now) => { c.AddStatement(party, text, actor, rules.Value, now); return Task.CompletedTask; }, cancellationToken);

    public Task<Result> SendToArbitrationAsync(ClaimsPrincipal user, long complaintId, string? reason, Guid seenVersion, CancellationToken cancellationToken = default) =>
        CommandAsync(user, complaintId, "complaint.arbitrate", reason, seenVersion,
            (_, c, actor, now) => { c.SendToArbitration(actor, reason, now); return Task.CompletedTask; }, cancellationToken);

    public Task<Result> CloseAsync(ClaimsPrincipal user, long complaintId, string? reason, Guid seenVersion, CancellationToken cancellationToken = default) =>
        CommandAsync(user, complaintId, "complaint.close", reason, seenVersion,
            (_, c, actor, now) => { c.Close(actor, reason, now); return Task.CompletedTask; }, cancellationToken);

    public Task<Result> ReopenAsync(ClaimsPrincipal user, long complaintId, string reason, Guid seenVersion, CancellationToken cancellationToken = default) =>
        CommandAsync(user, complaintId, "complaint.reopen", reason, seenVersion,
            (_, c, actor, now) => { c.Reopen(actor, reason, rules.Value, now); return Task.CompletedTask; }, cancellationToken);

    /// <summary>
    /// The arbitration. For the buyer (or partly), a dispute over a case forces the refund through the
    /// refunds flow in the same transaction: the case goes to awaiting refund and a refund of the case's
    /// lines (the buyer's share of them for a partial decision) is proposed by the arbiter, to be approved
    /// within the limits like any other. For the merchant, the escalated case is closed.
    /// </summary>
    public Task<Result> DecideAsync(
        ClaimsPrincipal user, long complaintId, ArbitrationOutcome outcome, string reasoning, decimal? buyerSharePercent, Guid seenVersion, CancellationToken cancellationToken = default) =>
        CommandAsync(user, complaintId, "complaint.decide", reasoning, seenVersion, async (db, complaint, actor, now) =>
        {
            int? award = null;
            if (outcome == ArbitrationOutcome.Partial)
            {
                if (buyerSharePercent is not { } share || share is < 0 or > 100 || decimal.Round(share, 2) != share)
                {
                    throw new DomainException("Enter the buyer's share as a percentage from 0 to 100 with at most two decimals.");
                }

                award = (int)(share * 100);
            }

            complaint.Decide(outcome, reasoning, award, actor, rules.Value, now);
            if (complaint.CaseId is not { } caseId)
            {
                return;
            }

            var afterSalesCase = await db.Cases.Include(c => c.Lines).Include(c => c.History).Include(c => c.Deadlines)
                .AsSplitQuery().SingleAsync(c => c.Id == caseId, cancellationToken);
            if (afterSalesCase.Status != CaseStatus.Escalated)
            {
                throw new DomainException($"Case {afterSalesCase.CaseNo} is {afterSalesCase.Status}, no longer escalated; decide it on the case.");
            }

            if (outcome == ArbitrationOutcome.ForMerchant)
            {
                afterSalesCase.Apply(CaseAction.Close, actor, $"Arbitration {complaint.ComplaintNo} decided for the merchant.", now, sla.Value);
                return;
            }

            afterSalesCase.Apply(CaseAction.RequestRefund, actor, $"Arbitration {complaint.ComplaintNo} decided {outcome}.", now, sla.Value);
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == afterSalesCase.OrderId, cancellationToken);
            var earlier = await db.Refunds.Include(r => r.Lines).Where(r => r.OrderId == order.Id).ToListAsync(cancellationToken);
            var refund = Refund.Propose(afterSalesCase, order, afterSalesCase.Lines.Select(l => (l.OrderLineId, l.Quantity)).ToList(), includeShipping: false,
                award is { } part ? 10_000 - part : 0, award is { } kept ? $"Arbitration {complaint.ComplaintNo}: the buyer gets {kept / 100m:0.##} %" : null,
                earlier, refundLimits.Value, actor, now);
            db.Refunds.Add(refund);
            await db.SaveChangesAsync(cancellationToken);
            complaint.LinkRefund(refund.Id);
        }, cancellationToken);

    public async Task<Result> AddEvidenceAsync(ClaimsPrincipal user, long complaintId, ComplaintParty party, string fileName, Stream content, Guid seenVersion, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(fileName ?? "").Trim();
        if (name.Length is 0 or > 255)
        {
            return Result.Invalid("The file needs a name of at most 255 characters.");
        }

        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await LoadAsync(db, user, complaintId, "complaint.evidence", tracking: false, cancellationToken) is null)
            {
                return Result.NotFound(NotFound);
            }
        }

        StoredFile stored;
        try
        {
            stored = await attachments.SaveAsync(content, cancellationToken);
        }
        catch (AttachmentRejectedException ex)
        {
            return Result.Invalid(ex.Message);
        }

        return await CommandAsync(user, complaintId, "complaint.evidence", name, seenVersion, (_, c, actor, now) =>
        {
            c.AddEvidence(party, name, stored.ContentType, stored.Size, stored.Sha256, actor, now);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public async Task<AttachmentFile?> OpenEvidenceAsync(ClaimsPrincipal user, long complaintId, long evidenceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await LoadAsync(db, user, complaintId, "complaint.evidence.download", tracking: false, cancellationToken);
        var item = complaint?.Evidence.SingleOrDefault(e => e.Id == evidenceId);
        return item is null ? null : new AttachmentFile(attachments.Open(item.Sha256), item.ContentType, item.FileName);
    }

    private async Task<Result> CommandAsync(
        ClaimsPrincipal user, long complaintId, string auditAction, string? detail, Guid seenVersion,
        Func<AppDbContext, Complaint, CaseActor, DateTimeOffset, Task> change, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), auditAction, clock, detail);
        // The access check may audit a denial on its own context, so it runs before this one takes the write lock.
        var complaint = await LoadAsync(db, user, complaintId, auditAction, tracking: true, cancellationToken);
        if (complaint is null)
        {
            return Result.NotFound(NotFound);
        }

        if (complaint.Version != seenVersion)
        {
            return Result.Conflict($"Complaint {complaint.ComplaintNo} was changed by {complaint.UpdatedBy} at {userClock.Format(complaint.UpdatedAt, "HH:mm:ss")}. Reload to see the change, then try again.");
        }

        // What the change reads (the case, the order's refunds) is read under the write lock; a change to
        // the complaint since it was loaded fails on its version token at save.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        try
        {
            await change(db, complaint, CaseService.ActorOf(user), clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            await transaction.RollbackAsync(cancellationToken);
            await audit.RecordAsync(actors.For(user), auditAction, "Complaint", Id(complaintId), AuditOutcome.Failed, ex.Message, cancellationToken);
            return Result.Invalid(ex.Message);
        }

        if (await SaveAsync(db, cancellationToken) is { } problem)
        {
            return problem;
        }

        await transaction.CommitAsync(cancellationToken);
        feed.Poke();
        return Result.Ok;
    }

    private static async Task<Result?> SaveAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflict("Someone changed this at the same moment. Reload to see the change, then try again.");
        }
        catch (DbUpdateException ex) when (db.FailureOf(ex)?.Is(DbFailureKind.Unique, ConstraintNames.OneActiveDisputePerCase) == true)
        {
            return Result.Conflict("This case already has a dispute in progress.");
        }
    }

    /// <summary>Loads a complaint the user may see, or null; a merchant probing another store's id is audited.</summary>
    private async Task<Complaint?> LoadAsync(AppDbContext db, ClaimsPrincipal user, long complaintId, string action, bool tracking, CancellationToken cancellationToken)
    {
        var access = CaseAccess.For(user);
        IQueryable<Complaint> complaints = db.Complaints.Include(c => c.Statements).Include(c => c.Evidence).Include(c => c.History).AsSplitQuery();
        if (!tracking)
        {
            complaints = complaints.AsNoTracking();
        }

        var complaint = await complaints.SingleOrDefaultAsync(c => c.Id == complaintId, cancellationToken);
        if (complaint is not null && !access.Sees(complaint.MerchantId))
        {
            await audit.RecordAsync(actors.For(user), action, "Complaint", Id(complaintId), AuditOutcome.Denied, "Not this user's complaint.", cancellationToken);
            return null;
        }

        return complaint;
    }

    private async Task<string> NextNumberAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        // Inside the write transaction, so no other writer takes the same number.
        var next = (await db.Complaints.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0) + 1;
        return $"CP{clock.GetUtcNow():yyyyMMdd}{next:D8}";
    }

    /// <summary>For whom this user may write statements and upload evidence now.</summary>
    private static IReadOnlyList<ComplaintParty> PartiesFor(CaseActor actor, Complaint complaint)
    {
        if (!complaint.IsActive)
        {
            return [];
        }

        if (actor.Role == Roles.Merchant)
        {
            return complaint.Status == ComplaintStatus.UnderArbitration ? [] : [ComplaintParty.Merchant];
        }

        if (!actor.IsStaff)
        {
            return [];
        }

        return complaint.Status == ComplaintStatus.UnderArbitration ? [ComplaintParty.Platform] : [ComplaintParty.Buyer, ComplaintParty.Platform];
    }

    private ComplaintCommands Commands(CaseActor actor, Complaint complaint)
    {
        var supervisor = actor.Role == Roles.Supervisor;
        var within = complaint.DecidedAt is { } decided && clock.GetUtcNow() <= decided.AddDays(rules.Value.ReopenDays) && complaint.Reopened < rules.Value.MaxReopens;
        return new ComplaintCommands(
            RequestEvidence: actor.IsStaff && complaint.Status == ComplaintStatus.Open,
            SendToArbitration: supervisor && complaint.Status is ComplaintStatus.Open or ComplaintStatus.AwaitingMerchantEvidence or ComplaintStatus.AwaitingBuyerEvidence,
            Decide: supervisor && complaint.Status == ComplaintStatus.UnderArbitration,
            Close: actor.IsStaff && complaint.Status is ComplaintStatus.Open or ComplaintStatus.Decided,
            Reopen: supervisor && complaint.Status is ComplaintStatus.Decided or ComplaintStatus.Closed && within);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

public sealed class OpenComplaintInput
{
    public string? OrderNo { get; set; }
    public ComplaintCategory Category { get; set; } = ComplaintCategory.ServiceAttitude;
    public ComplaintSeverity Severity { get; set; } = ComplaintSeverity.Medium;
    public ComplaintChannel Channel { get; set; } = ComplaintChannel.Phone;
    public string? Summary { get; set; }
}

public sealed record ComplaintResult(Result Result, long? ComplaintId);

public sealed record StatementRow(ComplaintParty Party, string Text, string AuthorName, string AuthorRole, DateTimeOffset At);

public sealed record EvidenceRow(long Id, ComplaintParty Party, string FileName, long Size, string UploadedBy, DateTimeOffset At);

public sealed record ComplaintHistoryRow(ComplaintStatus? From, ComplaintStatus To, string ActorName, string ActorRole, string Note, DateTimeOffset At);

public sealed record ComplaintCommands(bool RequestEvidence, bool SendToArbitration, bool Decide, bool Close, bool Reopen);

public sealed record ComplaintDetails(
    long Id, string ComplaintNo, ComplaintCategory Category, ComplaintSeverity Severity, ComplaintChannel Channel, ComplaintStatus Status, string Summary,
    DateTimeOffset OpenedAt, string OpenedBy, DateTimeOffset? EvidenceDueAt, ComplaintParty? AwaitedParty, ArbitrationOutcome? Outcome, string? Reasoning,
    int? AwardBasisPoints, int PenaltyPoints, string? DecidedBy, DateTimeOffset? DecidedAt, Guid Version,
    long OrderId, string OrderNo, string Merchant, string Buyer, long? CaseId, string? CaseNo, Money? Refund, RefundStatus? RefundStatus,
    IReadOnlyList<StatementRow> Statements, IReadOnlyList<EvidenceRow> Evidence, IReadOnlyList<ComplaintHistoryRow> History,
    IReadOnlyList<ComplaintParty> WritableParties, ComplaintCommands Commands);
