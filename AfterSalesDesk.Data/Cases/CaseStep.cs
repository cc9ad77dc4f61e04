using System.Text.RegularExpressions;
using AfterSalesDesk.Data.Common;

namespace AfterSalesDesk.Data.Cases;

/// <summary>
/// What some moves need besides a reason: the parcel's waybill when goods travel, the inspection's
/// result when returned goods are checked, and (worked out by the application, never typed) the
/// warranty check of a repair. <see cref="CaseActions.Rule.Needs"/> says which move needs what.
/// </summary>
public sealed record CaseStep
{
    public Waybill? Waybill { get; init; }

    public InspectionInput? Inspection { get; init; }

    public OfferInput? Offer { get; init; }

    /// <summary>Whether the repaired items are inside their warranty, from the delivery date; set by the service, not the user.</summary>
    public WarrantyCheck? Warranty { get; init; }
}

/// <summary>What a move needs besides a reason.</summary>
[Flags]
public enum StepNeeds
{
    None = 0,
    Waybill = 1,
    Inspection = 2,
    Offer = 4,
}

/// <summary>What a merchant's counter-offer proposes.</summary>
public enum OfferKind
{
    /// <summary>A part of the money back; the buyer keeps the goods (no return).</summary>
    PartialRefund,

    /// <summary>Anything else, in words (an exchange instead of a refund, a repair, a voucher…).</summary>
    Other,
}

/// <summary>A counter-offer as entered: its kind and, for a partial refund, the buyer's share (100 = 1 %).</summary>
public sealed record OfferInput(OfferKind Kind, int? RefundShareBasisPoints);

/// <summary>A parcel: the carrier and its waybill (tracking) number, normalised to upper case without spaces.</summary>
public sealed partial record Waybill
{
    public Waybill(string carrier, string trackingNo)
    {
        Carrier = (carrier ?? "").Trim();
        TrackingNo = Regex.Replace(trackingNo ?? "", @"\s+", "").ToUpperInvariant();
        if (Carrier.Length == 0)
        {
            throw new DomainException("Choose the carrier.");
        }

        if (Carrier.Length > 64)
        {
            throw new DomainException("The carrier's name can have at most 64 characters.");
        }

        if (!TrackingPattern().IsMatch(TrackingNo))
        {
            throw new DomainException("A waybill number has 6 to 40 letters, digits or dashes.");
        }
    }

    public string Carrier { get; }

    public string TrackingNo { get; }

    public override string ToString() => $"{Carrier} {TrackingNo}";

    [GeneratedRegex("^[A-Z0-9-]{6,40}$")]
    private static partial Regex TrackingPattern();
}

/// <summary>What the inspection of returned goods found.</summary>
public enum InspectionResult
{
    /// <summary>As the buyer described: the full amount (returns), the replacement (exchanges), a covered fault (repairs).</summary>
    Accepted,

    /// <summary>Accepted, but worth less: damage, missing parts, signs of use or restocking; the refund is reduced.</summary>
    AcceptedWithDeduction,

    /// <summary>Not as claimed (another item, damaged by the buyer, no fault found): the platform decides on escalation; a repair is charged.</summary>
    Rejected,
}

/// <summary>Why returned goods are worth less (the seeds' 扣款原因).</summary>
public enum DeductionKind
{
    Damage,
    MissingParts,
    SignsOfUse,
    Restocking,
}

/// <summary>The inspector's findings as entered.</summary>
public sealed record InspectionInput(InspectionResult Result, int DeductionBasisPoints, DeductionKind? DeductionKind, string? Notes);

/// <summary>The warranty of the items of a repair, counted from the order's delivery to the request.</summary>
public sealed record WarrantyCheck(bool Inside, DateTimeOffset? EndsAt, string Explanation)
{
    /// <summary>
    /// Inside only when the order was delivered and the request came on or before the earliest end of
    /// the items' warranties; an item without warranty (0 months) is never inside.
    /// </summary>
    public static WarrantyCheck Of(DateTimeOffset? deliveredAt, IReadOnlyCollection<(string Product, int Months)> items, DateTimeOffset requestedAt)
    {
        if (deliveredAt is null)
        {
            return new(false, null, "The order has no delivery date, so no warranty runs.");
        }

        if (items.Count == 0)
        {
            return new(false, null, "The case has no items.");
        }

        var shortest = items.MinBy(i => i.Months);
        if (shortest.Months <= 0)
        {
            return new(false, deliveredAt, $"{shortest.Product} has no warranty.");
        }

        var endsAt = deliveredAt.Value.AddMonths(shortest.Months);
        return requestedAt <= endsAt
            ? new(true, endsAt, $"Delivered {deliveredAt:yyyy-MM-dd}; {shortest.Months} months of warranty run until {endsAt:yyyy-MM-dd}; requested {requestedAt:yyyy-MM-dd}.")
            : new(false, endsAt, $"Delivered {deliveredAt:yyyy-MM-dd}; the warranty of {shortest.Product} ({shortest.Months} months) ended {endsAt:yyyy-MM-dd}, before the request on {requestedAt:yyyy-MM-dd}.");
    }
}
