using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Feedback;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Feedback;
using AfterSalesDesk.Web.Features.Queues;
using AfterSalesDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Feedback;

/// <summary>Ratings, follow-ups and averages through the service, over real SQLite, as each role.</summary>
public class FeedbackServiceTests(WorkedCasesApp fixture) : IClassFixture<WorkedCasesApp>
{
    private AppFactory App => fixture.App;

    private FeedbackService Feedback => App.Get<FeedbackService>();

    [Fact]
    public async Task Rate_AClosedCase_RecordsTheRatingWithTheCasesAgent_AndAudits()
    {
        var (caseId, caseNo, _) = await fixture.TakenAndFinishedAsync(CaseKind.RefundOnly, CaseStatus.Closed);
        var agent = await fixture.AgentAsync();

        var result = await Feedback.RateAsync(agent, caseId, 4, "Quick refund, polite agent.");

        Assert.True(result.Succeeded, result.Error);
        var rating = (await Feedback.ForCaseAsync(agent, caseId))!;
        Assert.Equal((caseNo, 4, "Quick refund, polite agent.", "agent1@demo.local", "agent1@demo.local"), (rating.CaseNo, rating.Stars, rating.Comment, rating.AgentName, rating.RecordedBy));
        Assert.Null(rating.FollowUpId);
        await using var db = App.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "case.rate" && e.EntityType == nameof(CaseRating) && e.UserName == "agent1@demo.local"));
    }

    [Fact]
    public async Task Rate_BelowThree_OpensAFollowUp_WhichAnotherAgentTakesAndCompletes()
    {
        var (caseId, caseNo, _) = await fixture.TakenAndFinishedAsync(CaseKind.Exchange, CaseStatus.Resolved);
        var agent = await fixture.AgentAsync();
        var agent2 = await App.PrincipalAsync("agent2@demo.local", Roles.Agent);
        var merchant = await fixture.MerchantOfAsync(caseId);

        Assert.True((await Feedback.RateAsync(agent, caseId, 1, "The replacement took three weeks.")).Succeeded);

        var followUp = Assert.Single(await Feedback.FollowUpsAsync(agent2, openOnly: true), f => f.CaseId == caseId);
        Assert.Equal((caseNo, 1, CasePriority.Urgent, App.Clock.GetUtcNow().AddHours(24)), (followUp.CaseNo, followUp.Stars, followUp.Priority, followUp.DueAt));
        Assert.Empty(await Feedback.FollowUpsAsync(merchant, openOnly: false));
        Assert.Null((await Feedback.ForCaseAsync(merchant, caseId))!.FollowUpId);
        Assert.Equal(ResultStatus.Forbidden, (await Feedback.TakeFollowUpAsync(merchant, followUp.Id, followUp.Version)).Status);

        Assert.True((await Feedback.TakeFollowUpAsync(agent2, followUp.Id, followUp.Version)).Succeeded);
        var stale = await Feedback.CompleteFollowUpAsync(agent, followUp.Id, "Called.", followUp.Version);
        Assert.Equal(ResultStatus.Conflict, stale.Status);
        Assert.Contains("taken by agent2@demo.local", stale.Error);
        var taken = Assert.Single(await Feedback.FollowUpsAsync(agent2, openOnly: true), f => f.Id == followUp.Id);
        long watermark;
        await using (var before = App.CreateDbContext())
        {
            watermark = await before.CaseChanges.MaxAsync(c => c.Id);
        }

        var empty = await Feedback.CompleteFollowUpAsync(agent2, followUp.Id, "", taken.Version);
        Assert.Equal(ResultStatus.Invalid, empty.Status);
        Assert.True((await Feedback.CompleteFollowUpAsync(agent2, followUp.Id, "Called the buyer, apologised, sent a coupon.", taken.Version)).Succeeded);

        Assert.DoesNotContain(await Feedback.FollowUpsAsync(agent, openOnly: true), f => f.Id == followUp.Id);
        var done = (await Feedback.ForCaseAsync(agent, caseId))!;
        Assert.Equal((FollowUpStatus.Done, "Called the buyer, apologised, sent a coupon."), (done.FollowUpStatus, done.FollowUpOutcome));
        await using var db = App.CreateDbContext();
        // The case's live pages hear of it: the follow-up's trigger wrote a change of the case.
        Assert.True(await db.CaseChanges.AnyAsync(c => c.CaseId == caseId && c.Id > watermark));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "followup.complete" && e.EntityType == nameof(FollowUp) && e.UserName == "agent2@demo.local"));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "followup.take" && e.Outcome == AuditOutcome.Denied));
    }

    [Fact]
    public async Task Rate_TwentyTimesAtOnce_RecordsOneRating()
    {
        var (caseId, _, _) = await fixture.TakenAndFinishedAsync(CaseKind.RefundOnly, CaseStatus.Closed);
        var agent = await fixture.AgentAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Feedback.RateAsync(agent, caseId, 2, "Too slow."))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(ResultStatus.Conflict, r.Status));
        await using var db = App.CreateDbContext();
        Assert.Equal(1, await db.CaseRatings.CountAsync(r => r.CaseId == caseId));
        Assert.Equal(1, await db.FollowUps.CountAsync(f => f.CaseId == caseId));
        var again = await Feedback.RateAsync(agent, caseId, 5, "");
        Assert.Contains("was already rated (2 of 5, entered by agent1@demo.local)", again.Error);
    }

    [Fact]
    public async Task Rate_IsRefused_ForAnOpenCase_BadStars_AndForMerchantsAndManagers()
    {
        var (open, _, _) = await fixture.WalkAsync(CaseKind.RefundOnly, CaseStatus.AwaitingMerchant);
        var (closed, _, _) = await fixture.WalkAsync(CaseKind.RefundOnly, CaseStatus.Closed);
        var agent = await fixture.AgentAsync();
        var merchant = await fixture.MerchantOfAsync(closed);
        var manager = await App.PrincipalAsync("manager@demo.local", Roles.Manager);

        Assert.Contains("Only a resolved or closed case can be rated", (await Feedback.RateAsync(agent, open, 5, null)).Error);
        Assert.Equal(ResultStatus.Invalid, (await Feedback.RateAsync(agent, closed, 6, null)).Status);
        Assert.Equal(ResultStatus.NotFound, (await Feedback.RateAsync(agent, long.MaxValue, 5, null)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Feedback.RateAsync(merchant, closed, 5, null)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Feedback.RateAsync(manager, closed, 5, null)).Status);

        await using var db = App.CreateDbContext();
        Assert.False(await db.CaseRatings.AnyAsync(r => r.CaseId == open || r.CaseId == closed));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "case.rate" && e.UserName == "manager@demo.local" && e.Outcome == AuditOutcome.Denied));
    }

    [Fact]
    public async Task Summary_AddsEachRatingToItsMerchantKindAndAgent_AndAMerchantSeesOnlyItsOwnStore()
    {
        var supervisor = await App.PrincipalAsync("supervisor1@demo.local", Roles.Supervisor);
        var agent = await fixture.AgentAsync();
        var a = await fixture.TakenAndFinishedAsync(CaseKind.RefundOnly, CaseStatus.Closed);
        var b = await fixture.TakenAndFinishedAsync(CaseKind.Repair, CaseStatus.Closed);
        var merchantOfA = await fixture.MerchantOfAsync(a.CaseId);
        var before = await Feedback.SummaryAsync(supervisor, new RatingQuery());
        var beforeMerchant = await Feedback.SummaryAsync(merchantOfA, new RatingQuery());

        Assert.True((await Feedback.RateAsync(agent, a.CaseId, 5, "")).Succeeded);
        Assert.True((await Feedback.RateAsync(agent, b.CaseId, 2, "Repair took long.")).Succeeded);

        var after = await Feedback.SummaryAsync(supervisor, new RatingQuery());
        Assert.Equal((before.Count + 2, before.Sum + 7), (after.Count, after.Sum));
        Assert.Equal(before.Distribution[4] + 1, after.Distribution[4]);
        Assert.Equal(before.Distribution[1] + 1, after.Distribution[1]);
        Assert.Equal(Count(before.ByKind, "Repair") + 1, Count(after.ByKind, "Repair"));
        Assert.Equal(Count(before.ByAgent!, "agent1@demo.local") + 2, Count(after.ByAgent!, "agent1@demo.local"));
        Assert.Equal(Count(before.ByMerchant, a.MerchantId.ToString()) + (a.MerchantId == b.MerchantId ? 2 : 1), Count(after.ByMerchant, a.MerchantId.ToString()));

        var own = await Feedback.SummaryAsync(merchantOfA, new RatingQuery());
        Assert.Null(own.ByAgent);
        Assert.All(own.ByMerchant, g => Assert.Equal(a.MerchantId.ToString(), g.Key));
        Assert.True(own.Count > beforeMerchant.Count);
        var recent = await Feedback.RecentAsync(merchantOfA, new RatingQuery());
        Assert.Contains(recent, r => r.CaseId == a.CaseId);
        Assert.All(recent, r => Assert.Equal(own.ByMerchant[0].Name, r.Merchant));
        if (a.MerchantId != b.MerchantId)
        {
            Assert.Null(await Feedback.ForCaseAsync(merchantOfA, b.CaseId));
        }

        var fives = await Feedback.RecentAsync(supervisor, new RatingQuery { Stars = 5, Kind = CaseKind.RefundOnly, MerchantId = a.MerchantId });
        Assert.All(fives, r => Assert.Equal((5, CaseKind.RefundOnly), (r.Stars, r.Kind)));
        Assert.Contains(fives, r => r.CaseId == a.CaseId);
        var tomorrow = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).AddDays(1);
        Assert.Equal(0, (await Feedback.SummaryAsync(supervisor, new RatingQuery { From = tomorrow })).Count);
    }

    private static int Count(IReadOnlyList<RatingGroup> groups, string key) => groups.SingleOrDefault(g => g.Key == key || g.Name == key)?.Count ?? 0;
}
