using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Common;
using AfterSalesDesk.Data.Feedback;
using AfterSalesDesk.Tests.Cases;
using AfterSalesDesk.Web.Features.Feedback;

namespace AfterSalesDesk.Tests.Feedback;

/// <summary>The rules of a rating and its follow-up, and the averages' formula, without a database.</summary>
public class RatingRulesTests
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    [Theory]
    [InlineData(CaseStatus.Resolved)]
    [InlineData(CaseStatus.Closed)]
    public void Record_OnAFinishedCase_KeepsStarsCommentMerchantKindAndAgent(CaseStatus status)
    {
        var afterSalesCase = CaseBuilder.Open(CaseKind.ReturnAndRefund);
        afterSalesCase.AssignTo("agent-2", "agent2@demo.local", CaseBuilder.Supervisor, CaseBuilder.At);
        foreach (var action in CaseBuilder.PathTo(CaseKind.ReturnAndRefund, status)!)
        {
            afterSalesCase.Apply(action, CaseBuilder.ActorFor(action), "because the test says so", CaseBuilder.At, step: CaseBuilder.Facts());
        }

        var rating = CaseRating.Record(afterSalesCase, 4, "  Quick and polite.  ", CaseBuilder.Agent, CaseBuilder.At, Day);

        Assert.Equal((4, "Quick and polite.", afterSalesCase.MerchantId, CaseKind.ReturnAndRefund), (rating.Stars, rating.Comment, rating.MerchantId, rating.Kind));
        Assert.Equal(("agent-2", "agent2@demo.local", "agent1@demo.local"), (rating.AgentId, rating.AgentName, rating.RecordedBy));
        Assert.Null(rating.FollowUp);
    }

    [Theory]
    [InlineData(CaseStatus.Submitted)]
    [InlineData(CaseStatus.AwaitingMerchant)]
    [InlineData(CaseStatus.Refunded)]
    [InlineData(CaseStatus.CancelledByBuyer)]
    public void Record_BeforeTheCaseIsFinished_IsRefused(CaseStatus status)
    {
        var afterSalesCase = CaseBuilder.OpenIn(CaseKind.RefundOnly, status);

        var error = Assert.Throws<DomainException>(() => CaseRating.Record(afterSalesCase, 5, null, CaseBuilder.Agent, CaseBuilder.At, Day));

        Assert.Contains("Only a resolved or closed case can be rated", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void Record_StarsOutsideOneToFive_AreRefused(int stars)
    {
        var error = Assert.Throws<DomainException>(() => CaseRating.Record(CaseBuilder.OpenIn(CaseKind.RefundOnly, CaseStatus.Closed), stars, "x", CaseBuilder.Agent, CaseBuilder.At, Day));

        Assert.Equal("A rating is 1 to 5 stars.", error.Message);
    }

    [Fact]
    public void Record_ACommentTooLong_IsRefused()
    {
        var error = Assert.Throws<DomainException>(() => CaseRating.Record(
            CaseBuilder.OpenIn(CaseKind.RefundOnly, CaseStatus.Closed), 4, new string('好', CaseRating.MaxCommentLength + 1), CaseBuilder.Agent, CaseBuilder.At, Day));

        Assert.Contains("at most 1,000 characters", error.Message);
    }

    [Theory]
    [InlineData(1, CasePriority.Urgent)]
    [InlineData(2, CasePriority.Normal)]
    public void Record_BelowThree_OpensAFollowUpDueInTheConfiguredTime(int stars, CasePriority priority)
    {
        var afterSalesCase = CaseBuilder.OpenIn(CaseKind.Exchange, CaseStatus.Resolved);

        var rating = CaseRating.Record(afterSalesCase, stars, "Nobody answered for days.", CaseBuilder.Agent, CaseBuilder.At, TimeSpan.FromHours(8));

        var followUp = Assert.IsType<FollowUp>(rating.FollowUp);
        Assert.Equal((FollowUpStatus.Open, priority, CaseBuilder.At.AddHours(8), afterSalesCase.MerchantId), (followUp.Status, followUp.Priority, followUp.DueAt, followUp.MerchantId));
        Assert.Null(followUp.AssigneeId);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Record_FromThreeUp_OpensNoFollowUp(int stars) =>
        Assert.Null(CaseRating.Record(CaseBuilder.OpenIn(CaseKind.Exchange, CaseStatus.Resolved), stars, "", CaseBuilder.Agent, CaseBuilder.At, Day).FollowUp);

    [Fact]
    public void Record_BelowThreeWithoutAComment_IsRefused()
    {
        var error = Assert.Throws<DomainException>(() => CaseRating.Record(CaseBuilder.OpenIn(CaseKind.RefundOnly, CaseStatus.Closed), 2, "  ", CaseBuilder.Agent, CaseBuilder.At, Day));

        Assert.Contains("needs the buyer's comment", error.Message);
    }

    [Fact]
    public void FollowUp_IsTakenThenDoneWithAnOutcome_OnceOnly()
    {
        var followUp = CaseRating.Record(CaseBuilder.OpenIn(CaseKind.RefundOnly, CaseStatus.Closed), 1, "Rude.", CaseBuilder.Agent, CaseBuilder.At, Day).FollowUp!;

        followUp.Take(CaseBuilder.Supervisor);
        Assert.Equal("You already have this follow-up.", Assert.Throws<DomainException>(() => followUp.Take(CaseBuilder.Supervisor)).Message);
        Assert.Contains("Write what came of the follow-up", Assert.Throws<DomainException>(() => followUp.Complete(CaseBuilder.Supervisor, " ", CaseBuilder.At)).Message);
        followUp.Complete(CaseBuilder.Supervisor, "Called the buyer and apologised; coupon sent.", CaseBuilder.At.AddHours(2));

        Assert.Equal((FollowUpStatus.Done, "supervisor1@demo.local", CaseBuilder.At.AddHours(2)), (followUp.Status, followUp.DoneBy, followUp.DoneAt));
        Assert.Contains("already done by supervisor1@demo.local", Assert.Throws<DomainException>(() => followUp.Complete(CaseBuilder.Agent, "again", CaseBuilder.At)).Message);
        Assert.Equal("This follow-up is already done.", Assert.Throws<DomainException>(() => followUp.Take(CaseBuilder.Agent)).Message);
    }

    [Fact]
    public void FollowUp_IsNotForMerchants()
    {
        var followUp = CaseRating.Record(CaseBuilder.OpenIn(CaseKind.RefundOnly, CaseStatus.Closed), 2, "Slow.", CaseBuilder.Agent, CaseBuilder.At, Day).FollowUp!;

        Assert.Throws<DomainException>(() => followUp.Take(CaseBuilder.Merchant));
        Assert.Throws<DomainException>(() => followUp.Complete(CaseBuilder.Merchant, "done", CaseBuilder.At));
        Assert.Equal(FollowUpStatus.Open, followUp.Status);
    }

    [Fact]
    public void Averages_AreTheSumOfRatingsOverTheirCount()
    {
        // 1×1, 0×2, 2×3, 1×4, 3×5 = 1 + 6 + 4 + 15 = 26 over 7 ratings.
        var summary = new RatingSummary([1, 0, 2, 1, 3], [], [], null);

        Assert.Equal((7, 26L, 3.71m), (summary.Count, summary.Sum, summary.Average));
        Assert.Null(new RatingSummary([0, 0, 0, 0, 0], [], [], null).Average);
        Assert.Equal(4.5m, new RatingGroup("Store", 2, 9, "1").Average);
        Assert.Equal(2.33m, new RatingGroup("Store", 3, 7, "1").Average);
    }
}
