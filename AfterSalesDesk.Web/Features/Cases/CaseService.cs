using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
using AfterSalesDesk.Data.Providers;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AfterSalesDesk.Web.Features.Cases;

/// <summary>
/// Opening and working after-sales cases. Every method checks who the user is and whose case it is
/// (a merchant only ever reaches its own store's cases; anything else is "not found" and audited),
/// runs as one transaction, and answers expected failures with a readable <see cref="Result"/>.
/// </summary>
public sealed class CaseService(
    IDbContextFactory<AppDbContext> contextFactory,
    IOptions<CaseLimits> limits,
    IOptions<SlaPolicy> sla,
    AttachmentStore attachments,
    Queues.CaseFeed feed,
    AuditActors actors,
    AuditWriter audit,
    TimeProvider clock,
    UserClock userClock,
    Risk.RiskService risk)
{
    private const string NotFound = "That case does not exist, or it is not yours to see.";

    public IReadOnlyList<string> Reasons => limits.Value.EffectiveReasons;

    public IReadOnlyList<string> Carriers => limits.Value.EffectiveCarriers;

    /// <param name="beforeCommit">Runs in the command's transaction once the case is saved (the API stores the response to
    /// its Idempotency-Key there, so a crash after the commit cannot open the case twice: decision 0025 §6).</param>
    public async Task<CaseResult> OpenAsync(
        ClaimsPrincipal user, OpenCaseInput input, CancellationToken cancellationToken = default, Func<AppDbContext, AfterSalesCase, Task>? beforeCommit = null)
    {
        var access = CaseAccess.For(user);
        if (access.Role is not (Roles.Agent or Roles.Supervisor or Roles.Buyer))
        {
            var denied = await audit.DenyAsync(actors.For(user), "case.open", "Order", input.OrderId.ToString(CultureInfo.InvariantCulture),
                "Only agents and supervisors open cases for buyers.");
            return new CaseResult(denied, null);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), "case.open", clock);

        // The buyer's risk score, read before the write transaction (see RiskService.ScoreAsync); the case is saved with it,
        // so no case exists without its first score.
        var now = clock.GetUtcNow();
        var buyerId = await db.Orders.Where(o => o.Id == input.OrderId).Select(o => (long?)o.CustomerId).SingleOrDefaultAsync(cancellationToken);
        var score = buyerId is null || (access.IsBuyer && buyerId != access.CustomerId)
            ? null
            : await risk.ScoreAsync(db, new Risk.RiskSubject(buyerId.Value, input.OrderId, null, input.Kind, input.Reason.Trim()), now, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await db.Orders.Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == input.OrderId, cancellationToken);
        if (order is null || (access.IsBuyer && order.CustomerId != access.CustomerId))
        {
            // Another buyer's order reads exactly as one that does not exist.
            return new CaseResult(Result.NotFound("That order does not exist."), null);
        }

        if (access.IsBuyer && input.Priority != CasePriority.Normal)
        {
            return new CaseResult(Result.Invalid("A buyer's request starts at normal priority; agents set the priority."), null);
        }

        var earlier = await db.CaseLines
            .Join(db.Cases.Where(c => c.OrderId == order.Id), l => l.CaseId, c => c.Id,
                (l, c) => new EarlierCaseLine(c.Id, l.OrderLineId, l.Quantity, c.Kind, c.Status, c.WasRefunded))
            .ToListAsync(cancellationToken);
        var requested = input.Lines.Select(l => (l.OrderLineId, l.Quantity)).ToList();
        AfterSalesCase afterSalesCase;
        try
        {
            CasePolicy.Check(order, input.Kind, input.Reason, input.Stage, requested, earlier, limits.Value, now);
            // Inside the IMMEDIATE transaction, so no other writer can take the same number.
            var next = (await db.Cases.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0) + 1;
            afterSalesCase = AfterSalesCase.Open($"AS{now:yyyyMMdd}{next:D8}", order, input.Kind, input.Reason, input.Stage,
                input.Description ?? "", requested, ActorOf(user), now, input.Priority, sla.Value);
        }
        catch (DomainException ex)
        {
            return new CaseResult(Result.Invalid(ex.Message), null);
        }

        score ??= await risk.ScoreAsync(db, afterSalesCase, now, cancellationToken);
        afterSalesCase.RecordRisk(score, now);
        db.Cases.Add(afterSalesCase);
        await db.SaveChangesAsync(cancellationToken);
        Risk.RiskService.Record(db, afterSalesCase, score, Data.Risk.RiskTrigger.CaseOpened, null, now);
        if (limits.Value.AssignToOpener && !access.IsBuyer)
        {
            // The opener takes it in the same transaction, audited as a take like any other.
            db.AuditAs(actors.For(user), "case.take", clock);
            afterSalesCase.Take(ActorOf(user), now);
            await db.SaveChangesAsync(cancellationToken);
        }

        // The assessment row (not audited: a score is a record in itself) goes with the opener's take, or alone.
        await db.SaveChangesAsync(cancellationToken);
        if (beforeCommit is not null)
        {
            await beforeCommit(db, afterSalesCase);
        }

        await transaction.CommitAsync(cancellationToken);
        feed.Poke();
        return new CaseResult(Result.Ok, afterSalesCase.Id);
    }

    /// <summary>The case page: order, case, conversation, attachments, history and what this user may do now.</summary>
    public async Task<CaseDetails?> GetAsync(ClaimsPrincipal user, long caseId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var afterSalesCase = await LoadAsync(db, user, caseId, "case.view", tracking: false, cancellationToken);
        if (afterSalesCase is null)
        {
            return null;
        }

        var access = CaseAccess.For(user);
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Merchant).Include(o => o.Customer)
            .AsSplitQuery().SingleAsync(o => o.Id == afterSalesCase.OrderId, cancellationToken);
        var lines = afterSalesCase.Lines.Select(cl =>
        {
            var line = order.Lines.Single(l => l.Id == cl.OrderLineId);
            return new CaseLineRow(line.ProductName, line.Sku, cl.Quantity, line.Quantity, line.UnitPrice(order.Currency), line.PaidAmount(order.Currency), line.Id);
        }).ToList();
        var messages = afterSalesCase.Messages
            .Where(m => access.IsBuyer ? m.Visibility == MessageVisibility.ToBuyer : !access.IsMerchant || m.Visibility != MessageVisibility.Internal)
            .OrderBy(m => m.At).ThenBy(m => m.Id)
            .Select(m => new MessageRow(m.Id, m.Visibility, m.Body, m.AuthorName, m.AuthorRole, m.At))
            .ToList();
        return new CaseDetails(
            afterSalesCase.Id, afterSalesCase.CaseNo, afterSalesCase.Kind, afterSalesCase.Status, afterSalesCase.Reason, afterSalesCase.Stage,
            afterSalesCase.Description, afterSalesCase.CreatedAt, afterSalesCase.CreatedBy, afterSalesCase.UpdatedAt, afterSalesCase.UpdatedBy,
            afterSalesCase.Version, order.Id, order.OrderNo, order.Status, order.Merchant!.Name, order.Customer!.Name, order.Customer.Code,
            order.DeliveredAt, order.AmountDue, lines, messages,
            afterSalesCase.Attachments.OrderBy(a => a.UploadedAt).Select(a => new AttachmentRow(a.Id, a.FileName, a.ContentType, a.Size, a.UploadedBy, a.UploadedAt)).ToList(),
            afterSalesCase.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new HistoryRow(h.From, h.To, h.Action, h.ActorName, h.ActorRole, h.Reason, h.At)).ToList(),
            afterSalesCase.AvailableActions(access.Role),
            WritableVisibilities(access),
            afterSalesCase.Priority, afterSalesCase.AssigneeId, afterSalesCase.AssigneeName,
            afterSalesCase.Deadlines.OrderBy(d => d.StartedAt).ThenBy(d => d.Id)
                .Select(d => new DeadlineRow(d.Id, d.Kind, d.Party, d.State, d.StartedAt, d.DueAt, d.RemainingTicks is { } left ? TimeSpan.FromTicks(left) : null,
                    d.BreachedAt, d.EndedAt, d.Outcome, d.StatusAt(clock.GetUtcNow())))
                .ToList(),
            afterSalesCase.SlaDueAt,
            afterSalesCase.Shipments.OrderBy(p => p.ShippedAt).ThenBy(p => p.Id)
                .Select(p => new ShipmentRow(p.Leg, p.Carrier, p.TrackingNo, p.ShippedAt, p.RecordedBy, p.DeliveredAt, p.DeliveryRecordedBy, p.DeliveryNote)).ToList(),
            afterSalesCase.Inspections.OrderBy(i => i.InspectedAt).ThenBy(i => i.Id)
                .Select(i => new InspectionRow(i.Result, i.DeductionBasisPoints, i.DeductionKind, i.Notes, i.InspectedBy, i.InspectedByRole, i.InspectedAt)).ToList(),
            afterSalesCase.Repair is { } repair
                ? new RepairRow(repair.Coverage, repair.WarrantyEndsAt, repair.CoverageNote, repair.QuoteState, repair.Quote, repair.QuoteNote, repair.QuotedBy,
                    repair.QuotedAt, repair.AnsweredBy, repair.AnsweredAt, repair.Stage, repair.StageAt)
                : null,
            afterSalesCase.Kind == CaseKind.Repair ? await WarrantyAsync(db, afterSalesCase, cancellationToken) : null,
            afterSalesCase.Offers.OrderBy(o => o.OfferedAt).ThenBy(o => o.Id).Select(o => new OfferRow(o.Kind, o.RefundShareBasisPoints, o.Text, o.OfferedBy, o.OfferedAt)).ToList(),
            afterSalesCase.AcceptedRefundShare,
            await db.Complaints.Where(c => c.CaseId == afterSalesCase.Id).OrderByDescending(c => c.Id)
                .Select(c => new CaseComplaintRow(c.Id, c.ComplaintNo, c.Status)).FirstOrDefaultAsync(cancellationToken),
            new RepairPermissions(
                CanQuote: afterSalesCase.Status == CaseStatus.Inspected && afterSalesCase.Repair is { Coverage: RepairCoverage.Chargeable, QuoteState: QuoteState.None or QuoteState.Declined }
                    && access.Role is Roles.Merchant or Roles.Agent or Roles.Supervisor,
                CanAnswer: afterSalesCase.Status == CaseStatus.Inspected && afterSalesCase.Repair is { QuoteState: QuoteState.Pending } && access.Role is Roles.Agent or Roles.Supervisor or Roles.Buyer,
                CanRecordProgress: afterSalesCase.Status == CaseStatus.Repairing && access.Role is Roles.Merchant or Roles.Agent or Roles.Supervisor),
            CanAttach(access));
    }

    /// <summary>
    /// Takes an action. The version the user saw must still be current, so two people working one
    /// case never overwrite each other silently: the second is told who changed it.
    /// </summary>
    /// <param name="step">The waybill or inspection a move needs (see <see cref="CaseActions.Rule.Needs"/>); ignored otherwise.</param>
    public Task<Result> ActAsync(
        ClaimsPrincipal user, long caseId, CaseAction action, string? reason, Guid seenVersion, CaseStepInput? step = null, CancellationToken cancellationToken = default) =>
        CommandAsync(user, caseId, "case." + action, reason, seenVersion, async (db, afterSalesCase) =>
        {
            if (action == CaseAction.Escalate && afterSalesCase.Status == CaseStatus.MerchantRejected)
            {
                throw new DomainException("A buyer's escalation after the merchant's rejection opens a dispute: use \"Escalate to dispute\".");
            }

            var needs = CaseActions.Rules[action].Needs;
            var caseStep = new CaseStep
            {
                Waybill = needs.HasFlag(StepNeeds.Waybill) ? await WaybillAsync(db, user, step, cancellationToken) : null,
                Inspection = needs.HasFlag(StepNeeds.Inspection) ? InspectionOf(step) : null,
                Offer = needs.HasFlag(StepNeeds.Offer) ? OfferOf(step) : null,
                Warranty = needs.HasFlag(StepNeeds.Inspection) && afterSalesCase.Kind == CaseKind.Repair ? await WarrantyAsync(db, afterSalesCase, cancellationToken) : null,
            };
            afterSalesCase.Apply(action, ActorOf(user), reason, clock.GetUtcNow(), sla.Value, caseStep);
        }, cancellationToken);

    /// <summary>The highest repair quote, in major units: far above any repair, far below where money arithmetic could overflow.</summary>
    public const decimal MaxQuoteMajor = 1_000_000m;

    /// <summary>A charged repair's price for the buyer (merchant, agent or supervisor), in the order's currency.</summary>
    public Task<Result> QuoteRepairAsync(ClaimsPrincipal user, long caseId, decimal price, string? note, Guid seenVersion, CancellationToken cancellationToken = default) =>
        CommandAsync(user, caseId, "case.repair.quote", note, seenVersion, async (db, afterSalesCase) =>
        {
            var currency = await db.Orders.Where(o => o.Id == afterSalesCase.OrderId).Select(o => o.Currency).SingleAsync(cancellationToken);
            if (price <= 0 || price > MaxQuoteMajor || decimal.Round(price, 2) != price)
            {
                throw new DomainException(string.Create(CultureInfo.InvariantCulture, $"Enter the price as an amount above 0 and at most {MaxQuoteMajor:N2}, with at most two decimals."));
            }

            afterSalesCase.QuoteRepair(Money.FromMajor(price, currency), note, ActorOf(user), clock.GetUtcNow());
        }, cancellationToken);

    /// <summary>The buyer's answer to the quote, recorded by an agent or supervisor.</summary>
    public Task<Result> AnswerQuoteAsync(ClaimsPrincipal user, long caseId, bool accepted, Guid seenVersion, CancellationToken cancellationToken = default) =>
        CommandAsync(user, caseId, accepted ? "case.repair.quote-accepted" : "case.repair.quote-declined", null, seenVersion, (_, afterSalesCase) =>
        {
            afterSalesCase.AnswerQuote(accepted, ActorOf(user), clock.GetUtcNow());
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<Result> RecordRepairProgressAsync(ClaimsPrincipal user, long caseId, RepairStage stage, string? note, Guid seenVersion, CancellationToken cancellationToken = default) =>
        CommandAsync(user, caseId, "case.repair.progress", note, seenVersion, (_, afterSalesCase) =>
        {
            afterSalesCase.RecordRepairProgress(stage, note, ActorOf(user), clock.GetUtcNow());
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// One command on a case the user may see, as it was when they looked (else "changed by X, reload"):
    /// a refusal is a readable message and an audited failure; nothing is half-saved.
    /// </summary>
    private async Task<Result> CommandAsync(
        ClaimsPrincipal user, long caseId, string auditAction, string? reason, Guid seenVersion, Func<AppDbContext, AfterSalesCase, Task> change, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), auditAction, clock, reason);
        var afterSalesCase = await LoadAsync(db, user, caseId, auditAction, tracking: true, cancellationToken);
        if (afterSalesCase is null)
        {
            return Result.NotFound(NotFound);
        }

        if (afterSalesCase.Version != seenVersion)
        {
            return Stale(afterSalesCase);
        }

        try
        {
            await change(db, afterSalesCase);
        }
        catch (DomainException ex)
        {
            await audit.RecordAsync(actors.For(user), auditAction, "AfterSalesCase", caseId.ToString(CultureInfo.InvariantCulture),
                AuditOutcome.Failed, ex.Message, cancellationToken);
            return Result.Invalid(ex.Message);
        }

        return await SaveAsync(db, afterSalesCase, cancellationToken);
    }

    /// <summary>The waybill as entered: a listed carrier, a well-formed number, not already on another case.</summary>
    private async Task<Waybill> WaybillAsync(AppDbContext db, ClaimsPrincipal user, CaseStepInput? step, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(step?.Carrier) || !Carriers.Contains(step.Carrier.Trim()))
        {
            throw new DomainException("Choose one of the listed carriers.");
        }

        var waybill = new Waybill(step.Carrier, step.TrackingNo ?? "");
        var usedOn = await db.Set<CaseShipment>().Where(p => p.Carrier == waybill.Carrier && p.TrackingNo == waybill.TrackingNo)
            .Join(db.Cases, p => p.CaseId, c => c.Id, (p, c) => new { c.CaseNo, c.MerchantId })
            .FirstOrDefaultAsync(cancellationToken);
        if (usedOn is not null)
        {
            // A merchant does not learn another store's case number.
            throw new DomainException(CaseAccess.For(user).Sees(usedOn.MerchantId)
                ? $"Waybill {waybill} is already recorded on case {usedOn.CaseNo}; a parcel belongs to one case."
                : $"Waybill {waybill} is already recorded on another case; a parcel belongs to one case.");
        }

        return waybill;
    }

    private static InspectionInput InspectionOf(CaseStepInput? step)
    {
        if (step?.Result is not { } result)
        {
            throw new DomainException("Choose what the inspection found.");
        }

        if (step.DeductionPercent is < 0 or > 100 || decimal.Round(step.DeductionPercent, 2) != step.DeductionPercent)
        {
            throw new DomainException("Enter the deduction as a percentage from 0 to 100 with at most two decimals.");
        }

        return new InspectionInput(result, (int)(step.DeductionPercent * 100), step.DeductionKind, step.Notes);
    }

    private static OfferInput OfferOf(CaseStepInput? step)
    {
        if (step?.OfferKind is not { } kind)
        {
            throw new DomainException("Choose what the merchant offers.");
        }

        if (kind != OfferKind.PartialRefund)
        {
            return new OfferInput(kind, null);
        }

        if (step.OfferSharePercent is not { } share || share <= 0 || share >= 100 || decimal.Round(share, 2) != share)
        {
            throw new DomainException("Enter the buyer's share of the refund as a percentage above 0 and below 100, with at most two decimals.");
        }

        return new OfferInput(kind, (int)(share * 100));
    }

    /// <summary>The warranty of a repair's items, from the order's delivery to the request.</summary>
    private static async Task<WarrantyCheck> WarrantyAsync(AppDbContext db, AfterSalesCase afterSalesCase, CancellationToken cancellationToken)
    {
        var lineIds = afterSalesCase.Lines.Select(l => l.OrderLineId).ToList();
        var items = await db.Orders.Where(o => o.Id == afterSalesCase.OrderId).SelectMany(o => o.Lines)
            .Where(l => lineIds.Contains(l.Id))
            .Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => new { l.ProductName, p.WarrantyMonths })
            .ToListAsync(cancellationToken);
        var deliveredAt = await db.Orders.Where(o => o.Id == afterSalesCase.OrderId).Select(o => o.DeliveredAt).SingleAsync(cancellationToken);
        return WarrantyCheck.Of(deliveredAt, items.Select(i => (i.ProductName, i.WarrantyMonths)).ToList(), afterSalesCase.CreatedAt);
    }

    public async Task<Result> AddMessageAsync(ClaimsPrincipal user, long caseId, MessageVisibility visibility, string body, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        if (!WritableVisibilities(access).Contains(visibility))
        {
            await audit.RecordAsync(actors.For(user), "case.message", "AfterSalesCase", caseId.ToString(CultureInfo.InvariantCulture),
                AuditOutcome.Denied, $"A {access.Role} cannot write {visibility} messages.", cancellationToken);
            return Result.Forbidden($"You cannot write {visibility} messages.");
        }

        return await ChangeWithRetryAsync(user, caseId, "case.message", c => c.AddMessage(visibility, body, ActorOf(user), clock.GetUtcNow()), cancellationToken);
    }

    /// <summary>
    /// Who may attach files to a case they can see: those who work it (agents, supervisors) and its
    /// merchant. Managers only watch cases, like admins they add nothing to them.
    /// </summary>
    public static bool CanAttach(CaseAccess access) => access.Role is Roles.Agent or Roles.Supervisor or Roles.Merchant or Roles.Buyer;

    public async Task<Result> AddAttachmentAsync(ClaimsPrincipal user, long caseId, string fileName, Stream content, CancellationToken cancellationToken = default)
    {
        if (!CanAttach(CaseAccess.For(user)))
        {
            return await audit.DenyAsync(actors.For(user), "case.attach", "AfterSalesCase", caseId.ToString(CultureInfo.InvariantCulture),
                "Only agents, supervisors and the case's merchant attach files.");
        }

        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await LoadAsync(db, user, caseId, "case.attach", tracking: false, cancellationToken) is null)
            {
                return Result.NotFound(NotFound);
            }
        }

        var name = Path.GetFileName(fileName ?? "").Trim();
        if (name.Length is 0 or > 255)
        {
            return Result.Invalid("The file needs a name of at most 255 characters.");
        }

        StoredFile stored;
        try
        {
            stored = await attachments.SaveAsync(content, cancellationToken);
        }
        catch (AttachmentRejectedException ex)
        {
            await audit.RecordAsync(actors.For(user), "case.attach", "AfterSalesCase", caseId.ToString(CultureInfo.InvariantCulture),
                AuditOutcome.Failed, $"{name}: {ex.Message}", cancellationToken);
            return Result.Invalid(ex.Message);
        }

        return await ChangeWithRetryAsync(user, caseId, "case.attach",
            c => c.AddAttachment(name, stored.ContentType, stored.Size, stored.Sha256, ActorOf(user), clock.GetUtcNow()), cancellationToken);
    }

    /// <summary>An attachment's bytes for a user allowed to see its case; null otherwise.</summary>
    public async Task<AttachmentFile?> OpenAttachmentAsync(ClaimsPrincipal user, long caseId, long attachmentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var afterSalesCase = await LoadAsync(db, user, caseId, "case.attachment.download", tracking: false, cancellationToken);
        var attachment = afterSalesCase?.Attachments.SingleOrDefault(a => a.Id == attachmentId);
        return attachment is null ? null : new AttachmentFile(attachments.Open(attachment.Sha256), attachment.ContentType, attachment.FileName);
    }

    private async Task<Result> ChangeWithRetryAsync(ClaimsPrincipal user, long caseId, string action, Action<AfterSalesCase> change, CancellationToken cancellationToken)
    {
        // Appending a message or a file does not depend on what others did meanwhile, so a concurrent
        // change just means: load again and append again.
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            db.AuditAs(actors.For(user), action, clock);
            var afterSalesCase = await LoadAsync(db, user, caseId, action, tracking: true, cancellationToken);
            if (afterSalesCase is null)
            {
                return Result.NotFound(NotFound);
            }

            try
            {
                change(afterSalesCase);
            }
            catch (DomainException ex)
            {
                return Result.Invalid(ex.Message);
            }

            var result = await SaveAsync(db, afterSalesCase, cancellationToken);
            if (result.Status != ResultStatus.Conflict || attempt == 3)
            {
                return result;
            }
        }
    }

    private async Task<Result> SaveAsync(AppDbContext db, AfterSalesCase afterSalesCase, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            feed.Poke();
            return Result.Ok;
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException && db.FailureOf(ex)?.Is(DbFailureKind.Unique, ConstraintNames.OneCasePerParcel) == true)
        {
            return Result.Conflict("That waybill number was just recorded on another case; a parcel belongs to one case.");
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Cases.AsNoTracking().Where(c => c.Id == afterSalesCase.Id)
                .Select(c => new { c.UpdatedBy, c.UpdatedAt }).SingleAsync(cancellationToken);
            return Result.Conflict($"Case {afterSalesCase.CaseNo} was changed by {current.UpdatedBy} at {userClock.Format(current.UpdatedAt, "HH:mm:ss")}. Reload to see the change, then try again.");
        }
    }

    /// <summary>Loads a case the user may see, or null; a merchant probing another store's id is audited.</summary>
    private async Task<AfterSalesCase?> LoadAsync(AppDbContext db, ClaimsPrincipal user, long caseId, string action, bool tracking, CancellationToken cancellationToken)
    {
        var access = CaseAccess.For(user);
        IQueryable<AfterSalesCase> cases = db.Cases.Include(c => c.Lines).Include(c => c.History).Include(c => c.Messages).Include(c => c.Attachments).Include(c => c.Deadlines)
            .Include(c => c.Shipments).Include(c => c.Inspections).Include(c => c.Repair).Include(c => c.Offers).AsSplitQuery();
        if (!tracking)
        {
            cases = cases.AsNoTracking();
        }

        var afterSalesCase = await cases.SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (afterSalesCase is not null && !access.SeesCase(afterSalesCase.MerchantId, afterSalesCase.CustomerId))
        {
            await audit.RecordAsync(actors.For(user), action, "AfterSalesCase", caseId.ToString(CultureInfo.InvariantCulture),
                AuditOutcome.Denied, "Not this user's case.", cancellationToken);
            return null;
        }

        return afterSalesCase;
    }

    private Result Stale(AfterSalesCase afterSalesCase) =>
        Result.Conflict($"Case {afterSalesCase.CaseNo} was changed by {afterSalesCase.UpdatedBy} at {userClock.Format(afterSalesCase.UpdatedAt, "HH:mm:ss")}. Reload to see the change, then try again.");

    private static IReadOnlyList<MessageVisibility> WritableVisibilities(CaseAccess access) => access.Role switch
    {
        Roles.Agent or Roles.Supervisor => [MessageVisibility.ToBuyer, MessageVisibility.ToMerchant, MessageVisibility.Internal],
        Roles.Merchant => [MessageVisibility.ToBuyer, MessageVisibility.ToMerchant],
        Roles.Buyer => [MessageVisibility.ToBuyer], // the buyer's conversation with the platform and the merchant
        _ => [],
    };

    internal static CaseActor ActorOf(ClaimsPrincipal user) => Integration.ApiCaller.BuyerOf(user) is { } buyer
        ? new(user.FindFirstValue(ClaimTypes.NameIdentifier), $"{buyer} ({user.Identity?.Name})", Roles.Buyer)
        : new(
            user.FindFirstValue(ClaimTypes.NameIdentifier),
            user.Identity?.Name ?? "unknown",
            Roles.All.FirstOrDefault(user.IsInRole) ?? "None");
}

public sealed record CaseResult(Result Result, long? CaseId);

/// <summary>What the waybill and inspection dialogs collect; only the part the move needs is read.</summary>
public sealed class CaseStepInput
{
    public string? Carrier { get; set; }
    public string? TrackingNo { get; set; }
    public InspectionResult? Result { get; set; }

    /// <summary>Of the paid amount of the returned lines, e.g. 12.5 for 12.5 %.</summary>
    public decimal DeductionPercent { get; set; }
    public DeductionKind? DeductionKind { get; set; }
    public string? Notes { get; set; }
    public OfferKind? OfferKind { get; set; }

    /// <summary>For a partial refund: the buyer's share, e.g. 30 for 30 %.</summary>
    public decimal? OfferSharePercent { get; set; }
}

public sealed record ShipmentRow(
    ShipmentLeg Leg, string Carrier, string TrackingNo, DateTimeOffset ShippedAt, string RecordedBy, DateTimeOffset? DeliveredAt, string? DeliveryRecordedBy, string? DeliveryNote);

public sealed record InspectionRow(
    InspectionResult Result, int DeductionBasisPoints, DeductionKind? DeductionKind, string? Notes, string InspectedBy, string InspectedByRole, DateTimeOffset InspectedAt);

public sealed record RepairRow(
    RepairCoverage Coverage, DateTimeOffset? WarrantyEndsAt, string CoverageNote, QuoteState QuoteState, Money? Quote, string? QuoteNote, string? QuotedBy,
    DateTimeOffset? QuotedAt, string? AnsweredBy, DateTimeOffset? AnsweredAt, RepairStage? Stage, DateTimeOffset? StageAt);

/// <summary>A merchant's counter-offer as the case page shows it.</summary>
public sealed record OfferRow(OfferKind Kind, int? RefundShareBasisPoints, string Text, string OfferedBy, DateTimeOffset OfferedAt);

/// <summary>The case's latest dispute, if the buyer escalated it.</summary>
public sealed record CaseComplaintRow(long Id, string ComplaintNo, Data.Complaints.ComplaintStatus Status);

/// <summary>Which of the repair's own commands (not moves of the case) this user may use now.</summary>
public sealed record RepairPermissions(bool CanQuote, bool CanAnswer, bool CanRecordProgress);

public sealed class OpenCaseInput
{
    public long OrderId { get; set; }
    public CaseKind Kind { get; set; } = CaseKind.RefundOnly;
    public CasePriority Priority { get; set; } = CasePriority.Normal;
    public string Reason { get; set; } = "";
    public ProblemStage Stage { get; set; } = ProblemStage.AfterDelivery;
    public string? Description { get; set; }
    public List<RequestedLine> Lines { get; set; } = [];
}

public sealed class RequestedLine
{
    public long OrderLineId { get; set; }
    public int Quantity { get; set; }
}

public sealed record CaseLineRow(string ProductName, string Sku, int Quantity, int Bought, Money UnitPrice, Money LinePaid, long OrderLineId);

public sealed record MessageRow(long Id, MessageVisibility Visibility, string Body, string AuthorName, string AuthorRole, DateTimeOffset At);

public sealed record AttachmentRow(long Id, string FileName, string ContentType, long Size, string UploadedBy, DateTimeOffset UploadedAt);

public sealed record HistoryRow(CaseStatus? From, CaseStatus To, CaseAction? Action, string ActorName, string ActorRole, string? Reason, DateTimeOffset At);

public sealed record AttachmentFile(Stream Content, string ContentType, string FileName);

public sealed record CaseDetails(
    long Id, string CaseNo, CaseKind Kind, CaseStatus Status, string Reason, ProblemStage Stage, string Description,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string UpdatedBy, Guid Version,
    long OrderId, string OrderNo, Data.Orders.OrderStatus OrderStatus, string Merchant, string Buyer, string BuyerCode,
    DateTimeOffset? DeliveredAt, Money OrderAmount,
    IReadOnlyList<CaseLineRow> Lines, IReadOnlyList<MessageRow> Messages, IReadOnlyList<AttachmentRow> Attachments,
    IReadOnlyList<HistoryRow> History, IReadOnlyList<CaseAction> Actions, IReadOnlyList<MessageVisibility> WritableVisibilities,
    CasePriority Priority, string? AssigneeId, string? AssigneeName, IReadOnlyList<DeadlineRow> Deadlines, DateTimeOffset? NextDueAt,
    IReadOnlyList<ShipmentRow> Shipments, IReadOnlyList<InspectionRow> Inspections, RepairRow? Repair, WarrantyCheck? Warranty,
    IReadOnlyList<OfferRow> Offers, int? AcceptedRefundShare, CaseComplaintRow? Complaint, RepairPermissions RepairCommands, bool CanAttach)
{
    /// <summary>The latest inspection decides the refund's deduction and what may follow.</summary>
    public InspectionRow? LatestInspection => Inspections.Count == 0 ? null : Inspections[^1];
}

/// <summary>A clock as the case page shows it.</summary>
public sealed record DeadlineRow(
    long Id, DeadlineKind Kind, DeadlineParty Party, DeadlineState State, DateTimeOffset StartedAt, DateTimeOffset? DueAt, TimeSpan? Remaining,
    DateTimeOffset? BreachedAt, DateTimeOffset? EndedAt, string? Outcome, SlaStatus Status);

/// <summary>What the step dialog returns: the facts and the written reason, if any.</summary>
public sealed record CaseStepAnswer(CaseStepInput Step, string? Reason);
