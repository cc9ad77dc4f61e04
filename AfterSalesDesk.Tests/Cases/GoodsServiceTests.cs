using System.Security.Claims;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Refunds;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Cases;

/// <summary>Returns, exchanges and repairs through the services, as each role, over real SQLite.</summary>
public class GoodsServiceTests(WorkedCasesApp fixture) : IClassFixture<WorkedCasesApp>
{
    private AppFactory App => fixture.App;

    private CaseService Cases => App.Get<CaseService>();

    private Task<(long CaseId, string CaseNo, int MerchantId)> WalkAsync(CaseKind kind, CaseStatus target, int? notMerchantId = null) =>
        fixture.WalkAsync(kind, target, notMerchantId);

    private Task ActAsync(ClaimsPrincipal user, long caseId, CaseAction action, string? reason, CaseStepInput? step = null) =>
        fixture.ActAsync(user, caseId, action, reason, step);

    private Task<ClaimsPrincipal> AgentAsync() => fixture.AgentAsync();

    private Task<ClaimsPrincipal> MerchantOfAsync(long caseId) => fixture.MerchantOfAsync(caseId);

    private Task<string> MerchantEmailAsync(int notMerchantId) => fixture.MerchantEmailAsync(notMerchantId);

    private async Task<Result> TryAsync(ClaimsPrincipal user, long caseId, CaseAction action, CaseStepInput step) =>
        await Cases.ActAsync(user, caseId, action, null, (await Cases.GetAsync(user, caseId))!.Version, step);

    [Fact]
    public async Task Return_InspectedWithADeduction_GivesTheRefundItsDeductionAndReason()
    {
        var (caseId, _, _) = await WalkAsync(CaseKind.ReturnAndRefund, CaseStatus.ReturnReceived);
        var merchant = await MerchantOfAsync(caseId);
        await ActAsync(merchant, caseId, CaseAction.RecordInspection, null,
            new CaseStepInput { Result = InspectionResult.AcceptedWithDeduction, DeductionPercent = 20m, DeductionKind = DeductionKind.Damage, Notes = "Scratches on the lid" });
        await ActAsync(await AgentAsync(), caseId, CaseAction.RequestRefund, null);
        var line = (await Cases.GetAsync(await AgentAsync(), caseId))!.Lines.Single();
        var refunds = App.Get<RefundService>();
        var input = new RefundInput { Lines = [new RequestedLine { OrderLineId = line.OrderLineId, Quantity = line.Quantity }] };

        var overridden = await refunds.ProposeAsync(await AgentAsync(), caseId, new RefundInput { Lines = input.Lines, DeductionBasisPoints = 500, DeductionReason = "less" });
        var proposed = await refunds.ProposeAsync(await AgentAsync(), caseId, input);

        Assert.Equal("The deduction comes from the inspection (20 %); it is not changed on the refund.", overridden.Result.Error);
        Assert.True(proposed.Result.Succeeded, proposed.Result.Error);
        await using var db = App.CreateDbContext();
        var refund = await db.Refunds.SingleAsync(r => r.Id == proposed.RefundId);
        Assert.Equal((2000, "Damage: Scratches on the lid"), (refund.DeductionBasisPoints, refund.DeductionReason));
        Assert.Equal(refund.LinesMinor - RefundMath.Deduction(refund.LinesMinor, 2000), refund.AmountMinor);
        var details = (await Cases.GetAsync(merchant, caseId))!;
        Assert.Equal(InspectionResult.AcceptedWithDeduction, details.LatestInspection!.Result);
        Assert.NotNull(Assert.Single(details.Shipments).DeliveredAt);
    }

    [Fact]
    public async Task CounterOffer_OfAPartialRefund_AcceptedByTheBuyer_GivesTheRefundItsShare()
    {
        var (caseId, _, _) = await WalkAsync(CaseKind.ReturnAndRefund, CaseStatus.AwaitingMerchant);
        var merchant = await MerchantOfAsync(caseId);
        var agent = await AgentAsync();
        var missingShare = await TryAsync(merchant, caseId, CaseAction.MerchantCounterOffer, new CaseStepInput { OfferKind = OfferKind.PartialRefund });
        var version = (await Cases.GetAsync(merchant, caseId))!.Version;
        Assert.True((await Cases.ActAsync(merchant, caseId, CaseAction.MerchantCounterOffer, "Tiny scratch: keep it, 30 % back", version,
            new CaseStepInput { OfferKind = OfferKind.PartialRefund, OfferSharePercent = 30m })).Succeeded);
        await ActAsync(agent, caseId, CaseAction.RequestRefund, "Buyer accepts the offer");
        var details = (await Cases.GetAsync(agent, caseId))!;
        var line = details.Lines.Single();
        var refunds = App.Get<RefundService>();
        var lines = new List<RequestedLine> { new() { OrderLineId = line.OrderLineId, Quantity = line.Quantity } };

        var overridden = await refunds.ProposeAsync(agent, caseId, new RefundInput { Lines = lines, DeductionBasisPoints = 100, DeductionReason = "less" });
        var proposed = await refunds.ProposeAsync(agent, caseId, new RefundInput { Lines = lines });

        Assert.Equal("Enter the buyer's share of the refund as a percentage above 0 and below 100, with at most two decimals.", missingShare.Error);
        Assert.Equal((3000, OfferKind.PartialRefund), (details.AcceptedRefundShare, Assert.Single(details.Offers).Kind));
        Assert.Equal("The buyer accepted a refund of 30 %; it is not changed on the refund.", overridden.Result.Error);
        Assert.True(proposed.Result.Succeeded, proposed.Result.Error);
        await using var db = App.CreateDbContext();
        var refund = await db.Refunds.SingleAsync(r => r.Id == proposed.RefundId);
        Assert.Equal((7000, refund.LinesMinor - RefundMath.Deduction(refund.LinesMinor, 7000)), (refund.DeductionBasisPoints, refund.AmountMinor));
        Assert.StartsWith("Accepted counter-offer: the buyer gets 30 %", refund.DeductionReason);
    }

    [Fact]
    public async Task Waybill_AlreadyOnAnotherCase_IsRefused_AndAMerchantIsNotToldTheOtherStoresCase()
    {
        var (first, firstNo, firstMerchant) = await WalkAsync(CaseKind.ReturnAndRefund, CaseStatus.AwaitingReturnShipment);
        await ActAsync(await AgentAsync(), first, CaseAction.RecordReturnShipment, null, new CaseStepInput { Carrier = "SF Express", TrackingNo = "SF3000000001" });
        var (second, _, _) = await WalkAsync(CaseKind.ReturnAndRefund, CaseStatus.AwaitingReturnShipment);
        var (exchange, _, _) = await WalkAsync(CaseKind.Exchange, CaseStatus.Inspected, notMerchantId: firstMerchant);
        var otherMerchant = await MerchantOfAsync(exchange);

        var byStaff = await TryAsync(await AgentAsync(), second, CaseAction.RecordReturnShipment, new CaseStepInput { Carrier = "SF Express", TrackingNo = "sf3000000001" });
        var byMerchant = await TryAsync(otherMerchant, exchange, CaseAction.ShipReplacement, new CaseStepInput { Carrier = "SF Express", TrackingNo = "SF3000000001" });

        Assert.Equal($"Waybill SF Express SF3000000001 is already recorded on case {firstNo}; a parcel belongs to one case.", byStaff.Error);
        Assert.Equal("Waybill SF Express SF3000000001 is already recorded on another case; a parcel belongs to one case.", byMerchant.Error);
        Assert.Equal(CaseStatus.AwaitingReturnShipment, (await Cases.GetAsync(await AgentAsync(), second))!.Status);
        Assert.Equal(CaseStatus.Inspected, (await Cases.GetAsync(otherMerchant, exchange))!.Status);
    }

    [Fact]
    public async Task Waybill_WithACarrierNotListed_IsRefusedAndAudited()
    {
        var (caseId, _, _) = await WalkAsync(CaseKind.Exchange, CaseStatus.AwaitingReturnShipment);

        var result = await TryAsync(await AgentAsync(), caseId, CaseAction.RecordReturnShipment, new CaseStepInput { Carrier = "Pigeon Post", TrackingNo = "PG12345678" });

        Assert.Equal((ResultStatus.Invalid, "Choose one of the listed carriers."), (result.Status, result.Error));
        await using var db = App.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "case.RecordReturnShipment" && e.EntityId == caseId.ToString() && e.Outcome == AuditOutcome.Failed));
        Assert.False(await db.Set<CaseShipment>().AnyAsync(s => s.CaseId == caseId));
    }

    [Fact]
    public async Task Repair_OutOfWarranty_IsQuotedAcceptedRepairedAndDelivered_EveryStepAudited()
    {
        var (caseId, _, _) = await WalkAsync(CaseKind.Repair, CaseStatus.ReturnReceived);
        var merchant = await MerchantOfAsync(caseId);
        var agent = await AgentAsync();
        await using (var db = App.CreateDbContext())
        {
            // The item's warranty is set to none, so the repair is charged whatever the dates.
            var productId = await db.CaseLines.Where(l => l.CaseId == caseId)
                .Join(db.Set<OrderLine>(), l => l.OrderLineId, o => o.Id, (l, o) => o.ProductId).SingleAsync();
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE Products SET WarrantyMonths = 0 WHERE Id = {productId}");
        }

        var preview = (await Cases.GetAsync(agent, caseId))!.Warranty!;
        await ActAsync(merchant, caseId, CaseAction.RecordInspection, null, new CaseStepInput { Result = InspectionResult.Accepted, Notes = "Motor worn" });
        var inspected = (await Cases.GetAsync(merchant, caseId))!;
        var merchantAnswers = await Cases.AnswerQuoteAsync(merchant, caseId, true, inspected.Version);
        // Out of range: a readable refusal, never an OverflowException from the money conversion.
        foreach (var outOfRange in new[] { 1_000_000_000_000m, decimal.MaxValue, 1_000_000.01m, -1m, 0m })
        {
            var refused = await Cases.QuoteRepairAsync(merchant, caseId, outOfRange, "New motor", inspected.Version);
            Assert.Equal(ResultStatus.Invalid, refused.Status);
            Assert.Equal("Enter the price as an amount above 0 and at most 1,000,000.00, with at most two decimals.", refused.Error);
        }

        Assert.True((await Cases.QuoteRepairAsync(merchant, caseId, 88.50m, "New motor", inspected.Version)).Succeeded);
        var stale = await Cases.QuoteRepairAsync(merchant, caseId, 99m, null, inspected.Version);
        var quoted = (await Cases.GetAsync(agent, caseId))!;
        Assert.DoesNotContain(CaseAction.StartRepair, quoted.Actions);
        Assert.True((await Cases.AnswerQuoteAsync(agent, caseId, true, quoted.Version)).Succeeded);
        await ActAsync(merchant, caseId, CaseAction.StartRepair, null);
        var repairing = (await Cases.GetAsync(merchant, caseId))!;
        Assert.True((await Cases.RecordRepairProgressAsync(merchant, caseId, RepairStage.Testing, "Runs quietly", repairing.Version)).Succeeded);
        await ActAsync(merchant, caseId, CaseAction.ShipRepairedItem, null, new CaseStepInput { Carrier = "EMS", TrackingNo = "EM2026112400" });
        await ActAsync(agent, caseId, CaseAction.ConfirmDelivery, "Buyer confirmed");

        Assert.False(preview.Inside);
        Assert.Equal(RepairCoverage.Chargeable, inspected.Repair!.Coverage);
        Assert.True(inspected.RepairCommands.CanQuote);
        Assert.Equal("The buyer's answer to a quote comes from the buyer, or is recorded by an agent or supervisor.", merchantAnswers.Error);
        Assert.Equal(ResultStatus.Conflict, stale.Status);
        var done = (await Cases.GetAsync(agent, caseId))!;
        Assert.Equal((CaseStatus.Resolved, QuoteState.Accepted, RepairStage.Done), (done.Status, done.Repair!.QuoteState, done.Repair.Stage));
        Assert.Equal(8850, done.Repair.Quote!.Value.Minor);
        Assert.Equal([ShipmentLeg.Return, ShipmentLeg.RepairedItem], done.Shipments.Select(s => s.Leg));
        await using var check = App.CreateDbContext();
        var audited = await check.AuditEntries.Where(e => e.EntityId == caseId.ToString() && e.Outcome == AuditOutcome.Succeeded && e.EntityType == "AfterSalesCase")
            .Select(e => e.Action).ToListAsync();
        Assert.Contains("case.repair.quote", audited);
        Assert.Contains("case.repair.quote-accepted", audited);
        Assert.Contains("case.repair.progress", audited);
        Assert.True(await check.AuditEntries.AnyAsync(e => e.EntityType == "CaseRepair" && e.Action == "case.repair.quote"));
    }

    [Fact]
    public async Task RepairCommands_OnAnotherStoresCase_AreNotFoundAndAudited()
    {
        var (caseId, _, merchantId) = await WalkAsync(CaseKind.Repair, CaseStatus.Inspected);
        var stranger = await App.PrincipalAsync(await MerchantEmailAsync(notMerchantId: merchantId), Roles.Merchant);
        var version = (await Cases.GetAsync(await AgentAsync(), caseId))!.Version;

        var result = await Cases.RecordRepairProgressAsync(stranger, caseId, RepairStage.Testing, null, version);
        var quote = await Cases.QuoteRepairAsync(stranger, caseId, 10m, null, version);

        Assert.Equal((ResultStatus.NotFound, ResultStatus.NotFound), (result.Status, quote.Status));
        await using var db = App.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "case.repair.quote" && e.EntityId == caseId.ToString() && e.Outcome == AuditOutcome.Denied));
    }
}
