using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Orders;

namespace AfterSalesDesk.Data.Cases;

/// <summary>Who acts on a case, as the case records it.</summary>
public sealed record CaseActor(string? UserId, string Name, string Role);

/// <summary>
/// An after-sales case (售后单): one order, the lines and quantities it concerns, and a life that
/// moves only through <see cref="Apply"/>, guarded by the per-kind table in <see cref="CaseTransitions"/>
/// and the role rules in <see cref="CaseActions"/>. Every move is kept in the case's history.
/// </summary>
public class AfterSalesCase
{
    private readonly List<CaseLine> lines = [];
    private readonly List<CaseEvent> history = [];
    private readonly List<CaseMessage> messages = [];
    private readonly List<CaseAttachment> attachments = [];

    private AfterSalesCase()
    {
    }

    public long Id { get; private set; }

    /// <summary>The number people quote, e.g. "AS20261122000042".</summary>
    public string CaseNo { get; private set; } = "";

    public long OrderId { get; private set; }

    public Order? Order { get; private set; }

    /// <summary>Copied from the order so that every merchant-scoped query filters one column.</summary>
    public int MerchantId { get; private set; }

    public long CustomerId { get; private set; }

    public CaseKind Kind { get; private set; }

    public CaseStatus Status { get; private set; }

    /// <summary>One of the configured reasons (Cases:Reasons).</summary>
    public string Reason { get; private set; } = "";

    public ProblemStage Stage { get; private set; }

    public string Description { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Who saved the case last, for "changed by X, reload" messages.</summary>
    public string UpdatedBy { get; private set; } = "";

    public Guid Version { get; private set; }

    /// <summary>Set once money went back to the buyer; such a case keeps its quantities taken back even when closed.</summary>
    public bool WasRefunded { get; private set; }

    public IReadOnlyList<CaseLine> Lines => lines;

    public IReadOnlyList<CaseEvent> History => history;

    public IReadOnlyList<CaseMessage> Messages => messages;

    public IReadOnlyList<CaseAttachment> Attachments => attachments;

    public bool IsOpen => !CaseTransitions.IsTerminal(Status);

    /// <summary>Opens a case. The limits (quantities, windows, cases per line) are checked first by <see cref="CasePolicy"/>.</summary>
    public static AfterSalesCase Open(
        string caseNo, Order order, CaseKind kind, string reason, ProblemStage stage, string description,
        IEnumerable<(long OrderLineId, int Quantity)> requested, CaseActor actor, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseNo);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Choose a reason for the request.");
        }

        if (description.Length > 2000)
        {
            throw new DomainException("The description can have at most 2,000 characters.");
        }

        var afterSalesCase = new AfterSalesCase
        {
            CaseNo = caseNo,
            OrderId = order.Id,
            MerchantId = order.MerchantId,
            CustomerId = order.CustomerId,
            Kind = kind,
            Status = CaseStatus.Submitted,
            Reason = reason.Trim(),
            Stage = stage,
            Description = description.Trim(),
            CreatedAt = at,
            CreatedBy = actor.Name,
            UpdatedAt = at,
            UpdatedBy = actor.Name,
            Version = Guid.NewGuid(),
        };
        foreach (var (orderLineId, quantity) in requested.Where(r => r.Quantity > 0))
        {
            afterSalesCase.lines.Add(new CaseLine(orderLineId, quantity));
        }

        if (afterSalesCase.lines.Count == 0)
        {
            throw new DomainException("Choose at least one order line and a quantity.");
        }

        afterSalesCase.history.Add(new CaseEvent(null, CaseStatus.Submitted, null, actor, "Case opened.", at));
        return afterSalesCase;
    }

    /// <summary>Whether the table and the role rules let this actor's role take this action now.</summary>
    public bool Can(CaseAction action, string role)
    {
        var rule = CaseActions.Rules[action];
        return rule.Roles.Contains(role)
            && (rule.From is null || rule.From.Contains(Status))
            && CaseTransitions.IsAllowed(Kind, Status, rule.Target);
    }

    /// <summary>The actions a role may take in the case's current state, for the page's buttons.</summary>
    public IReadOnlyList<CaseAction> AvailableActions(string role) =>
        Enum.GetValues<CaseAction>().Where(a => Can(a, role)).ToList();

    /// <summary>The single guard of every move: refused with a readable reason, never a silent no-op.</summary>
    public void Apply(CaseAction action, CaseActor actor, string? reason, DateTimeOffset at)
    {
        var rule = CaseActions.Rules[action];
        if (!CaseTransitions.IsAllowed(Kind, Status, rule.Target) || (rule.From is not null && !rule.From.Contains(Status)))
        {
            throw new DomainException($"Case {CaseNo} is {Status}; \"{action}\" is not possible now for a {Kind} case.");
        }

        if (!rule.Roles.Contains(actor.Role))
        {
            throw new DomainException($"A {actor.Role} cannot do \"{action}\" on a case.");
        }

        if (rule.NeedsReason && string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException($"\"{action}\" needs a written reason.");
        }

        if (reason is { Length: > 1000 })
        {
            throw new DomainException("A reason can have at most 1,000 characters.");
        }

        history.Add(new CaseEvent(Status, rule.Target, action, actor, reason?.Trim(), at));
        Status = rule.Target;
        WasRefunded |= Status == CaseStatus.Refunded;
        Touch(actor, at);
    }

    public CaseMessage AddMessage(MessageVisibility visibility, string body, CaseActor actor, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new DomainException("Write a message first.");
        }

        if (body.Length > 4000)
        {
            throw new DomainException("A message can have at most 4,000 characters.");
        }

        if (actor.Role == Identity.Roles.Merchant && visibility == MessageVisibility.Internal)
        {
            throw new DomainException("Merchants cannot write internal notes.");
        }

        var message = new CaseMessage(visibility, body.Trim(), actor, at);
        messages.Add(message);
        Touch(actor, at);
        return message;
    }

    public CaseAttachment AddAttachment(string fileName, string contentType, long size, string sha256, CaseActor actor, DateTimeOffset at)
    {
        if (attachments.Count >= 20)
        {
            throw new DomainException("A case can hold at most 20 attachments.");
        }

        var attachment = new CaseAttachment(fileName, contentType, size, sha256, actor, at);
        attachments.Add(attachment);
        Touch(actor, at);
        return attachment;
    }

    private void Touch(CaseActor actor, DateTimeOffset at)
    {
        UpdatedAt = at;
        UpdatedBy = actor.Name;
        Version = Guid.NewGuid();
    }
}

/// <summary>An order line and how many of its items the case concerns.</summary>
public class CaseLine
{
    private CaseLine()
    {
    }

    internal CaseLine(long orderLineId, int quantity)
    {
        OrderLineId = orderLineId;
        Quantity = quantity;
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public long OrderLineId { get; private set; }

    public int Quantity { get; private set; }
}

/// <summary>One move of the case: from, to, by whom, why, when.</summary>
public class CaseEvent
{
    private CaseEvent()
    {
    }

    internal CaseEvent(CaseStatus? from, CaseStatus to, CaseAction? action, CaseActor actor, string? reason, DateTimeOffset at)
    {
        From = from;
        To = to;
        Action = action;
        ActorId = actor.UserId;
        ActorName = actor.Name;
        ActorRole = actor.Role;
        Reason = reason;
        At = at;
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public CaseStatus? From { get; private set; }

    public CaseStatus To { get; private set; }

    public CaseAction? Action { get; private set; }

    public string? ActorId { get; private set; }

    public string ActorName { get; private set; } = "";

    public string ActorRole { get; private set; } = "";

    public string? Reason { get; private set; }

    public DateTimeOffset At { get; private set; }
}

/// <summary>A reply to the buyer or the merchant, or an internal note.</summary>
public class CaseMessage
{
    private CaseMessage()
    {
    }

    internal CaseMessage(MessageVisibility visibility, string body, CaseActor actor, DateTimeOffset at)
    {
        Visibility = visibility;
        Body = body;
        AuthorId = actor.UserId;
        AuthorName = actor.Name;
        AuthorRole = actor.Role;
        At = at;
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public MessageVisibility Visibility { get; private set; }

    public string Body { get; private set; } = "";

    public string? AuthorId { get; private set; }

    public string AuthorName { get; private set; } = "";

    public string AuthorRole { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}

/// <summary>Evidence: an image or PDF, stored outside the web root under its SHA-256 content hash.</summary>
public class CaseAttachment
{
    private CaseAttachment()
    {
    }

    internal CaseAttachment(string fileName, string contentType, long size, string sha256, CaseActor actor, DateTimeOffset at)
    {
        FileName = fileName;
        ContentType = contentType;
        Size = size;
        Sha256 = sha256;
        UploadedBy = actor.Name;
        UploadedByRole = actor.Role;
        UploadedAt = at;
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public long Size { get; private set; }

    public string Sha256 { get; private set; } = "";

    public string UploadedBy { get; private set; } = "";

    public string UploadedByRole { get; private set; } = "";

    public DateTimeOffset UploadedAt { get; private set; }
}
