using System.Globalization;
using System.Security.Claims;
using AfterSalesDesk.Data;
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
    TimeProvider clock)
{
    private const string NotFound = "That case does not exist, or it is not yours to see.";

    public IReadOnlyList<string> Reasons => limits.Value.EffectiveReasons;

    public async Task<CaseResult> OpenAsync(ClaimsPrincipal user, OpenCaseInput input, CancellationToken cancellationToken = default)
    {
        var access = CaseAccess.For(user);
        if (access.Role is not (Roles.Agent or Roles.Supervisor))
        {
            var denied = await audit.DenyAsync(actors.For(user), "case.open", "Order", input.OrderId.ToString(CultureInfo.InvariantCulture),
                "Only agents and supervisors open cases for buyers.");
            return new CaseResult(denied, null);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), "case.open", clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await db.Orders.Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == input.OrderId, cancellationToken);
        if (order is null)
        {
            return new CaseResult(Result.NotFound("That order does not exist."), null);
        }

        var earlier = await db.CaseLines
            .Join(db.Cases.Where(c => c.OrderId == order.Id), l => l.CaseId, c => c.Id,
                (l, c) => new EarlierCaseLine(c.Id, l.OrderLineId, l.Quantity, c.Kind, c.Status, c.WasRefunded))
            .ToListAsync(cancellationToken);
        var requested = input.Lines.Select(l => (l.OrderLineId, l.Quantity)).ToList();
        var now = clock.GetUtcNow();
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

        db.Cases.Add(afterSalesCase);
        await db.SaveChangesAsync(cancellationToken);
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
            .Where(m => !access.IsMerchant || m.Visibility != MessageVisibility.Internal)
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
            afterSalesCase.SlaDueAt);
    }

    /// <summary>
    /// Takes an action. The version the user saw must still be current, so two people working one
    /// case never overwrite each other silently: the second is told who changed it.
    /// </summary>
    public async Task<Result> ActAsync(ClaimsPrincipal user, long caseId, CaseAction action, string? reason, Guid seenVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditAs(actors.For(user), "case." + action, clock, reason);
        var afterSalesCase = await LoadAsync(db, user, caseId, "case." + action, tracking: true, cancellationToken);
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
            afterSalesCase.Apply(action, ActorOf(user), reason, clock.GetUtcNow(), sla.Value);
        }
        catch (DomainException ex)
        {
            await audit.RecordAsync(actors.For(user), "case." + action, "AfterSalesCase", caseId.ToString(CultureInfo.InvariantCulture),
                AuditOutcome.Failed, ex.Message, cancellationToken);
            return Result.Invalid(ex.Message);
        }

        return await SaveAsync(db, afterSalesCase, cancellationToken);
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

    public async Task<Result> AddAttachmentAsync(ClaimsPrincipal user, long caseId, string fileName, Stream content, CancellationToken cancellationToken = default)
    {
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
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Cases.AsNoTracking().Where(c => c.Id == afterSalesCase.Id)
                .Select(c => new { c.UpdatedBy, c.UpdatedAt }).SingleAsync(cancellationToken);
            return Result.Conflict($"Case {afterSalesCase.CaseNo} was changed by {current.UpdatedBy} at {current.UpdatedAt.ToLocalTime():HH:mm:ss}. Reload to see the change, then try again.");
        }
    }

    /// <summary>Loads a case the user may see, or null; a merchant probing another store's id is audited.</summary>
    private async Task<AfterSalesCase?> LoadAsync(AppDbContext db, ClaimsPrincipal user, long caseId, string action, bool tracking, CancellationToken cancellationToken)
    {
        var access = CaseAccess.For(user);
        IQueryable<AfterSalesCase> cases = db.Cases.Include(c => c.Lines).Include(c => c.History).Include(c => c.Messages).Include(c => c.Attachments).Include(c => c.Deadlines).AsSplitQuery();
        if (!tracking)
        {
            cases = cases.AsNoTracking();
        }

        var afterSalesCase = await cases.SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (afterSalesCase is not null && !access.Sees(afterSalesCase.MerchantId))
        {
            await audit.RecordAsync(actors.For(user), action, "AfterSalesCase", caseId.ToString(CultureInfo.InvariantCulture),
                AuditOutcome.Denied, "Not this user's case.", cancellationToken);
            return null;
        }

        return afterSalesCase;
    }

    private static Result Stale(AfterSalesCase afterSalesCase) =>
        Result.Conflict($"Case {afterSalesCase.CaseNo} was changed by {afterSalesCase.UpdatedBy} at {afterSalesCase.UpdatedAt.ToLocalTime():HH:mm:ss}. Reload to see the change, then try again.");

    private static IReadOnlyList<MessageVisibility> WritableVisibilities(CaseAccess access) => access.Role switch
    {
        Roles.Agent or Roles.Supervisor => [MessageVisibility.ToBuyer, MessageVisibility.ToMerchant, MessageVisibility.Internal],
        Roles.Merchant => [MessageVisibility.ToBuyer, MessageVisibility.ToMerchant],
        _ => [],
    };

    internal static CaseActor ActorOf(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier),
        user.Identity?.Name ?? "unknown",
        Roles.All.FirstOrDefault(user.IsInRole) ?? "None");
}

public sealed record CaseResult(Result Result, long? CaseId);

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
    CasePriority Priority, string? AssigneeId, string? AssigneeName, IReadOnlyList<DeadlineRow> Deadlines, DateTimeOffset? NextDueAt);

/// <summary>A clock as the case page shows it.</summary>
public sealed record DeadlineRow(
    long Id, DeadlineKind Kind, DeadlineParty Party, DeadlineState State, DateTimeOffset StartedAt, DateTimeOffset? DueAt, TimeSpan? Remaining,
    DateTimeOffset? BreachedAt, DateTimeOffset? EndedAt, string? Outcome, SlaStatus Status);
