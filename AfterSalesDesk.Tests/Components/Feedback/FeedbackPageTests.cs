using AfterSalesDesk.Data.Feedback;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Feedback;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Components.Feedback;

/// <summary>The feedback page: the ratings' figures and latest ratings, and the follow-ups of low ratings, per role.</summary>
public sealed class FeedbackPageTests(FeedbackPageTests.OwnApp app) : ComponentContext(app), IClassFixture<FeedbackPageTests.OwnApp>
{
    /// <summary>An app of this class's own: one test removes every rating.</summary>
    public sealed class OwnApp : ComponentApp;

    [Fact]
    public async Task Supervisor_SeesALowRatingsFollowUp_AndTakesIt()
    {
        var caseNo = await RateLowAsync();
        await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        var page = RenderPage<FeedbackPage>();
        var row = $"[data-testid=follow-up-{caseNo}]";
        page.WaitForElement(row);
        Assert.Contains("★☆☆☆☆", page.Find(row).TextContent);
        Assert.NotNull(page.Find($"[data-testid=ratings] [data-testid=rating-{caseNo}]"));

        page.Find($"{row} [data-testid=follow-up-take]").Click();

        page.WaitForAssertion(() => Assert.Contains("supervisor2@demo.local", page.Find(row).TextContent));
        Assert.Empty(page.FindAll($"{row} [data-testid=follow-up-take]"));
        Assert.NotEmpty(page.FindAll($"{row} [data-testid=follow-up-done]"));
    }

    [Fact]
    public async Task Merchant_SeesTheRatings_ButNoFollowUps()
    {
        await SignInAsync("merchant1@demo.local", Roles.Merchant);

        var page = RenderPage<FeedbackPage>();

        page.WaitForElement("[data-testid=feedback-average]");
        Assert.Empty(page.FindAll("[data-testid=follow-ups]"));
    }

    [Fact]
    public async Task WithNoRatings_FollowUpsAndRatingsAreSentences_NotEmptyTablesThatScrollOnAPhone()
    {
        await using (var db = App.CreateDbContext())
        {
            await db.FollowUps.ExecuteDeleteAsync();
            await db.CaseRatings.ExecuteDeleteAsync();
        }

        await SignInAsync("agent1@demo.local", Roles.Agent);
        var page = RenderPage<FeedbackPage>();

        page.WaitForAssertion(() => Assert.Equal("No follow-ups.", page.Find("[data-testid=follow-ups]").TextContent.Trim()));
        Assert.Equal("No ratings in this period.", page.Find("[data-testid=ratings]").TextContent.Trim());
        Assert.Empty(page.FindAll("table [data-testid=follow-ups], [data-testid=follow-ups] table, [data-testid=ratings] table"));
    }

    /// <summary>A one-star rating of a finished case not rated yet, through the service: it opens a follow-up.</summary>
    private async Task<string> RateLowAsync()
    {
        await using var db = App.CreateDbContext();
        var candidates = await db.Cases.Where(c => !db.CaseRatings.Any(r => r.CaseId == c.Id)).OrderByDescending(c => c.Id)
            .Select(c => new { c.Id, c.CaseNo, c.Status }).ToListAsync();
        var chosen = candidates.First(c => CaseRating.CanRate(c.Status));
        var agent = await App.PrincipalAsync("agent2@demo.local", Roles.Agent);
        var result = await App.Get<FeedbackService>().RateAsync(agent, chosen.Id, 1, "Nobody called back.");
        Assert.True(result.Succeeded, result.Error);
        return chosen.CaseNo;
    }
}
