using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Web.Infrastructure;

namespace AfterSalesDesk.Web.Features.Refunds;

/// <summary>
/// Refunds paid in a period of whole UTC days (both ends included), optionally of one store, of cases of one
/// kind and of one reason: exactly what a refund figure of the dashboard counts (decision 0017). Its keyset position
/// names the page: after or before a payment (time, refund id), the last (oldest payments), else the first.
/// </summary>
public sealed record PaidRefundQuery : KeysetPosition
{
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public int? MerchantId { get; init; }

    /// <summary>The kind of the refund's case.</summary>
    public CaseKind? Kind { get; init; }

    /// <summary>The reason of the refund's case, as the buyer gave it (the configured English text).</summary>
    public string? Reason { get; init; }

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
    IReadOnlyList<PaidRefundRow> Rows, KeysetCursor? First, KeysetCursor? LastRow, bool HasNext, bool HasPrevious,
    long Matches, bool MatchesCapped, long? AmountMinor);
