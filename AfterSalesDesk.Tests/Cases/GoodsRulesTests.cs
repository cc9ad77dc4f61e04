using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Sla;
using static AfterSalesDesk.Tests.Cases.CaseBuilder;

namespace AfterSalesDesk.Tests.Cases;

/// <summary>
/// The goods of returns, exchanges and repairs on the case entity: waybills, receipt, inspection with
/// deduction, replacement delivery, the repair's warranty, quote and progress. Every refusal leaves the
/// case as it was.
/// </summary>
public class GoodsRulesTests
{
    private static CaseStep WithWaybill(string carrier, string number) => new() { Waybill = new Waybill(carrier, number) };

    private static CaseStep Inspected(InspectionResult result, int basisPoints = 0, DeductionKind? why = null, string? notes = null, bool insideWarranty = true) => new()
    {
        Inspection = new InspectionInput(result, basisPoints, why, notes),
        Warranty = new WarrantyCheck(insideWarranty, At.AddMonths(12), insideWarranty ? "inside" : "outside"),
    };

    [Fact]
    public void RecordReturnShipment_WithoutAWaybill_IsRefusedAndChangesNothing()
    {
        var afterSalesCase = OpenIn(CaseKind.ReturnAndRefund, CaseStatus.AwaitingReturnShipment);
        var before = afterSalesCase.History.Count;

        var error = Assert.Throws<DomainException>(() => afterSalesCase.Apply(CaseAction.RecordReturnShipment, Agent, null, At));

        Assert.Equal("\"RecordReturnShipment\" needs the carrier and the waybill number.", error.Message);
        Assert.Equal((CaseStatus.AwaitingReturnShipment, before), (afterSalesCase.Status, afterSalesCase.History.Count));
        Assert.Empty(afterSalesCase.Shipments);
    }

    [Theory]
    [InlineData("sf 1234 5678", "SF12345678")]
    [InlineData(" yt-20261124-01 ", "YT-20261124-01")]
    public void Waybill_IsNormalisedToUpperCaseWithoutSpaces(string typed, string stored)
    {
        Assert.Equal(stored, new Waybill("SF Express", typed).TrackingNo);
    }

    [Theory]
    [InlineData("SF Express", "12345", "A waybill number has 6 to 40 letters, digits or dashes.")]
    [InlineData("SF Express", "SF123;DROP", "A waybill number has 6 to 40 letters, digits or dashes.")]
    [InlineData("SF Express", "运单1234567", "A waybill number has 6 to 40 letters, digits or dashes.")]
    [InlineData("  ", "SF1234567", "Choose the carrier.")]
    public void Waybill_WhenMalformed_IsRefusedWithTheReason(string carrier, string number, string message)
    {
        Assert.Equal(message, Assert.Throws<DomainException>(() => new Waybill(carrier, number)).Message);
    }

    [Fact]
    public void ReturnFlow_RecordsTheParcelItsReceiptAndTheInspection_ThenAllowsTheRefund()
    {
        var afterSalesCase = OpenIn(CaseKind.ReturnAndRefund, CaseStatus.AwaitingReturnShipment);

        afterSalesCase.Apply(CaseAction.RecordReturnShipment, Agent, null, At.AddHours(1), step: WithWaybill("SF Express", "SF100200300"));
        afterSalesCase.Apply(CaseAction.ConfirmReturnReceived, Merchant, "Box dented, item fine", At.AddDays(2));
        afterSalesCase.Apply(CaseAction.RecordInspection, Merchant, null, At.AddDays(2).AddHours(3),
            step: Inspected(InspectionResult.AcceptedWithDeduction, 1500, DeductionKind.Damage, "Scratched screen"));

        var parcel = Assert.Single(afterSalesCase.Shipments);
        Assert.Equal((ShipmentLeg.Return, "SF Express", "SF100200300", At.AddHours(1)), (parcel.Leg, parcel.Carrier, parcel.TrackingNo, parcel.ShippedAt));
        Assert.Equal((At.AddDays(2), "merchant1@demo.local", "Box dented, item fine"), (parcel.DeliveredAt, parcel.DeliveryRecordedBy, parcel.DeliveryNote));
        var inspection = afterSalesCase.LatestInspection!;
        Assert.Equal((InspectionResult.AcceptedWithDeduction, 1500, "Damage: Scratched screen"), (inspection.Result, inspection.DeductionBasisPoints, inspection.DeductionReason));
        Assert.Equal("Inspection: accepted with a deduction of 15 % (Damage): Scratched screen", afterSalesCase.History[^1].Reason);
        Assert.Contains(CaseAction.RequestRefund, afterSalesCase.AvailableActions(Roles.Agent));
        afterSalesCase.Apply(CaseAction.RequestRefund, Agent, null, At.AddDays(3));
        Assert.Equal(CaseStatus.AwaitingRefund, afterSalesCase.Status);
    }

    [Fact]
    public void Waybill_AlreadyOnTheCase_IsRefused()
    {
        var afterSalesCase = OpenIn(CaseKind.Exchange, CaseStatus.AwaitingReturnShipment);
        afterSalesCase.Apply(CaseAction.RecordReturnShipment, Agent, null, At, step: WithWaybill("SF Express", "SF555666777"));
        afterSalesCase.Apply(CaseAction.ConfirmReturnReceived, Merchant, null, At);
        afterSalesCase.Apply(CaseAction.RecordInspection, Merchant, null, At, step: Inspected(InspectionResult.Accepted));

        var error = Assert.Throws<DomainException>(() =>
            afterSalesCase.Apply(CaseAction.ShipReplacement, Merchant, null, At, step: WithWaybill("SF Express", "sf555666777")));

        Assert.Equal("Waybill SF Express SF555666777 is already recorded on this case.", error.Message);
        Assert.Equal(CaseStatus.Inspected, afterSalesCase.Status);
    }

    public static TheoryData<CaseKind, InspectionResult, int, DeductionKind?, string?, string> BadInspections() => new()
    {
        { CaseKind.ReturnAndRefund, InspectionResult.Accepted, 500, null, null, "Goods accepted in full carry no deduction; choose \"accepted with deduction\" to reduce the refund." },
        { CaseKind.ReturnAndRefund, InspectionResult.AcceptedWithDeduction, 0, DeductionKind.Damage, null, "A deduction is more than 0 % and at most 100 % of the paid amount." },
        { CaseKind.ReturnAndRefund, InspectionResult.AcceptedWithDeduction, 10_001, DeductionKind.Damage, null, "A deduction is more than 0 % and at most 100 % of the paid amount." },
        { CaseKind.ReturnAndRefund, InspectionResult.AcceptedWithDeduction, 1000, null, null, "A deduction needs its reason: damage, missing parts, signs of use or restocking." },
        { CaseKind.Exchange, InspectionResult.AcceptedWithDeduction, 1000, DeductionKind.Damage, null, "A deduction reduces a refund; only a return and refund has one. Reject the goods instead, with the reason." },
        { CaseKind.Repair, InspectionResult.AcceptedWithDeduction, 1000, DeductionKind.Damage, null, "A deduction reduces a refund; only a return and refund has one. Reject the goods instead, with the reason." },
        { CaseKind.ReturnAndRefund, InspectionResult.Rejected, 0, null, "  ", "Say what the inspection found; the buyer and the platform will read it." },
        { CaseKind.ReturnAndRefund, InspectionResult.Rejected, 300, null, "Another item", "Rejected goods carry no deduction." },
    };

    [Theory]
    [MemberData(nameof(BadInspections))]
    public void RecordInspection_WhenFindingsDoNotAddUp_IsRefusedAndChangesNothing(
        CaseKind kind, InspectionResult result, int basisPoints, DeductionKind? why, string? notes, string message)
    {
        var afterSalesCase = OpenIn(kind, CaseStatus.ReturnReceived);
        var before = afterSalesCase.History.Count;

        var error = Assert.Throws<DomainException>(() =>
            afterSalesCase.Apply(CaseAction.RecordInspection, Merchant, null, At, step: Inspected(result, basisPoints, why, notes)));

        Assert.Equal(message, error.Message);
        Assert.Equal((CaseStatus.ReturnReceived, before, 0), (afterSalesCase.Status, afterSalesCase.History.Count, afterSalesCase.Inspections.Count));
    }

    [Theory]
    [InlineData(CaseKind.ReturnAndRefund, CaseAction.RequestRefund)]
    [InlineData(CaseKind.Exchange, CaseAction.ShipReplacement)]
    public void RejectingInspection_StopsRefundAndReplacement_UntilThePlatformDecidesOnEscalation(CaseKind kind, CaseAction blocked)
    {
        var afterSalesCase = OpenIn(kind, CaseStatus.ReturnReceived);
        afterSalesCase.Apply(CaseAction.RecordInspection, Merchant, null, At, step: Inspected(InspectionResult.Rejected, notes: "Different serial number"));

        var error = Assert.Throws<DomainException>(() => afterSalesCase.Apply(blocked, Agent, null, At, step: WithWaybill("EMS", "EMS9988776655")));

        Assert.Equal("The inspection rejected the returned goods (Different serial number); escalate the case for the platform to decide.", error.Message);
        Assert.DoesNotContain(blocked, afterSalesCase.AvailableActions(Roles.Supervisor));
        Assert.Contains(CaseAction.Escalate, afterSalesCase.AvailableActions(Roles.Supervisor));
        afterSalesCase.Apply(CaseAction.Escalate, Supervisor, "Buyer disputes the inspection", At);
        afterSalesCase.Apply(CaseAction.RequestRefund, Supervisor, "Platform decides for the buyer", At);
        Assert.Equal(CaseStatus.AwaitingRefund, afterSalesCase.Status);
    }

    [Fact]
    public void Exchange_ShipsTheReplacement_AndResolvesWhenTheBuyerReceivesIt()
    {
        var afterSalesCase = OpenIn(CaseKind.Exchange, CaseStatus.Inspected);

        afterSalesCase.Apply(CaseAction.ShipReplacement, Merchant, null, At.AddHours(1), step: WithWaybill("JD Logistics", "JD0012345678"));
        Assert.DoesNotContain(CaseAction.Resolve, afterSalesCase.AvailableActions(Roles.Agent));
        afterSalesCase.Apply(CaseAction.ConfirmDelivery, Agent, "Buyer confirmed by phone", At.AddDays(2));

        Assert.Equal(CaseStatus.Resolved, afterSalesCase.Status);
        var replacement = afterSalesCase.Shipments.Single(s => s.Leg == ShipmentLeg.Replacement);
        Assert.Equal(("JD0012345678", At.AddDays(2), "Buyer confirmed by phone"), (replacement.TrackingNo, replacement.DeliveredAt, replacement.DeliveryNote));
        Assert.Equal("Parcel JD Logistics JD0012345678 received · Buyer confirmed by phone", afterSalesCase.History[^1].Reason);
    }

    [Fact]
    public void Repair_InsideWarrantyWithACoveredFault_IsFree_AndTracksProgressUntilDelivered()
    {
        var afterSalesCase = OpenIn(CaseKind.Repair, CaseStatus.ReturnReceived);

        afterSalesCase.Apply(CaseAction.RecordInspection, Merchant, null, At, step: Inspected(InspectionResult.Accepted, notes: "Fan fault"));
        Assert.Equal(RepairCoverage.Free, afterSalesCase.Repair!.Coverage);
        Assert.Throws<DomainException>(() => afterSalesCase.QuoteRepair(Money.Cny(5000), null, Merchant, At));
        afterSalesCase.Apply(CaseAction.StartRepair, Merchant, null, At.AddHours(1));
        afterSalesCase.RecordRepairProgress(RepairStage.AwaitingParts, "Fan ordered", Merchant, At.AddHours(2));
        afterSalesCase.RecordRepairProgress(RepairStage.Testing, null, Merchant, At.AddDays(3));
        var again = Assert.Throws<DomainException>(() => afterSalesCase.RecordRepairProgress(RepairStage.Testing, null, Merchant, At.AddDays(3)));
        afterSalesCase.Apply(CaseAction.ShipRepairedItem, Merchant, null, At.AddDays(4), step: WithWaybill("SF Express", "SF777000111"));
        afterSalesCase.Apply(CaseAction.ConfirmDelivery, Agent, null, At.AddDays(6));

        Assert.Equal("The repair is already at \"Testing\".", again.Message);
        Assert.Equal((CaseStatus.Resolved, RepairStage.Done), (afterSalesCase.Status, afterSalesCase.Repair.Stage));
        Assert.Contains(afterSalesCase.History, h => h.Reason == "Repair: AwaitingParts · Fan ordered");
        Assert.Contains(afterSalesCase.History, h => h.Action == CaseAction.StartRepair && h.Reason == "Free repair.");
        Assert.NotNull(afterSalesCase.Shipments.Single(s => s.Leg == ShipmentLeg.RepairedItem).DeliveredAt);
    }

    [Theory]
    [InlineData(false, InspectionResult.Accepted, "Charged: outside warranty. outside")]
    [InlineData(true, InspectionResult.Rejected, "Charged: the inspection found a fault the warranty does not cover. inside")]
    public void Repair_OutsideWarrantyOrNotCovered_StartsOnlyAfterTheBuyerAcceptsAQuote(bool insideWarranty, InspectionResult result, string note)
    {
        var afterSalesCase = OpenIn(CaseKind.Repair, CaseStatus.ReturnReceived);
        afterSalesCase.Apply(CaseAction.RecordInspection, Merchant, null, At,
            step: Inspected(result, notes: result == InspectionResult.Rejected ? "Water damage" : null, insideWarranty: insideWarranty));

        var notYet = Assert.Throws<DomainException>(() => afterSalesCase.Apply(CaseAction.StartRepair, Merchant, null, At));
        afterSalesCase.QuoteRepair(Money.Cny(12_000), "New screen", Merchant, At.AddHours(1));
        var pending = Assert.Throws<DomainException>(() => afterSalesCase.Apply(CaseAction.StartRepair, Merchant, null, At));
        var merchantCannotAnswer = Assert.Throws<DomainException>(() => afterSalesCase.AnswerQuote(true, Merchant, At));
        afterSalesCase.AnswerQuote(true, Agent, At.AddHours(5));
        afterSalesCase.Apply(CaseAction.StartRepair, Merchant, null, At.AddHours(6));

        Assert.Equal((RepairCoverage.Chargeable, note), (afterSalesCase.Repair!.Coverage, afterSalesCase.Repair.CoverageNote));
        Assert.Equal("The repair is charged; the buyer must accept a quote before it starts.", notYet.Message);
        Assert.Equal("The repair is charged and the buyer has not answered the quote yet.", pending.Message);
        Assert.Equal("The buyer's answer to a quote comes from the buyer, or is recorded by an agent or supervisor.", merchantCannotAnswer.Message);
        Assert.Equal((CaseStatus.Repairing, QuoteState.Accepted, RepairStage.Diagnosing), (afterSalesCase.Status, afterSalesCase.Repair.QuoteState, afterSalesCase.Repair.Stage));
        Assert.Contains(afterSalesCase.History, h => h.Reason == "Repair quoted: CNY 120.00 · New screen");
        Assert.Contains(afterSalesCase.History, h => h.Reason == "The buyer accepted the quote of CNY 120.00.");
    }

    [Fact]
    public void Repair_WhenTheBuyerDeclinesTheQuote_GoesBackUnrepaired()
    {
        var afterSalesCase = OpenIn(CaseKind.Repair, CaseStatus.ReturnReceived);
        afterSalesCase.Apply(CaseAction.RecordInspection, Merchant, null, At, step: Inspected(InspectionResult.Accepted, insideWarranty: false));
        afterSalesCase.QuoteRepair(Money.Cny(30_000), null, Merchant, At);

        var waiting = Assert.Throws<DomainException>(() =>
            afterSalesCase.Apply(CaseAction.ReturnUnrepaired, Merchant, "Buyer wants it back", At, step: WithWaybill("ZTO Express", "ZTO123123123")));
        afterSalesCase.AnswerQuote(false, Agent, At.AddHours(1));
        afterSalesCase.Apply(CaseAction.ReturnUnrepaired, Merchant, "Buyer declined the quote", At.AddHours(2), step: WithWaybill("ZTO Express", "ZTO123123123"));

        Assert.Equal("Record the buyer's answer to the quote first.", waiting.Message);
        Assert.Equal((CaseStatus.RepairedAndShippedBack, QuoteState.Declined), (afterSalesCase.Status, afterSalesCase.Repair!.QuoteState));
        Assert.Equal("Unrepaired; Waybill ZTO Express ZTO123123123 · Buyer declined the quote", afterSalesCase.History[^1].Reason);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-100L)]
    [InlineData(100_000_001L)]
    public void QuoteRepair_OutsideItsBounds_IsRefused(long minor)
    {
        var afterSalesCase = OpenIn(CaseKind.Repair, CaseStatus.ReturnReceived);
        afterSalesCase.Apply(CaseAction.RecordInspection, Merchant, null, At, step: Inspected(InspectionResult.Accepted, insideWarranty: false));
        var before = afterSalesCase.History.Count;

        var error = Assert.Throws<DomainException>(() => afterSalesCase.QuoteRepair(Money.Cny(minor), null, Merchant, At));

        Assert.Equal("A quote is more than 0 and at most 1,000,000.00.", error.Message);
        Assert.Equal((QuoteState.None, before), (afterSalesCase.Repair!.QuoteState, afterSalesCase.History.Count));
    }

    [Fact]
    public void RepairInspection_WithoutAWarrantyCheck_IsRefused()
    {
        var afterSalesCase = OpenIn(CaseKind.Repair, CaseStatus.ReturnReceived);

        var error = Assert.Throws<DomainException>(() => afterSalesCase.Apply(CaseAction.RecordInspection, Merchant, null, At,
            step: new CaseStep { Inspection = new InspectionInput(InspectionResult.Accepted, 0, null, null) }));

        Assert.Equal("The repair's warranty has not been checked.", error.Message);
        Assert.Null(afterSalesCase.Repair);
    }

    [Fact]
    public void MerchantWhoNeverConfirmsReceipt_HasTheParcelDeemedReceivedByTheSystem()
    {
        var afterSalesCase = OpenIn(CaseKind.ReturnAndRefund, CaseStatus.AwaitingReturnShipment);
        afterSalesCase.Apply(CaseAction.RecordReturnShipment, Agent, null, At, SlaPolicy.Default, WithWaybill("YTO Express", "YT9876543210"));
        var clock = WithClockIds(afterSalesCase).Deadlines.Single(d => d.Kind == DeadlineKind.MerchantReceipt && d.State == DeadlineState.Running);

        afterSalesCase.FireDeadline(clock.Id, SlaPolicy.Default, At.AddDays(10));

        var parcel = Assert.Single(afterSalesCase.Shipments);
        Assert.Equal((CaseStatus.ReturnReceived, At.AddDays(10), "system"), (afterSalesCase.Status, parcel.DeliveredAt, parcel.DeliveryRecordedBy));
        Assert.StartsWith("MerchantReceipt deadline passed", parcel.DeliveryNote);
    }

    [Fact]
    public void SlaOutcome_ThatNeedsFactsOnlyAPersonHas_IsRefusedAtStart()
    {
        var policy = new SlaPolicy
        {
            Rules = [new() { Deadline = DeadlineKind.MerchantReceipt, Outcome = [CaseAction.ConfirmReturnReceived, CaseAction.RecordInspection] }],
        };

        Assert.Contains("Sla: the outcome of MerchantReceipt cannot do RecordInspection: it needs facts only a person can give (Inspection).", policy.Validate());
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void Warranty_RunsFromDeliveryForTheShortestWarrantyOfTheItems(int minutesAfterTheEnd, bool inside)
    {
        var delivered = new DateTimeOffset(2026, 1, 31, 10, 0, 0, TimeSpan.Zero);
        var items = new[] { ("Kettle", 12), ("Filter", 3) };

        var check = WarrantyCheck.Of(delivered, items, delivered.AddMonths(3).AddMinutes(minutesAfterTheEnd));

        Assert.Equal((inside, new DateTimeOffset(2026, 4, 30, 10, 0, 0, TimeSpan.Zero)), (check.Inside, check.EndsAt));
    }

    [Fact]
    public void Warranty_WithoutDeliveryOrForAnItemWithoutWarranty_IsOutside()
    {
        var at = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.False(WarrantyCheck.Of(null, [("Kettle", 12)], at).Inside);
        Assert.Equal("Cable has no warranty.", WarrantyCheck.Of(at.AddDays(-1), [("Kettle", 12), ("Cable", 0)], at).Explanation);
    }

    [Theory]
    [InlineData(OfferKind.PartialRefund, null, "A partial refund gives the buyer more than 0 % and less than 100 % back.")]
    [InlineData(OfferKind.PartialRefund, 10_000, "A partial refund gives the buyer more than 0 % and less than 100 % back.")]
    [InlineData(OfferKind.Other, 3000, "Only a partial refund has a share.")]
    public void CounterOffer_ThatDoesNotAddUp_IsRefusedAndChangesNothing(OfferKind kind, int? share, string message)
    {
        var afterSalesCase = OpenIn(CaseKind.ReturnAndRefund, CaseStatus.AwaitingMerchant);

        var error = Assert.Throws<DomainException>(() => afterSalesCase.Apply(CaseAction.MerchantCounterOffer, Merchant, "Keep it, take 30 %", At,
            step: new CaseStep { Offer = new OfferInput(kind, share) }));

        Assert.Equal(message, error.Message);
        Assert.Equal((CaseStatus.AwaitingMerchant, 0), (afterSalesCase.Status, afterSalesCase.Offers.Count));
    }

    [Fact]
    public void AcceptedPartialRefund_GivesTheShare_AndTheGoodsStayWithTheBuyer()
    {
        var afterSalesCase = OpenIn(CaseKind.ReturnAndRefund, CaseStatus.AwaitingMerchant);
        afterSalesCase.Apply(CaseAction.MerchantCounterOffer, Merchant, "Small scratch; keep it and take 30 % back", At,
            step: new CaseStep { Offer = new OfferInput(OfferKind.PartialRefund, 3000) });
        Assert.Null(afterSalesCase.AcceptedRefundShare);
        Assert.DoesNotContain(CaseAction.AcceptCounterOffer, afterSalesCase.AvailableActions(Roles.Agent));
        Assert.Equal("The buyer keeps the goods with a partial refund: request the refund.",
            Assert.Throws<DomainException>(() => afterSalesCase.Apply(CaseAction.AcceptCounterOffer, Agent, null, At)).Message);

        afterSalesCase.Apply(CaseAction.RequestRefund, Agent, "Buyer accepts 30 %", At.AddHours(1));

        Assert.Equal((CaseStatus.AwaitingRefund, 3000), (afterSalesCase.Status, afterSalesCase.AcceptedRefundShare));
        Assert.Equal("Offer: refund 30 %, the buyer keeps the goods · Small scratch; keep it and take 30 % back", afterSalesCase.History[^2].Reason);
    }

    [Fact]
    public void RefundOnly_AcceptedPartialRefund_KeepsTheShareThroughAgreement_AndRepairsTakeNoPartialRefund()
    {
        var refundOnly = OpenIn(CaseKind.RefundOnly, CaseStatus.AwaitingMerchant);
        var repair = OpenIn(CaseKind.Repair, CaseStatus.AwaitingMerchant);
        refundOnly.Apply(CaseAction.MerchantCounterOffer, Merchant, "Half back", At, step: new CaseStep { Offer = new OfferInput(OfferKind.PartialRefund, 5000) });

        refundOnly.Apply(CaseAction.AcceptCounterOffer, Agent, null, At.AddHours(1));
        refundOnly.Apply(CaseAction.RequestRefund, Agent, null, At.AddHours(2));

        Assert.Equal((CaseStatus.AwaitingRefund, 5000), (refundOnly.Status, refundOnly.AcceptedRefundShare));
        Assert.Equal("A repair's counter-offer is described in words; a partial refund is for refund, return and exchange requests.",
            Assert.Throws<DomainException>(() => repair.Apply(CaseAction.MerchantCounterOffer, Merchant, "50 %", At, step: new CaseStep { Offer = new OfferInput(OfferKind.PartialRefund, 5000) })).Message);
    }

    [Fact]
    public void PartialRefundOffer_SentBackToTheMerchant_IsNotAccepted()
    {
        var afterSalesCase = OpenIn(CaseKind.RefundOnly, CaseStatus.AwaitingMerchant);
        afterSalesCase.Apply(CaseAction.MerchantCounterOffer, Merchant, "20 % back", At, step: new CaseStep { Offer = new OfferInput(OfferKind.PartialRefund, 2000) });

        afterSalesCase.Apply(CaseAction.Escalate, Agent, "Buyer wants it all", At.AddHours(1));

        Assert.Null(afterSalesCase.AcceptedRefundShare);
    }
}
