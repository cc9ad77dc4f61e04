using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Tests.Orders;
using static AfterSalesDesk.Tests.Cases.CaseBuilder;

namespace AfterSalesDesk.Tests.Complaints;

/// <summary>The complaint's state machine, turns, deadlines, arbitration, points and reopening, on the entity.</summary>
public class ComplaintRulesTests
{
    private static readonly ComplaintRules Rules = new();

    private static Complaint OpenComplaint(ComplaintCategory category = ComplaintCategory.Counterfeit, long? caseId = null) =>
        Complaint.Open("CP-TEST-1", new OrderBuilder().BuildIn(OrderStatus.Delivered), caseId, category, ComplaintSeverity.High, ComplaintChannel.Phone,
            "The watch is a fake.", Agent, At);

    private static Complaint UnderArbitration(ComplaintCategory category = ComplaintCategory.Counterfeit)
    {
        var complaint = OpenComplaint(category);
        complaint.RequestMerchantEvidence(Agent, Rules, At);
        complaint.AddStatement(ComplaintParty.Merchant, "Genuine, invoice attached.", Merchant, Rules, At.AddHours(1));
        complaint.AddStatement(ComplaintParty.Buyer, "Serial number unknown to the brand.", Agent, Rules, At.AddHours(2));
        return complaint;
    }

    [Fact]
    public void EachSide_InTurn_HandsTheComplaintOnToArbitration_WithDeadlines()
    {
        var complaint = OpenComplaint();

        complaint.RequestMerchantEvidence(Agent, Rules, At);
        Assert.Equal((ComplaintStatus.AwaitingMerchantEvidence, At.AddHours(48), ComplaintParty.Merchant), (complaint.Status, complaint.EvidenceDueAt, complaint.AwaitedParty));
        complaint.AddStatement(ComplaintParty.Platform, "Brand contacted.", Supervisor, Rules, At.AddMinutes(5));
        Assert.Equal(ComplaintStatus.AwaitingMerchantEvidence, complaint.Status);
        complaint.AddStatement(ComplaintParty.Merchant, "Genuine, invoice attached.", Merchant, Rules, At.AddHours(1));
        Assert.Equal((ComplaintStatus.AwaitingBuyerEvidence, At.AddHours(73)), (complaint.Status, complaint.EvidenceDueAt));
        complaint.AddStatement(ComplaintParty.Buyer, "Serial number unknown to the brand.", Agent, Rules, At.AddHours(2));

        Assert.Equal((ComplaintStatus.UnderArbitration, null), (complaint.Status, complaint.EvidenceDueAt));
        Assert.Equal(
            [ComplaintStatus.Open, ComplaintStatus.AwaitingMerchantEvidence, ComplaintStatus.AwaitingBuyerEvidence, ComplaintStatus.UnderArbitration],
            complaint.History.Select(h => h.To));
        var sideStatement = Assert.Throws<DomainException>(() => complaint.AddStatement(ComplaintParty.Merchant, "One more thing", Merchant, Rules, At.AddHours(3)));
        Assert.Equal("Complaint CP-TEST-1 is under arbitration; the sides' evidence is closed.", sideStatement.Message);
    }

    [Theory]
    [InlineData(ComplaintParty.Merchant, false, "Only the merchant gives the merchant's statement.")]
    [InlineData(ComplaintParty.Buyer, true, "A Merchant cannot speak for the buyer.")]
    [InlineData(ComplaintParty.Platform, true, "A Merchant cannot speak for the platform.")]
    public void Statements_FromTheWrongSpeaker_AreRefused(ComplaintParty party, bool byMerchant, string message)
    {
        var complaint = OpenComplaint();
        complaint.RequestMerchantEvidence(Agent, Rules, At);

        var error = Assert.Throws<DomainException>(() => complaint.AddStatement(party, "text", byMerchant ? Merchant : Agent, Rules, At));

        Assert.Equal(message, error.Message);
        Assert.Empty(complaint.Statements);
    }

    [Fact]
    public void SilentSides_PassTheirTurn_WhenTheirDeadlineRunsOut_NotBefore()
    {
        var complaint = OpenComplaint();
        complaint.RequestMerchantEvidence(Agent, Rules, At);

        Assert.False(complaint.PassDeadline(Rules, At.AddHours(47).AddMinutes(59)));
        Assert.True(complaint.PassDeadline(Rules, At.AddHours(48)));
        Assert.Equal((ComplaintStatus.AwaitingBuyerEvidence, "system"), (complaint.Status, complaint.History[^1].ActorName));
        Assert.StartsWith("Merchant gave no evidence by", complaint.History[^1].Note);
        Assert.True(complaint.PassDeadline(Rules, At.AddHours(48 + 72)));
        Assert.Equal(ComplaintStatus.UnderArbitration, complaint.Status);
        Assert.False(complaint.PassDeadline(Rules, At.AddDays(30)));
    }

    [Theory]
    [InlineData(ArbitrationOutcome.ForBuyer, null, 12)]
    [InlineData(ArbitrationOutcome.Partial, 4000, 6)]
    [InlineData(ArbitrationOutcome.ForMerchant, null, 0)]
    public void Decision_AddsPenaltyPointsByCategory(ArbitrationOutcome outcome, int? share, int points)
    {
        var complaint = UnderArbitration(ComplaintCategory.Counterfeit);

        complaint.Decide(outcome, "The brand confirmed the serial number.", share, Supervisor, Rules, At.AddDays(1));

        Assert.Equal((ComplaintStatus.Decided, outcome, points, "supervisor1@demo.local"), (complaint.Status, complaint.Outcome, complaint.PenaltyPoints, complaint.DecidedBy));
        Assert.Equal(share, complaint.AwardBasisPoints);
    }

    [Fact]
    public void PartialDecision_OnAOnePointCategory_RoundsHalfUp()
    {
        var complaint = UnderArbitration(ComplaintCategory.Logistics);

        complaint.Decide(ArbitrationOutcome.Partial, "Both sides share the delay.", 5000, Supervisor, Rules, At.AddDays(1));

        Assert.Equal(1, complaint.PenaltyPoints);
    }

    [Theory]
    [InlineData(ArbitrationOutcome.ForBuyer, "too short", null, "A decision needs its written reasoning (at least 10 characters); both sides will read it.")]
    [InlineData(ArbitrationOutcome.Partial, "Both sides share the blame.", null, "A partial decision gives the buyer more than 0 % and less than 100 % back.")]
    [InlineData(ArbitrationOutcome.Partial, "Both sides share the blame.", 10_000, "A partial decision gives the buyer more than 0 % and less than 100 % back.")]
    [InlineData(ArbitrationOutcome.ForBuyer, "The merchant sent a fake.", 5000, "Only a partial decision has a share.")]
    public void Decision_WithoutItsReasoningOrAWrongShare_IsRefused(ArbitrationOutcome outcome, string reasoning, int? share, string message)
    {
        var complaint = UnderArbitration();

        var error = Assert.Throws<DomainException>(() => complaint.Decide(outcome, reasoning, share, Supervisor, Rules, At));

        Assert.Equal(message, error.Message);
        Assert.Equal((ComplaintStatus.UnderArbitration, 0), (complaint.Status, complaint.PenaltyPoints));
    }

    [Fact]
    public void OnlySupervisors_Decide()
    {
        var error = Assert.Throws<DomainException>(() => UnderArbitration().Decide(ArbitrationOutcome.ForBuyer, "The merchant sent a fake.", null, Agent, Rules, At));

        Assert.Equal("Only a supervisor may decide a complaint.", error.Message);
    }

    [Fact]
    public void Reopening_WithinTheWindowOnce_WithdrawsThePoints_ThenIsRefused()
    {
        var complaint = UnderArbitration();
        complaint.Decide(ArbitrationOutcome.ForBuyer, "The merchant sent a fake.", null, Supervisor, Rules, At);

        complaint.Reopen(Supervisor, "The brand withdrew its statement.", Rules, At.AddDays(15));
        Assert.Equal((ComplaintStatus.UnderArbitration, 0, null), (complaint.Status, complaint.PenaltyPoints, complaint.Outcome));
        complaint.Decide(ArbitrationOutcome.ForMerchant, "The brand confirms the watch is genuine.", null, Supervisor, Rules, At.AddDays(16));
        var again = Assert.Throws<DomainException>(() => complaint.Reopen(Supervisor, "Once more", Rules, At.AddDays(17)));

        Assert.Equal("Complaint CP-TEST-1 was already reopened; a decision is reopened at most 1 time(s).", again.Message);
    }

    [Fact]
    public void Reopening_AfterTheWindow_IsRefused()
    {
        var complaint = UnderArbitration();
        complaint.Decide(ArbitrationOutcome.ForBuyer, "The merchant sent a fake.", null, Supervisor, Rules, At);

        var error = Assert.Throws<DomainException>(() => complaint.Reopen(Supervisor, "New evidence", Rules, At.AddDays(15).AddMinutes(1)));

        Assert.StartsWith("A decision can be reopened within 15 days;", error.Message);
        Assert.Equal(12, complaint.PenaltyPoints);
    }

    [Fact]
    public void Open_ChecksWhoAndWhat()
    {
        var order = new OrderBuilder().BuildIn(OrderStatus.Delivered);

        Assert.Equal("Complaints are recorded by agents and supervisors; a buyer opens only the dispute of their own case.", Assert.Throws<DomainException>(() =>
            Complaint.Open("CP1", order, null, ComplaintCategory.Fraud, ComplaintSeverity.Low, ComplaintChannel.Email, "x", Merchant, At)).Message);
        Assert.Equal("An after-sales dispute escalates a case; open it from the case.", Assert.Throws<DomainException>(() =>
            Complaint.Open("CP1", order, null, ComplaintCategory.AfterSalesDispute, ComplaintSeverity.Low, ComplaintChannel.Email, "x", Agent, At)).Message);
        Assert.Equal("Say what the buyer complains about.", Assert.Throws<DomainException>(() =>
            Complaint.Open("CP1", order, null, ComplaintCategory.Fraud, ComplaintSeverity.Low, ComplaintChannel.Email, " ", Agent, At)).Message);
    }

    [Fact]
    public void Dismissing_AnOpenComplaint_NeedsTheReason()
    {
        var complaint = OpenComplaint();

        Assert.Throws<DomainException>(() => complaint.Close(Agent, null, At));
        complaint.Close(Agent, "Duplicate of CP-TEST-0", At);

        Assert.Equal(ComplaintStatus.Closed, complaint.Status);
        Assert.Throws<DomainException>(() => complaint.AddStatement(ComplaintParty.Buyer, "late", Agent, Rules, At));
    }

    [Fact]
    public void Rules_OutOfRange_AreListed()
    {
        var rules = new ComplaintRules { EscalationDays = 0, MerchantEvidenceHours = 0, PenaltyPoints = { [ComplaintCategory.Fraud] = 500 } };

        Assert.Equal(3, rules.Validate().Count);
        Assert.Empty(new ComplaintRules().Validate());
    }
}
