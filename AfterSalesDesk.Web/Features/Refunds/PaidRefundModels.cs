using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Web.Infrastructure;

namespace AfterSalesDesk.Web.Features.Refunds;

/// <summary>Where a page of paid refunds starts or ends: the payment time and the refund id that breaks ties.</summary>
public sealed record PaidRefundCursor(DateTimeOffset PaidAt, long Id);

/// <summary>
/// Refunds paid in a period of whole UTC days (both ends included), optionally of one store, of cases of one
/// kind and of one reason: exactly what a refund figure of the dashboard counts (decision 0017).
/// </summary>
public sealed record PaidRefundQuery
{
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public int? MerchantId { get; init; }

    /// <summary>The kind of the refund's case.</summary>
    public CaseKind? Kind { get; init; }

    /// <summary>The reason of the refund's case, as the buyer gave it (the configured English text).</summary>
    public string? Reason { get; init; }

    /// <summary>The page after this row (next), or ...</summary>
    public PaidRefundCursor? After { get; init; }

    /// <summary>... the page before this row (previous). Neither: the first page (newest payments).</summary>
    public PaidRefundCursor? Before { get; init; }

    /// <summary>The last page (oldest payments).</summary>
    public bool Last { get; init; }

    public int Take { get; init; } = 25;

    public DateTimeOffset Start => UtcDays.Start(From);

    /// <summary>Midnight after the last day.</summary>
    public DateTimeOffset End => UtcDays.EndOf(To);
}

/// <summary>A paid refund with its case; amounts are CNY, the one currency in scope (0006), as on the dashboard.</summary>
public sealed record PaidRefundRow(
    long Id, long CaseId, string CaseNo, string OrderNo, string Merchant, CaseKind Kind, string Reason, DateTimeOffset PaidAt, long AmountMinor);

/// <param name="Matches">How many refunds match, counted up to <see cref="PaidRefundService.CountCap"/>.</param>
/// <param name="MatchesCapped">True when there are more than the cap (then <paramref name="AmountMinor"/> is not known).</param>
/// <param name="AmountMinor">The sum of every matching refund's amount when not capped.</param>
public sealed record PaidRefundPage(
    IReadOnlyList<PaidRefundRow> Rows, PaidRefundCursor? First, PaidRefundCursor? LastRow, bool HasNext, bool HasPrevious,
    long Matches, bool MatchesCapped, long? AmountMinor);
