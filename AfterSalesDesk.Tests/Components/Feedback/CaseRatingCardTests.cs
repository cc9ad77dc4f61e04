using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Feedback;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Feedback;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Components.Feedback;

/// <summary>The buyer's rating card of the case page: the star form (MudRating), its refusal, the rating and its follow-up.</summary>
public sealed class CaseRatingCardTests(ComponentAppWithPages app) : ComponentContext(app), IClassFixture<ComponentAppWithPages>
{
    [Fact]
    public async Task Agent_RecordsALowRating_TheCommentIsAskedFor_AndAFollowUpIsOpened()
    {
        var (caseId, status) = await UnratedFinishedCaseAsync();
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var card = RenderPage<CaseRatingCard>(p => p.Add(c => c.CaseId, caseId).Add(c => c.Status, status));
        card.WaitForElement("[data-testid=rating-form]");
        Assert.True(card.Find("[data-testid=rating-save]").HasAttribute("disabled"), "no star chosen yet");

        card.FindAll("[data-testid=rating-form] .mud-rating-item")[1].Click();
        card.WaitForAssertion(() => Assert.False(card.Find("[data-testid=rating-save]").HasAttribute("disabled")));
        card.Find("[data-testid=rating-save]").Click();
        card.WaitForAssertion(() => Assert.Contains("needs the buyer's comment", card.Find("[data-testid=rating-error]").TextContent));

        card.Find("textarea[data-testid=rating-comment-input]").Change("The courier never came.");
        card.Find("[data-testid=rating-save]").Click();

        card.WaitForAssertion(() => Assert.Equal("★★☆☆☆", card.Find("[data-testid=rating-stars]").TextContent.Trim()));
        Assert.Contains("Follow-up open", card.Find("[data-testid=rating-follow-up]").TextContent);
        Assert.Empty(card.FindAll("[data-testid=rating-form]"));
        Assert.Contains("Rating saved; a follow-up was opened.", Snackbars());
        await using var db = App.CreateDbContext();
        var rating = await db.CaseRatings.SingleAsync(r => r.CaseId == caseId);
        Assert.Equal(2, rating.Stars);
        Assert.True(await db.FollowUps.AnyAsync(f => f.CaseId == caseId && f.Status == FollowUpStatus.Open));
    }

    [Fact]
    public async Task AMerchant_GetsNoFormForAnUnratedCase()
    {
        var (caseId, status) = await UnratedFinishedCaseAsync();
        await SignInAsync("merchant1@demo.local", Roles.Merchant);
        var card = RenderPage<CaseRatingCard>(p => p.Add(c => c.CaseId, caseId).Add(c => c.Status, status));
        Assert.Empty(card.FindAll("[data-testid=case-rating]"));
        Assert.Empty(card.FindAll("[data-testid=rating-form]"));
    }

    private async Task<(long CaseId, CaseStatus Status)> UnratedFinishedCaseAsync()
    {
        await using var db = App.CreateDbContext();
        var candidates = await db.Cases.Where(c => !db.CaseRatings.Any(r => r.CaseId == c.Id)).OrderBy(c => c.Id).Select(c => new { c.Id, c.Status }).ToListAsync();
        var found = candidates.First(c => CaseRating.CanRate(c.Status));
        return (found.Id, found.Status);
    }
}
