using System.Security.Claims;
using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Complaints;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Complaints;

/// <summary>Escalations, turns, arbitration and its consequences through the services, over real SQLite, as each role.</summary>
public class ComplaintServiceTests(WorkedCasesApp fixture) : IClassFixture<WorkedCasesApp>
{
    private AppFactory App => fixture.App;

    private ComplaintService Complaints => App.Get<ComplaintService>();

    private ComplaintListService Lists => App.Get<ComplaintListService>();

    [Fact]
    public async Task Escalation_GoesThroughBothSidesToArbitration_AndADecisionForTheBuyerForcesARefund()
    {
        var (caseId, caseNo, merchantId) = await fixture.WalkAsync(CaseKind.ReturnAndRefund, CaseStatus.MerchantRejected);
        var agent = await fixture.AgentAsync();
        var merchant = await fixture.MerchantOfAsync(caseId);
        var supervisor = await App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);

        var opened = await Complaints.EscalateCaseAsync(agent, caseId, ComplaintSeverity.High, ComplaintChannel.Escalation, "Item broke on day two.", await CaseVersionAsync(caseId));
        Assert.True(opened.Result.Succeeded, opened.Result.Error);
        var id = opened.ComplaintId!.Value;
        var escalated = (await Complaints.GetAsync(merchant, id))!;
        Assert.Equal((ComplaintStatus.AwaitingMerchantEvidence, ComplaintParty.Merchant, caseNo), (escalated.Status, escalated.AwaitedParty, escalated.CaseNo));
        Assert.Equal(App.Clock.GetUtcNow().AddHours(48), escalated.EvidenceDueAt);
        Assert.Equal([ComplaintParty.Merchant], escalated.WritableParties);
        Assert.True((await Complaints.AddStatementAsync(merchant, id, ComplaintParty.Merchant, "The buyer dropped it.", escalated.Version)).Succeeded);
        Assert.True((await Complaints.AddStatementAsync(agent, id, ComplaintParty.Buyer, "It broke by itself; photos attached.", await VersionAsync(id))).Succeeded);
        var decided = await Complaints.DecideAsync(supervisor, id, ArbitrationOutcome.ForBuyer, "The photos show a manufacturing fault.", null, await VersionAsync(id));

        Assert.True(decided.Succeeded, decided.Error);
        var details = (await Complaints.GetAsync(merchant, id))!;
        Assert.Equal((ComplaintStatus.Decided, ArbitrationOutcome.ForBuyer, 2, "The photos show a manufacturing fault."), (details.Status, details.Outcome, details.PenaltyPoints, details.Reasoning));
        await using var db = App.CreateDbContext();
        var afterSalesCase = await db.Cases.SingleAsync(c => c.Id == caseId);
        var refund = await db.Refunds.SingleAsync(r => r.CaseId == caseId);
        Assert.Equal(CaseStatus.AwaitingRefund, afterSalesCase.Status);
        Assert.Equal(("supervisor1@demo.local", 0), (refund.ProposedBy, refund.DeductionBasisPoints));
        Assert.Equal(refund.Id, (await db.Complaints.SingleAsync(c => c.Id == id)).RefundId);
        Assert.Equal(refund.AmountMinor, details.Refund!.Value.Minor);
        Assert.True(refund.Status is RefundStatus.AwaitingApproval or RefundStatus.Granted);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "complaint.decide" && e.EntityType == "Complaint" && e.UserName == "supervisor1@demo.local"));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "complaint.decide" && e.EntityType == "Refund"));
        var ranking = (await Lists.RankingAsync(supervisor, App.Clock.GetUtcNow().AddDays(-1), App.Clock.GetUtcNow().AddDays(1)))!;
        Assert.Contains(ranking, r => r.MerchantId == merchantId && r.Points >= 2 && r.Lost >= 1);
        Assert.Equal(await db.Complaints.Where(c => c.MerchantId == merchantId).SumAsync(c => c.PenaltyPoints), await Lists.OwnPointsAsync(merchant));
    }

    [Fact]
    public async Task PartialDecision_RefundsTheBuyersShare_AndADecisionForTheMerchantClosesTheCase()
    {
        var (partialCase, _, _) = await fixture.WalkAsync(CaseKind.RefundOnly, CaseStatus.MerchantRejected);
        var (merchantCase, _, _) = await fixture.WalkAsync(CaseKind.Exchange, CaseStatus.MerchantRejected);
        var agent = await fixture.AgentAsync();
        var supervisor = await App.PrincipalAsync("supervisor2@demo.local", Roles.Supervisor);
        var partial = (await Complaints.EscalateCaseAsync(agent, partialCase, ComplaintSeverity.Medium, ComplaintChannel.Escalation, null, await CaseVersionAsync(partialCase))).ComplaintId!.Value;
        var forMerchant = (await Complaints.EscalateCaseAsync(agent, merchantCase, ComplaintSeverity.Low, ComplaintChannel.Escalation, null, await CaseVersionAsync(merchantCase))).ComplaintId!.Value;
        await Complaints.SendToArbitrationAsync(supervisor, partial, null, await VersionAsync(partial));
        await Complaints.SendToArbitrationAsync(supervisor, forMerchant, null, await VersionAsync(forMerchant));

        var badShare = await Complaints.DecideAsync(supervisor, partial, ArbitrationOutcome.Partial, "Both are partly right here.", 40.005m, await VersionAsync(partial));
        // Out of range: a readable refusal, never an OverflowException from the conversion to basis points.
        foreach (var outOfRange in new[] { 1_000_000_000_000m, decimal.MaxValue, 100.01m, -5m })
        {
            var refused = await Complaints.DecideAsync(supervisor, partial, ArbitrationOutcome.Partial, "Both are partly right here.", outOfRange, await VersionAsync(partial));
            Assert.Equal(ResultStatus.Invalid, refused.Status);
            Assert.Equal("Enter the buyer's share as a percentage from 0 to 100 with at most two decimals.", refused.Error);
        }

        Assert.True((await Complaints.DecideAsync(supervisor, partial, ArbitrationOutcome.Partial, "Both are partly right here.", 40m, await VersionAsync(partial))).Succeeded);
        Assert.True((await Complaints.DecideAsync(supervisor, forMerchant, ArbitrationOutcome.ForMerchant, "The photos show misuse, not a fault.", null, await VersionAsync(forMerchant))).Succeeded);

        Assert.Equal("Enter the buyer's share as a percentage from 0 to 100 with at most two decimals.", badShare.Error);
        await using var db = App.CreateDbContext();
        var refund = await db.Refunds.SingleAsync(r => r.CaseId == partialCase);
        Assert.Equal((6000, refund.LinesMinor - RefundMath.Deduction(refund.LinesMinor, 6000)), (refund.DeductionBasisPoints, refund.AmountMinor));
        Assert.Equal(1, (await db.Complaints.SingleAsync(c => c.Id == partial)).PenaltyPoints);
        Assert.Equal(CaseStatus.Closed, (await db.Cases.SingleAsync(c => c.Id == merchantCase)).Status);
        Assert.False(await db.Refunds.AnyAsync(r => r.CaseId == merchantCase));
        Assert.Equal(0, (await db.Complaints.SingleAsync(c => c.Id == forMerchant)).PenaltyPoints);
    }

    [Fact]
    public async Task Escalation_IsOnlyForARejectedCase_OnceAtATime_AndNotThroughThePlainEscalateButton()
    {
        var (caseId, _, _) = await fixture.WalkAsync(CaseKind.RefundOnly, CaseStatus.MerchantRejected);
        var agent = await fixture.AgentAsync();
        var seen = await CaseVersionAsync(caseId);

        var plain = await App.Get<CaseService>().ActAsync(agent, caseId, CaseAction.Escalate, "buyer unhappy", seen);
        var first = await Complaints.EscalateCaseAsync(agent, caseId, ComplaintSeverity.Medium, ComplaintChannel.Escalation, null, seen);
        var second = await Complaints.EscalateCaseAsync(agent, caseId, ComplaintSeverity.Medium, ComplaintChannel.Escalation, null, await CaseVersionAsync(caseId));

        Assert.Equal("A buyer's escalation after the merchant's rejection opens a dispute: use \"Escalate to dispute\".", plain.Error);
        Assert.True(first.Result.Succeeded, first.Result.Error);
        Assert.Equal("Case " + (await App.Get<CaseService>().GetAsync(agent, caseId))!.CaseNo + " is Escalated; a buyer escalates a case the merchant rejected.", second.Result.Error);
        var merchant = await fixture.MerchantOfAsync(caseId);
        var byMerchant = await Complaints.EscalateCaseAsync(merchant, caseId, ComplaintSeverity.Medium, ComplaintChannel.Escalation, null, await CaseVersionAsync(caseId));
        Assert.Equal(ResultStatus.Forbidden, byMerchant.Result.Status);
    }

    [Fact]
    public async Task Escalation_LongerThanItsLimit_IsRefusedWithTheLimit_NotCut()
    {
        var (caseId, _, _) = await fixture.WalkAsync(CaseKind.RefundOnly, CaseStatus.MerchantRejected);
        var agent = await fixture.AgentAsync();

        var tooLong = await Complaints.EscalateCaseAsync(agent, caseId, ComplaintSeverity.Medium, ComplaintChannel.Escalation,
            new string('x', Complaint.EscalationMaxLength + 1), await CaseVersionAsync(caseId));
        var atLimit = await Complaints.EscalateCaseAsync(agent, caseId, ComplaintSeverity.Medium, ComplaintChannel.Escalation,
            new string('y', Complaint.EscalationMaxLength), await CaseVersionAsync(caseId));

        Assert.Equal("An escalation can have at most 1,000 characters.", tooLong.Result.Error);
        Assert.Null(tooLong.ComplaintId);
        Assert.True(atLimit.Result.Succeeded, atLimit.Result.Error);
    }

    [Fact]
    public async Task Escalation_AfterTheWindow_IsRefusedAndNothingChanges()
    {
        var (caseId, _, _) = await fixture.WalkAsync(CaseKind.RefundOnly, CaseStatus.MerchantRejected);
        var agent = await fixture.AgentAsync();
        var start = App.Clock.GetUtcNow();
        Result refused;
        try
        {
            App.Clock.Advance(TimeSpan.FromDays(7).Add(TimeSpan.FromMinutes(1)));
            refused = (await Complaints.EscalateCaseAsync(agent, caseId, ComplaintSeverity.Medium, ComplaintChannel.Escalation, null, await CaseVersionAsync(caseId))).Result;
        }
        finally
        {
            App.Clock.Set(start);
        }

        Assert.StartsWith("A buyer may escalate within 7 days of the merchant's rejection;", refused.Error);
        await using var db = App.CreateDbContext();
        Assert.Equal(CaseStatus.MerchantRejected, (await db.Cases.SingleAsync(c => c.Id == caseId)).Status);
        Assert.False(await db.Complaints.AnyAsync(c => c.CaseId == caseId));
    }

    [Fact]
    public async Task AnotherStoresComplaint_IsNotFoundForAMerchant_AndTheAttemptIsAudited()
    {
        var agent = await fixture.AgentAsync();
        var order = await fixture.FreshOrderAsync(CaseKind.RefundOnly);
        var opened = await Complaints.OpenAsync(agent, new OpenComplaintInput
        {
            OrderNo = order.OrderNo, Category = ComplaintCategory.ServiceAttitude, Severity = ComplaintSeverity.Low, Channel = ComplaintChannel.Phone, Summary = "Rude reply in chat.",
        });
        Assert.True(opened.Result.Succeeded, opened.Result.Error);
        var id = opened.ComplaintId!.Value;
        var stranger = await App.PrincipalAsync(await fixture.MerchantEmailAsync(order.MerchantId), Roles.Merchant);

        Assert.Null(await Complaints.GetAsync(stranger, id));
        Assert.Equal(ResultStatus.NotFound, (await Complaints.AddStatementAsync(stranger, id, ComplaintParty.Merchant, "not mine", Guid.NewGuid())).Status);
        Assert.DoesNotContain((await Lists.PageAsync(stranger, new ComplaintListQuery())).Rows, r => r.Id == id);
        Assert.Null(await Lists.RankingAsync(stranger, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        await using var db = App.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "complaint.view" && e.EntityId == id.ToString() && e.Outcome == AuditOutcome.Denied));
    }

    [Fact]
    public async Task SilentSides_AreHandedOnByTheDeadlineWorker_OnceEach()
    {
        var agent = await fixture.AgentAsync();
        var order = await fixture.FreshOrderAsync(CaseKind.RefundOnly);
        var id = (await Complaints.OpenAsync(agent, new OpenComplaintInput
        {
            OrderNo = order.OrderNo, Category = ComplaintCategory.Logistics, Summary = "Parcel left in the rain.",
        })).ComplaintId!.Value;
        Assert.True((await Complaints.RequestMerchantEvidenceAsync(agent, id, await VersionAsync(id))).Succeeded);
        var worker = App.Get<ComplaintDeadlines>();
        var start = App.Clock.GetUtcNow();
        try
        {
            App.Clock.Advance(TimeSpan.FromHours(48));
            var first = await worker.PassDueAsync();
            var again = await worker.PassDueAsync();
            Assert.Equal(ComplaintStatus.AwaitingBuyerEvidence, (await Complaints.GetAsync(agent, id))!.Status);
            App.Clock.Advance(TimeSpan.FromHours(72));
            await worker.PassDueAsync();

            Assert.True(first >= 1);
            Assert.Equal(0, again);
        }
        finally
        {
            App.Clock.Set(start);
        }

        var details = (await Complaints.GetAsync(agent, id))!;
        Assert.Equal(ComplaintStatus.UnderArbitration, details.Status);
        Assert.Equal(["system", "system"], details.History.TakeLast(2).Select(h => h.ActorName));
    }

    private async Task<Guid> VersionAsync(long complaintId) => (await Complaints.GetAsync(await fixture.AgentAsync(), complaintId))!.Version;

    private async Task<Guid> CaseVersionAsync(long caseId) => (await App.Get<CaseService>().GetAsync(await fixture.AgentAsync(), caseId))!.Version;
}
