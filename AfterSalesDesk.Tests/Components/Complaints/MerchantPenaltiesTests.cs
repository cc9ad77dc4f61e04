using AfterSalesDesk.Data.Audit;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Complaints;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Complaints;

/// <summary>The merchants' penalty ranking per role, against the complaints in a real database.</summary>
public sealed class MerchantPenaltiesTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Supervisor_SeesTheStoresRankedByPenaltyPoints_WithTheirCounts()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        await App.ComplaintAsync("merchant2@demo.local", ComplaintStatus.Decided);
        var from = App.Clock.GetUtcNow().AddDays(-90);
        await using var db = App.CreateDbContext();
        var expected = (await db.Complaints.Where(c => c.OpenedAt >= from).Select(c => new { c.MerchantId, c.PenaltyPoints }).ToListAsync())
            .GroupBy(c => c.MerchantId).Select(g => (Store: g.Key, Points: g.Sum(c => c.PenaltyPoints), Count: g.Count())).ToList();

        var page = RenderRanking();

        var ranked = Ranked(page);
        Assert.Equal(expected.Select(e => e.Store).Order(), ranked.Select(r => r.Store).Order());
        Assert.Equal([.. ranked.Select(r => r.Points).OrderDescending()], ranked.Select(r => r.Points));
        Assert.All(expected, e => Assert.Equal(e.Points, ranked.Single(r => r.Store == e.Store).Points));
        Assert.Equal(Enumerable.Range(1, ranked.Count).Select(i => i.ToString()), page.FindAll("td:first-child span[data-testid^=ranking-]").Select(e => e.TextContent.Trim()));
        Assert.All(expected, e => Assert.Equal(e.Count.ToString(), page.Find($"[data-testid=ranking-complaints-{e.Store}]").TextContent.Trim()));
    }

    [Fact]
    public async Task Manager_WidensThePeriod_AndAnOlderComplaintIsCounted()
    {
        await SignInAsync("manager@demo.local", Roles.Manager);
        var now = App.Clock.GetUtcNow();
        App.Clock.Set(now.AddDays(-200));
        try
        {
            await App.ComplaintAsync("merchant2@demo.local", summary: "An old complaint.");
        }
        finally
        {
            App.Clock.Set(now);
        }

        var store = await App.StoreOfAsync("merchant2@demo.local");
        var page = RenderRanking();
        var within90 = Count(page, store);

        // As choosing the option does (for a select of ints, SelectOption(int) would take an index among rendered options).
        await page.InvokeAsync(() => page.FindComponent<MudSelect<int>>().Instance.ValueChanged.InvokeAsync(365));

        page.WaitForAssertion(() => Assert.Equal(within90 + 1, Count(page, store)));
        Assert.Equal("Last 365 days", page.Find("input[data-testid=ranking-period]").GetAttribute("value"));
    }

    [Fact]
    public async Task AMerchantRenderingThePage_GetsNoRanking_AndTheAttemptIsAudited()
    {
        await SignInAsync("merchant1@demo.local", Roles.Merchant);

        var page = RenderPage<MerchantPenalties>();

        page.WaitForAssertion(() => Assert.Contains("No complaints in this period.", page.Markup));
        Assert.Empty(page.FindAll("[data-testid^=ranking-points-]"));
        await using var db = App.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "complaint.ranking" && e.UserName == "merchant1@demo.local" && e.Outcome == AuditOutcome.Denied));
    }

    private IRenderedComponent<MerchantPenalties> RenderRanking()
    {
        var page = RenderPage<MerchantPenalties>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=ranking-points-]")));
        return page;
    }

    private static int Count(IRenderedComponent<MerchantPenalties> page, int store) =>
        page.FindAll($"[data-testid=ranking-complaints-{store}]") is { Count: 1 } cells ? int.Parse(cells[0].TextContent.Trim()) : 0;

    private static List<(int Store, int Points)> Ranked(IRenderedComponent<MerchantPenalties> page) =>
        [.. page.FindAll("[data-testid^=ranking-points-]").Select(e => (int.Parse(e.GetAttribute("data-testid")!["ranking-points-".Length..]), int.Parse(e.TextContent.Trim())))];
}
