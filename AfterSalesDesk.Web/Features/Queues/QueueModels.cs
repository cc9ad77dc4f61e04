using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Sla;

namespace AfterSalesDesk.Web.Features.Queues;

/// <summary>The agents' queues. Merchants only ever get their own store's AwaitingMerchant, AtRisk and All.</summary>
public enum Queue
{
    Mine,
    Unassigned,
    AwaitingMerchant,
    AtRisk,
    Escalated,
    All,
}

public enum QueueSort
{
    UpdatedNewest,
    UpdatedOldest,
    CreatedNewest,
    CreatedOldest,
    DueSoonest,
}

/// <summary>Where a page starts or ends: the sort key (UTC ticks) and the case id that breaks ties.</summary>
public sealed record QueueCursor(long Key, long Id);

public sealed record QueueQuery
{
    public Queue Queue { get; init; } = Queue.All;
    public QueueSort Sort { get; init; } = QueueSort.UpdatedNewest;
    public CaseKind? Kind { get; init; }
    public CaseStatus? Status { get; init; }
    public int? MerchantId { get; init; }
    public CasePriority? Priority { get; init; }
    public string? AssigneeId { get; init; }
    public DateOnly? CreatedFrom { get; init; }
    public DateOnly? CreatedTo { get; init; }

    /// <summary>Cases that finished (first reached Resolved, Closed or CancelledByBuyer) in these UTC days, as the dashboard counts them.</summary>
    public DateOnly? FinishedFrom { get; init; }
    public DateOnly? FinishedTo { get; init; }

    /// <summary>Cases that finished in this state (Resolved: the dashboard's effective cases).</summary>
    public CaseStatus? FinishedAs { get; init; }

    /// <summary>Cases whose first-response clock was met in these UTC days: the dashboard's first responses.</summary>
    public DateOnly? FirstResponseFrom { get; init; }
    public DateOnly? FirstResponseTo { get; init; }

    /// <summary>Cases on a line of this product: the dashboard's product quality (a merchant's other stores' products find nothing).</summary>
    public int? ProductId { get; init; }

    /// <summary>The start of a case number, an order number, a buyer code or a buyer name.</summary>
    public string? Text { get; init; }

    /// <summary>The page after this row (next), or ...</summary>
    public QueueCursor? After { get; init; }

    /// <summary>... the page before this row (previous). Neither: the first page.</summary>
    public QueueCursor? Before { get; init; }

    /// <summary>The last page (the sort reversed, then turned back).</summary>
    public bool Last { get; init; }

    public int Take { get; init; } = 25;

    public bool HasFilters => Kind is not null || Status is not null || MerchantId is not null || Priority is not null
        || AssigneeId is not null || CreatedFrom is not null || CreatedTo is not null || FinishedFrom is not null || FinishedTo is not null
        || FinishedAs is not null || FirstResponseFrom is not null || FirstResponseTo is not null || ProductId is not null
        || !string.IsNullOrWhiteSpace(Text);
}

public sealed record QueueRow(
    long Id, string CaseNo, string OrderNo, CaseKind Kind, CaseStatus Status, CasePriority Priority, string Merchant,
    string Buyer, string? AssigneeId, string? AssigneeName, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string UpdatedBy,
    DateTimeOffset? SlaDueAt, SlaStatus Sla, Guid Version, int? RiskScore = null, AfterSalesDesk.Data.Risk.RiskLevel? RiskLevel = null);

/// <param name="Matches">How many cases match, counted up to <see cref="CaseQueueService.CountCap"/>.</param>
/// <param name="MatchesCapped">True when there are more than the cap.</param>
public sealed record QueuePage(
    IReadOnlyList<QueueRow> Rows, QueueCursor? First, QueueCursor? LastRow, bool HasNext, bool HasPrevious, long Matches, bool MatchesCapped);

public sealed record QueueCounts(IReadOnlyDictionary<Queue, long> Counts)
{
    public long this[Queue queue] => Counts.TryGetValue(queue, out var count) ? count : 0;
}

public sealed record Assignee(string Id, string Name, string Role);
