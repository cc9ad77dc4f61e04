using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Features.Complaints;
using AfterSalesDesk.Web.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Complaints;

/// <summary>The complaints list (MudDataGrid over keyset pages) per role, against the complaints in a real database.</summary>
public sealed class ComplaintsTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Agent_SeesEveryStoresComplaintsNewestFirst_AndMayRecordOne_ButNotRankStores()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        await App.ComplaintAsync("merchant2@demo.local");
        var expected = await NewestAsync(_ => true);

        var page = RenderList();

        Assert.Equal(expected.Take(25), Rows(page));
        Assert.Equal($"{expected.Count:N0} complaints", page.Find("[data-testid=complaints-matches]").TextContent.Trim());
        Assert.Single(page.FindAll("button[data-testid=complaint-new]"));
        Assert.Empty(page.FindAll("[data-testid=complaints-ranking-link]"));
        Assert.Empty(page.FindAll("[data-testid=own-penalty-points]"));
        Assert.True(page.Find("[data-testid=page-prev]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=page-first]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Merchant1_SeesOnlyItsStoresComplaints_AndItsOwnPenaltyPoints()
    {
        var merchant = await SignInAsync("merchant1@demo.local", Roles.Merchant);
        var own = await App.ComplaintAsync("merchant1@demo.local");
        var others = await App.ComplaintAsync("merchant2@demo.local");
        var store = merchant.GetMerchantId()!.Value;
        await using var db = App.CreateDbContext();
        var storeName = await db.Merchants.Where(m => m.Id == store).Select(m => m.Name).SingleAsync();
        var points = await db.Complaints.Where(c => c.MerchantId == store).SumAsync(c => c.PenaltyPoints);

        var page = RenderList();

        Assert.Contains(own, Rows(page));
        Assert.DoesNotContain(others, Rows(page));
        Assert.Equal(await NewestAsync(c => c.MerchantId == store), Rows(page));
        Assert.All(page.FindAll("td.complaints-merchant"), cell => Assert.Equal(storeName, cell.TextContent.Trim()));
        Assert.Equal($"Your store's penalty points: {points}", page.Find("[data-testid=own-penalty-points]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=complaint-new]"));
        Assert.Empty(page.FindAll("[data-testid=complaints-ranking-link]"));
    }

    [Fact]
    public async Task Supervisor_NarrowsTheListToAState_OnTheServer_AndFindsTheRanking()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var awaiting = await App.ComplaintAsync("merchant2@demo.local", ComplaintStatus.AwaitingMerchantEvidence);
        var page = RenderList();
        Assert.Single(page.FindAll("a[data-testid=complaints-ranking-link]"));

        var select = page.FindComponents<MudSelect<ComplaintStatus?>>().Single();
        await page.InvokeAsync(() => select.Instance.SelectOption(ComplaintStatus.AwaitingMerchantEvidence));

        var expected = await NewestAsync(c => c.Status == ComplaintStatus.AwaitingMerchantEvidence);
        page.WaitForAssertion(() => Assert.Equal(expected.Take(25), Rows(page)));
        Assert.Contains(awaiting, Rows(page));
        Assert.Equal($"{expected.Count:N0} complaints", page.Find("[data-testid=complaints-matches]").TextContent.Trim());
    }

    [Fact]
    public async Task TheDashboardsLink_ListsTheComplaintsOfItsPeriodAndStore_WithTheirExactCount()
    {
        await SignInAsync("manager@demo.local", Roles.Manager);
        var id = await App.ComplaintAsync("merchant2@demo.local");
        var store = await App.StoreOfAsync("merchant2@demo.local");
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"complaints?from={today.AddDays(-6):yyyy-MM-dd}&to={today:yyyy-MM-dd}&merchant={store}");
        var start = UtcDays.Start(today.AddDays(-6));
        var expected = await NewestAsync(c => c.MerchantId == store && c.OpenedAt >= start);

        var page = RenderList();

        Assert.Contains(id, Rows(page));
        Assert.Equal(expected.Take(25), Rows(page));
        Assert.Equal($"{expected.Count:N0} complaints", page.Find("[data-testid=complaints-count]").TextContent.Trim());
        Assert.Contains($"Opened {today.AddDays(-6):yyyy-MM-dd} to {today:yyyy-MM-dd} (UTC days)", page.Find("[data-testid=complaints-period]").TextContent);
        await using var db = App.CreateDbContext();
        Assert.EndsWith(await db.Merchants.Where(m => m.Id == store).Select(m => m.Name).SingleAsync(), page.Find("[data-testid=complaints-period]").TextContent.Trim());
        Assert.Single(page.FindAll("a[data-testid=complaints-clear-period]"));
    }

    [Fact]
    public async Task ThePager_WalksKeysetPagesForwardToTheLastAndBack_WithoutRepeatingAComplaint()
    {
        await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        for (var i = 0; i < 26; i++)
        {
            await App.ComplaintAsync("merchant2@demo.local", summary: $"Paged complaint {i}.");
        }

        var all = await NewestAsync(_ => true);
        var page = RenderList();
        var first = Rows(page);
        Assert.Equal(all.Take(25), first);

        page.Find("button[data-testid=page-next]").Click();
        page.WaitForAssertion(() => Assert.Equal(all.Skip(25).Take(25), Rows(page)));
        Assert.Equal("Page 2", page.Find("[data-testid=page-number]").TextContent.Trim());

        page.Find("button[data-testid=page-prev]").Click();
        page.WaitForAssertion(() => Assert.Equal(first, Rows(page)));
        Assert.Equal("Page 1", page.Find("[data-testid=page-number]").TextContent.Trim());

        // The last page is the oldest 25, read backwards from the end; its number is not known.
        page.Find("button[data-testid=page-last]").Click();
        page.WaitForAssertion(() => Assert.Equal(all.TakeLast(25), Rows(page)));
        Assert.Equal("Page …", page.Find("[data-testid=page-number]").TextContent.Trim());
        Assert.True(page.Find("[data-testid=page-next]").HasAttribute("disabled"));

        page.Find("button[data-testid=page-first]").Click();
        page.WaitForAssertion(() => Assert.Equal(first, Rows(page)));
        Assert.Equal("Page 1", page.Find("[data-testid=page-number]").TextContent.Trim());
        Assert.True(page.Find("[data-testid=page-prev]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task RecordingAComplaint_FromTheList_StoresIt_AndOpensItsPage()
    {
        await SignInAsync("agent2@demo.local", Roles.Agent);
        string orderNo;
        await using (var db = App.CreateDbContext())
        {
            orderNo = await db.Orders.OrderByDescending(o => o.Id).Select(o => o.OrderNo).FirstAsync();
        }

        var page = RenderList();
        page.Find("button[data-testid=complaint-new]").Click();
        Dialogs.WaitForElement("input[data-testid=complaint-order]").Change(orderNo);
        Dialogs.Find("textarea[data-testid=complaint-summary]").Change("Recorded from the list.");
        Dialogs.Find("button[data-testid=complaint-save]").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches(@"/complaints/\d+$", navigation.Uri));
        await using var check = App.CreateDbContext();
        var id = long.Parse(navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..]);
        var stored = await check.Complaints.SingleAsync(c => c.Id == id);
        Assert.Equal(("Recorded from the list.", "agent2@demo.local"), (stored.Summary, stored.OpenedBy));
    }

    private IRenderedComponent<Web.Features.Complaints.Complaints> RenderList()
    {
        var page = RenderPage<Web.Features.Complaints.Complaints>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.Find("[data-testid=complaints-matches]").TextContent.Trim()));
        return page;
    }

    private static List<long> Rows(IRenderedComponent<Web.Features.Complaints.Complaints> page) =>
        [.. page.FindAll("[data-testid^=complaint-row-]").Select(e => long.Parse(e.GetAttribute("data-testid")!["complaint-row-".Length..]))];

    /// <summary>The ids of the complaints that fit, newest opened first, as the list orders them.</summary>
    private async Task<List<long>> NewestAsync(System.Linq.Expressions.Expression<Func<Complaint, bool>> fits)
    {
        await using var db = App.CreateDbContext();
        return await db.Complaints.Where(fits).OrderByDescending(c => c.OpenedAt).ThenByDescending(c => c.Id).Select(c => c.Id).ToListAsync();
    }
}
