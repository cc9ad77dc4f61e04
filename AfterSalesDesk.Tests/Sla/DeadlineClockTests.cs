using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Sla;
using AfterSalesDesk.Tests.Cases;
using static AfterSalesDesk.Tests.Cases.CaseBuilder;

namespace AfterSalesDesk.Tests.Sla;

/// <summary>The clocks a case carries: when each starts, pauses, ends, and what running out does.</summary>
public class DeadlineClockTests
{
    private static readonly SlaPolicy Sla = SlaPolicy.Default;

    [Theory]
    [InlineData(CasePriority.Urgent, 1, 24)]
    [InlineData(CasePriority.High, 4, 72)]
    [InlineData(CasePriority.Normal, 8, 120)]
    [InlineData(CasePriority.Low, 24, 240)]
    public void Open_StartsFirstResponseAndResolutionTargets_ByPriority(CasePriority priority, int firstResponseHours, int resolutionHours)
    {
        var afterSalesCase = OpenWith(CaseKind.ReturnAndRefund, priority);

        Assert.Equal(At.AddHours(firstResponseHours), Clock(afterSalesCase, DeadlineKind.AgentFirstResponse).DueAt);
        Assert.Equal(At.AddHours(resolutionHours), Clock(afterSalesCase, DeadlineKind.Resolution).DueAt);
        Assert.Equal(At.AddHours(firstResponseHours), afterSalesCase.SlaDueAt);
        Assert.Equal(At.AddHours(firstResponseHours * 0.75), afterSalesCase.SlaAttentionAt);
    }

    [Fact]
    public void MerchantClock_RunsFortyEightHours_AtRiskAfterThreeQuarters_BreachedAtDue()
    {
        var afterSalesCase = OpenWith(CaseKind.RefundOnly);
        afterSalesCase.AddMessage(MessageVisibility.ToBuyer, "We are on it.", Agent, At);
        afterSalesCase.Apply(CaseAction.RequestMerchantResponse, Agent, null, At, Sla);

        var merchant = Clock(afterSalesCase, DeadlineKind.MerchantResponse);
        Assert.Equal(At.AddHours(48), merchant.DueAt);
        Assert.Equal(DeadlineParty.Merchant, merchant.Party);
        Assert.Equal(SlaStatus.OnTrack, merchant.StatusAt(At.AddHours(35)));
        Assert.Equal(SlaStatus.AtRisk, merchant.StatusAt(At.AddHours(36)));
        Assert.Equal(SlaStatus.Breached, merchant.StatusAt(At.AddHours(48)));
        Assert.Equal(SlaStatus.AtRisk, afterSalesCase.SlaStatusAt(At.AddHours(40)));
    }

    [Fact]
    public void MerchantAnswer_MeetsTheMerchantClock()
    {
        var afterSalesCase = AwaitingMerchant(CaseKind.RefundOnly);

        afterSalesCase.Apply(CaseAction.MerchantAgree, Merchant, null, At.AddHours(5), Sla);

        var merchant = Clock(afterSalesCase, DeadlineKind.MerchantResponse);
        Assert.Equal(DeadlineState.Met, merchant.State);
        Assert.Null(merchant.BreachedAt);
        Assert.Null(merchant.FireAt);
    }

    [Fact]
    public void StaffReplyToBuyer_MeetsFirstResponse_ButInternalNotesAndMerchantsDoNot()
    {
        var afterSalesCase = OpenWith(CaseKind.RefundOnly);

        afterSalesCase.AddMessage(MessageVisibility.Internal, "Checking history.", Agent, At.AddMinutes(5));
        afterSalesCase.AddMessage(MessageVisibility.ToBuyer, "Merchant here.", Merchant, At.AddMinutes(6));
        Assert.Equal(DeadlineState.Running, Clock(afterSalesCase, DeadlineKind.AgentFirstResponse).State);
        Assert.Null(afterSalesCase.FirstResponseAt);

        afterSalesCase.AddMessage(MessageVisibility.ToBuyer, "We are on it.", Agent, At.AddMinutes(10));
        Assert.Equal(DeadlineState.Met, Clock(afterSalesCase, DeadlineKind.AgentFirstResponse).State);
        Assert.Equal(At.AddMinutes(10), Clock(afterSalesCase, DeadlineKind.AgentFirstResponse).EndedAt);
        Assert.Equal(At.AddMinutes(10), afterSalesCase.FirstResponseAt);
    }

    [Fact]
    public void FirstResponseAt_IsTheMomentTheClockWasMet_AndLaterRepliesAndMovesKeepIt()
    {
        var afterSalesCase = OpenWith(CaseKind.RefundOnly);

        afterSalesCase.Apply(CaseAction.RequestMerchantResponse, Agent, null, At.AddMinutes(30), Sla);
        afterSalesCase.AddMessage(MessageVisibility.ToBuyer, "The merchant has been asked.", Agent, At.AddHours(2));
        afterSalesCase.Apply(CaseAction.MerchantAgree, Merchant, null, At.AddHours(3), Sla);

        Assert.Equal(Clock(afterSalesCase, DeadlineKind.AgentFirstResponse).EndedAt, afterSalesCase.FirstResponseAt);
        Assert.Equal(At.AddMinutes(30), afterSalesCase.FirstResponseAt);
    }

    [Fact]
    public void ResolutionClock_PausesWhileWaitingOnTheBuyer_AndKeepsTheTimeLeft()
    {
        var afterSalesCase = AwaitingMerchant(CaseKind.ReturnAndRefund);
        afterSalesCase.Apply(CaseAction.MerchantAgree, Merchant, null, At.AddHours(10), Sla);
        afterSalesCase.Apply(CaseAction.RequestReturn, Agent, null, At.AddHours(20), Sla);

        var resolution = Clock(afterSalesCase, DeadlineKind.Resolution);
        Assert.Equal(DeadlineState.Paused, resolution.State);
        Assert.Null(resolution.DueAt);
        Assert.Equal(TimeSpan.FromHours(100).Ticks, resolution.RemainingTicks);

        // Three days with the buyer do not count against the platform.
        afterSalesCase.Apply(CaseAction.RecordReturnShipment, Agent, null, At.AddHours(92), Sla, CaseBuilder.Facts());

        Assert.Equal(DeadlineState.Running, resolution.State);
        Assert.Equal(At.AddHours(192), resolution.DueAt);
    }

    [Fact]
    public void EnteringTheMerchantsTurnAgain_StartsAFreshClock()
    {
        var afterSalesCase = AwaitingMerchant(CaseKind.RefundOnly);
        afterSalesCase.Apply(CaseAction.MerchantReject, Merchant, "Used item", At.AddHours(1), Sla);
        afterSalesCase.Apply(CaseAction.ResubmitToMerchant, Agent, "Photos show a defect", At.AddHours(30), Sla);

        var clocks = afterSalesCase.Deadlines.Where(d => d.Kind == DeadlineKind.MerchantResponse).ToList();
        Assert.Equal(2, clocks.Count);
        Assert.Equal(DeadlineState.Met, clocks[0].State);
        Assert.Equal(At.AddHours(78), clocks[1].DueAt);
    }

    [Fact]
    public void MerchantSilence_OnRefundOnly_MeansAgreement_AndTheRefundIsRequested()
    {
        var afterSalesCase = AwaitingMerchant(CaseKind.RefundOnly);
        var merchant = Clock(afterSalesCase, DeadlineKind.MerchantResponse);

        var done = afterSalesCase.FireDeadline(merchant.Id, Sla, At.AddHours(48).AddMinutes(1));

        Assert.Equal(CaseStatus.AwaitingRefund, afterSalesCase.Status);
        Assert.Equal(DeadlineState.Fired, merchant.State);
        Assert.Equal(At.AddHours(48), merchant.BreachedAt);
        Assert.Contains("MerchantResponse", done);
        Assert.Equal([CaseAction.MerchantAgree, CaseAction.RequestRefund], afterSalesCase.History.TakeLast(2).Select(h => h.Action!.Value));
        Assert.All(afterSalesCase.History.TakeLast(2), h => Assert.Equal("system", h.ActorName));
        Assert.Equal("system", afterSalesCase.UpdatedBy);
    }

    [Fact]
    public void MerchantSilence_OnAReturn_SendsTheBuyerTheReturn_AndStartsTheBuyersSevenDays()
    {
        var afterSalesCase = AwaitingMerchant(CaseKind.ReturnAndRefund);
        var firedAt = At.AddHours(49);

        afterSalesCase.FireDeadline(Clock(afterSalesCase, DeadlineKind.MerchantResponse).Id, Sla, firedAt);

        Assert.Equal(CaseStatus.AwaitingReturnShipment, afterSalesCase.Status);
        var buyer = Clock(afterSalesCase, DeadlineKind.BuyerReturnShipment);
        Assert.Equal(firedAt.AddDays(7), buyer.DueAt);
        Assert.Equal(DeadlineParty.Buyer, buyer.Party);
    }

    [Fact]
    public void BuyerWhoNeverShips_HasTheCaseClosed_AndEveryClockStops()
    {
        var afterSalesCase = AwaitingMerchant(CaseKind.ReturnAndRefund);
        afterSalesCase.Apply(CaseAction.MerchantAgree, Merchant, null, At.AddHours(1), Sla);
        afterSalesCase.Apply(CaseAction.RequestReturn, Agent, null, At.AddHours(2), Sla);

        afterSalesCase.FireDeadline(Clock(afterSalesCase, DeadlineKind.BuyerReturnShipment).Id, Sla, At.AddHours(2).AddDays(7));

        Assert.Equal(CaseStatus.Closed, afterSalesCase.Status);
        Assert.False(afterSalesCase.IsOpen);
        Assert.All(afterSalesCase.Deadlines, d => Assert.False(d.IsActive));
        Assert.Null(afterSalesCase.SlaDueAt);
        Assert.Null(afterSalesCase.SlaAttentionAt);
        Assert.Contains("BuyerReturnShipment deadline passed", afterSalesCase.History[^1].Reason);
    }

    [Fact]
    public void MerchantWhoNeverConfirmsReceipt_HasReceiptDeemedConfirmed_AfterTenDays()
    {
        var afterSalesCase = AwaitingMerchant(CaseKind.Exchange);
        afterSalesCase.Apply(CaseAction.MerchantAgree, Merchant, null, At.AddHours(1), Sla);
        afterSalesCase.Apply(CaseAction.RequestReturn, Agent, null, At.AddHours(2), Sla);
        afterSalesCase.Apply(CaseAction.RecordReturnShipment, Agent, null, At.AddHours(3), Sla, CaseBuilder.Facts());
        var receipt = Clock(afterSalesCase, DeadlineKind.MerchantReceipt);
        Assert.Equal(At.AddHours(3).AddDays(10), receipt.DueAt);

        afterSalesCase.FireDeadline(receipt.Id, Sla, At.AddHours(3).AddDays(10));

        Assert.Equal(CaseStatus.ReturnReceived, afterSalesCase.Status);
    }

    [Fact]
    public void Firing_BeforeTheDueTime_OrTwice_IsRefused()
    {
        var afterSalesCase = AwaitingMerchant(CaseKind.RefundOnly);
        var merchant = Clock(afterSalesCase, DeadlineKind.MerchantResponse);

        Assert.Throws<DomainException>(() => afterSalesCase.FireDeadline(merchant.Id, Sla, At.AddHours(47)));
        afterSalesCase.FireDeadline(merchant.Id, Sla, At.AddHours(48));
        var second = Assert.Throws<DomainException>(() => afterSalesCase.FireDeadline(merchant.Id, Sla, At.AddHours(49)));

        Assert.Contains("not due", second.Message);
        Assert.Single(afterSalesCase.History, h => h.Action == CaseAction.MerchantAgree);
    }

    [Fact]
    public void ServiceTargetBreach_IsRecordedOnce_ChangesNoState_AndTheLateAnswerStillMeetsIt()
    {
        var afterSalesCase = OpenWith(CaseKind.RefundOnly);
        var firstResponse = Clock(afterSalesCase, DeadlineKind.AgentFirstResponse);

        afterSalesCase.FireDeadline(firstResponse.Id, Sla, At.AddHours(9));

        Assert.Equal(CaseStatus.Submitted, afterSalesCase.Status);
        Assert.Equal(DeadlineState.Running, firstResponse.State);
        Assert.Equal(At.AddHours(8), firstResponse.BreachedAt);
        Assert.Null(firstResponse.FireAt);
        Assert.Equal(SlaStatus.Breached, afterSalesCase.SlaStatusAt(At.AddHours(9)));
        Assert.Throws<DomainException>(() => afterSalesCase.FireDeadline(firstResponse.Id, Sla, At.AddHours(10)));

        afterSalesCase.AddMessage(MessageVisibility.ToBuyer, "Sorry for the wait.", Agent, At.AddHours(10));
        Assert.Equal(DeadlineState.Met, firstResponse.State);
        Assert.Equal(At.AddHours(10), afterSalesCase.FirstResponseAt);
        Assert.Equal(At.AddHours(8), firstResponse.BreachedAt);
        Assert.Equal(SlaStatus.Breached, firstResponse.StatusAt(At.AddHours(11)));
    }

    [Fact]
    public void RaisingThePriority_MovesTheTargetsByTheDifference()
    {
        var afterSalesCase = OpenWith(CaseKind.RefundOnly);

        afterSalesCase.SetPriority(CasePriority.Urgent, Supervisor, At.AddHours(1), Sla);

        Assert.Equal(At.AddHours(1), Clock(afterSalesCase, DeadlineKind.AgentFirstResponse).DueAt);
        Assert.Equal(At.AddHours(24), Clock(afterSalesCase, DeadlineKind.Resolution).DueAt);
        Assert.Equal(CasePriority.Urgent, afterSalesCase.Priority);
        Assert.Contains("Priority changed from Normal to Urgent", afterSalesCase.History[^1].Reason);
        Assert.Throws<DomainException>(() => afterSalesCase.SetPriority(CasePriority.Urgent, Supervisor, At.AddHours(2), Sla));
    }

    [Fact]
    public void ClosingTheCase_StopsEveryClock()
    {
        var afterSalesCase = AwaitingMerchant(CaseKind.RefundOnly);

        afterSalesCase.Apply(CaseAction.CancelForBuyer, Agent, "Buyer withdrew", At.AddHours(2), Sla);

        Assert.All(afterSalesCase.Deadlines, d => Assert.False(d.IsActive));
        Assert.Equal(SlaStatus.None, afterSalesCase.SlaStatusAt(At.AddDays(30)));
    }

    [Fact]
    public void NobodyActsAsTheSystem_ThroughTheNormalDoor()
    {
        var afterSalesCase = OpenWith(CaseKind.RefundOnly);

        Assert.Throws<DomainException>(() => afterSalesCase.Apply(CaseAction.RequestMerchantResponse, CaseActor.System, null, At, Sla));
    }

    [Fact]
    public void Assignment_TakeAndReassign_AreRecorded_AndATakenCaseCannotBeTakenByAnother()
    {
        var afterSalesCase = OpenWith(CaseKind.RefundOnly);
        var agent2 = new CaseActor("agent2-id", "agent2@demo.local", Agent.Role);

        afterSalesCase.Take(Agent, At.AddMinutes(1));
        var refused = Assert.Throws<DomainException>(() => afterSalesCase.Take(agent2, At.AddMinutes(2)));
        afterSalesCase.AssignTo(agent2.UserId!, agent2.Name, Supervisor, At.AddMinutes(3));

        Assert.Contains("already taken by agent1@demo.local", refused.Message);
        Assert.Equal("agent2-id", afterSalesCase.AssigneeId);
        Assert.Contains("Reassigned from agent1@demo.local to agent2@demo.local", afterSalesCase.History[^1].Reason);
    }

    private static AfterSalesCase OpenWith(CaseKind kind, CasePriority priority = CasePriority.Normal)
    {
        var order = new AfterSalesDesk.Tests.Orders.OrderBuilder().BuildIn(AfterSalesDesk.Data.Orders.OrderStatus.Delivered);
        return AfterSalesCase.Open("AS-TEST-1", order, kind, "Quality problem", ProblemStage.AfterDelivery, "It broke.", [(0, 1)], Agent, At, priority, Sla);
    }

    private static AfterSalesCase AwaitingMerchant(CaseKind kind)
    {
        var afterSalesCase = OpenWith(kind);
        afterSalesCase.Apply(CaseAction.RequestMerchantResponse, Agent, null, At, Sla);
        return CaseBuilder.WithClockIds(afterSalesCase);
    }

    private static CaseDeadline Clock(AfterSalesCase afterSalesCase, DeadlineKind kind) =>
        CaseBuilder.WithClockIds(afterSalesCase).Deadlines.Last(d => d.Kind == kind);
}
