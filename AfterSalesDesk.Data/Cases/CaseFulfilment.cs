using AfterSalesDesk.Data.Common;

namespace AfterSalesDesk.Data.Cases;

/// <summary>Which way a parcel of a case travels and why.</summary>
public enum ShipmentLeg
{
    /// <summary>The buyer sends the goods back to the merchant.</summary>
    Return,

    /// <summary>The merchant sends a replacement (exchanges).</summary>
    Replacement,

    /// <summary>The merchant sends the item back after a repair, or unrepaired.</summary>
    RepairedItem,
}

/// <summary>A parcel of a case: the return, the replacement or the repaired item; shipped, then received.</summary>
public class CaseShipment
{
    private CaseShipment()
    {
    }

    internal CaseShipment(ShipmentLeg leg, Waybill waybill, CaseActor actor, DateTimeOffset at)
    {
        Leg = leg;
        Carrier = waybill.Carrier;
        TrackingNo = waybill.TrackingNo;
        ShippedAt = at;
        RecordedBy = actor.Name;
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public ShipmentLeg Leg { get; private set; }

    public string Carrier { get; private set; } = "";

    public string TrackingNo { get; private set; } = "";

    public DateTimeOffset ShippedAt { get; private set; }

    public string RecordedBy { get; private set; } = "";

    /// <summary>When the merchant received the return, or the buyer the replacement or repaired item.</summary>
    public DateTimeOffset? DeliveredAt { get; private set; }

    public string? DeliveryRecordedBy { get; private set; }

    /// <summary>What the receiver noted, e.g. "parcel dented"; the system notes when it deemed the parcel received.</summary>
    public string? DeliveryNote { get; private set; }

    internal void MarkDelivered(CaseActor actor, string? note, DateTimeOffset at)
    {
        DeliveredAt = at;
        DeliveryRecordedBy = actor.Name;
        DeliveryNote = note;
    }
}

/// <summary>The inspection of returned goods (验货): the result, the deduction with its reason, who and when.</summary>
public class CaseInspection
{
    public const int MaxDeductionBasisPoints = 10_000;

    private CaseInspection()
    {
    }

    internal CaseInspection(InspectionInput input, CaseKind kind, CaseActor actor, DateTimeOffset at)
    {
        var notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
        switch (input.Result)
        {
            case InspectionResult.Accepted when input.DeductionBasisPoints != 0:
                throw new DomainException("Goods accepted in full carry no deduction; choose \"accepted with deduction\" to reduce the refund.");
            case InspectionResult.AcceptedWithDeduction when kind != CaseKind.ReturnAndRefund:
                throw new DomainException("A deduction reduces a refund; only a return and refund has one. Reject the goods instead, with the reason.");
            case InspectionResult.AcceptedWithDeduction when input.DeductionBasisPoints is <= 0 or > MaxDeductionBasisPoints:
                throw new DomainException("A deduction is more than 0 % and at most 100 % of the paid amount.");
            case InspectionResult.AcceptedWithDeduction when input.DeductionKind is null:
                throw new DomainException("A deduction needs its reason: damage, missing parts, signs of use or restocking.");
            case InspectionResult.Rejected when input.DeductionBasisPoints != 0:
                throw new DomainException("Rejected goods carry no deduction.");
            case InspectionResult.Rejected when notes is null:
                throw new DomainException("Say what the inspection found; the buyer and the platform will read it.");
        }

        if (notes is { Length: > 1000 })
        {
            throw new DomainException("The inspection notes can have at most 1,000 characters.");
        }

        Result = input.Result;
        DeductionBasisPoints = input.Result == InspectionResult.AcceptedWithDeduction ? input.DeductionBasisPoints : 0;
        DeductionKind = input.Result == InspectionResult.AcceptedWithDeduction ? input.DeductionKind : null;
        Notes = notes;
        InspectedBy = actor.Name;
        InspectedByRole = actor.Role;
        InspectedAt = at;
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public InspectionResult Result { get; private set; }

    /// <summary>100 = 1 % of the paid amount of the returned lines.</summary>
    public int DeductionBasisPoints { get; private set; }

    public DeductionKind? DeductionKind { get; private set; }

    public string? Notes { get; private set; }

    public string InspectedBy { get; private set; } = "";

    public string InspectedByRole { get; private set; } = "";

    public DateTimeOffset InspectedAt { get; private set; }

    /// <summary>The reason a refund carries for this deduction, e.g. "Damage: scratched screen".</summary>
    public string? DeductionReason => DeductionKind is { } why ? Notes is null ? why.ToString() : $"{why}: {Notes}" : null;

    public override string ToString() => Result switch
    {
        InspectionResult.Accepted => "accepted",
        InspectionResult.AcceptedWithDeduction => $"accepted with a deduction of {DeductionBasisPoints / 100m:0.##} % ({DeductionKind})",
        _ => "rejected",
    } + (Notes is null ? "" : $": {Notes}");
}

/// <summary>Whether a repair is free.</summary>
public enum RepairCoverage
{
    /// <summary>Inside warranty and a covered fault: the merchant repairs at its cost.</summary>
    Free,

    /// <summary>Outside warranty, or a fault the warranty does not cover: the buyer accepts a quote first.</summary>
    Chargeable,
}

public enum QuoteState
{
    None,
    Pending,
    Accepted,
    Declined,
}

/// <summary>Where a repair stands while the item is at the merchant.</summary>
public enum RepairStage
{
    Diagnosing,
    AwaitingParts,
    Repairing,
    Testing,
    Done,
}

/// <summary>
/// A repair's terms (维修): whether it is free (warranty from the delivery date, and a covered fault),
/// otherwise the quote and the buyer's answer, and where the repair stands until the item goes back.
/// Decided when the returned item is inspected.
/// </summary>
public class CaseRepair
{
    public const long MaxQuoteMinor = 100_000_000;

    private CaseRepair()
    {
    }

    internal CaseRepair(WarrantyCheck warranty, InspectionResult inspection, DateTimeOffset at)
    {
        Decide(warranty, inspection, at);
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public RepairCoverage Coverage { get; private set; }

    public DateTimeOffset? WarrantyEndsAt { get; private set; }

    /// <summary>Why the repair is free or charged, in words.</summary>
    public string CoverageNote { get; private set; } = "";

    public DateTimeOffset DecidedAt { get; private set; }

    public QuoteState QuoteState { get; private set; }

    public long? QuoteMinor { get; private set; }

    public string? QuoteCurrency { get; private set; }

    public string? QuoteNote { get; private set; }

    public string? QuotedBy { get; private set; }

    public DateTimeOffset? QuotedAt { get; private set; }

    public string? AnsweredBy { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    public RepairStage? Stage { get; private set; }

    public DateTimeOffset? StageAt { get; private set; }

    public Money? Quote => QuoteMinor is { } minor ? new Money(minor, QuoteCurrency!) : null;

    /// <summary>The repair may start: free, or the buyer accepted the quote.</summary>
    public bool MayStart => Coverage == RepairCoverage.Free || QuoteState == QuoteState.Accepted;

    /// <summary>A new inspection decides again; a quote of the earlier decision no longer stands.</summary>
    internal void Decide(WarrantyCheck warranty, InspectionResult inspection, DateTimeOffset at)
    {
        Coverage = warranty.Inside && inspection == InspectionResult.Accepted ? RepairCoverage.Free : RepairCoverage.Chargeable;
        WarrantyEndsAt = warranty.EndsAt;
        CoverageNote = (Coverage == RepairCoverage.Free
            ? "Free repair: inside warranty, and the inspection confirmed a covered fault. "
            : warranty.Inside ? "Charged: the inspection found a fault the warranty does not cover. " : "Charged: outside warranty. ") + warranty.Explanation;
        if (CoverageNote.Length > 500)
        {
            CoverageNote = CoverageNote[..500];
        }

        DecidedAt = at;
        QuoteState = QuoteState.None;
        QuoteMinor = null;
        QuoteCurrency = null;
        QuoteNote = null;
        QuotedBy = null;
        QuotedAt = null;
        AnsweredBy = null;
        AnsweredAt = null;
        Stage = null;
        StageAt = null;
    }

    internal void SetQuote(Money price, string? note, CaseActor actor, DateTimeOffset at)
    {
        if (Coverage == RepairCoverage.Free)
        {
            throw new DomainException("This repair is free (inside warranty); there is nothing to quote.");
        }

        if (QuoteState is QuoteState.Pending or QuoteState.Accepted)
        {
            throw new DomainException(QuoteState == QuoteState.Pending
                ? "A quote is already waiting for the buyer's answer."
                : "The buyer already accepted a quote; start the repair.");
        }

        if (price.Minor <= 0 || price.Minor > MaxQuoteMinor)
        {
            throw new DomainException("A quote is more than 0 and at most 1,000,000.00.");
        }

        if (note is { Length: > 500 })
        {
            throw new DomainException("The quote's note can have at most 500 characters.");
        }

        QuoteState = QuoteState.Pending;
        QuoteMinor = price.Minor;
        QuoteCurrency = price.Currency;
        QuoteNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        QuotedBy = actor.Name;
        QuotedAt = at;
        AnsweredBy = null;
        AnsweredAt = null;
    }

    internal void Answer(bool accepted, CaseActor actor, DateTimeOffset at)
    {
        if (QuoteState != QuoteState.Pending)
        {
            throw new DomainException("There is no quote waiting for the buyer's answer.");
        }

        QuoteState = accepted ? QuoteState.Accepted : QuoteState.Declined;
        AnsweredBy = actor.Name;
        AnsweredAt = at;
    }

    internal void MoveTo(RepairStage stage, DateTimeOffset at)
    {
        Stage = stage;
        StageAt = at;
    }
}

/// <summary>A merchant's counter-offer (协商方案): a partial refund with the goods kept, or another proposal in words.</summary>
public class CaseOffer
{
    private CaseOffer()
    {
    }

    internal CaseOffer(OfferInput input, CaseKind kind, string text, CaseActor actor, DateTimeOffset at)
    {
        if (input.Kind == OfferKind.PartialRefund && kind == CaseKind.Repair)
        {
            throw new DomainException("A repair's counter-offer is described in words; a partial refund is for refund, return and exchange requests.");
        }

        if (input.Kind == OfferKind.PartialRefund && input.RefundShareBasisPoints is not (> 0 and < 10_000))
        {
            throw new DomainException("A partial refund gives the buyer more than 0 % and less than 100 % back.");
        }

        if (input.Kind == OfferKind.Other && input.RefundShareBasisPoints is not null)
        {
            throw new DomainException("Only a partial refund has a share.");
        }

        Kind = input.Kind;
        RefundShareBasisPoints = input.RefundShareBasisPoints;
        Text = text;
        OfferedBy = actor.Name;
        OfferedAt = at;
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public OfferKind Kind { get; private set; }

    public int? RefundShareBasisPoints { get; private set; }

    public string Text { get; private set; } = "";

    public string OfferedBy { get; private set; } = "";

    public DateTimeOffset OfferedAt { get; private set; }

    public override string ToString() => Kind == OfferKind.PartialRefund
        ? $"Offer: refund {RefundShareBasisPoints / 100m:0.##} %, the buyer keeps the goods"
        : "Offer";
}
