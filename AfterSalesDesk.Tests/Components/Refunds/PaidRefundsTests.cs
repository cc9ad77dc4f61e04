using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Refunds;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Features.Refunds;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Refunds;

/// <summary>The paid refunds list (MudDataGrid over keyset pages) per role, against the refunds in the database.</summary>
public sealed class PaidRefundsTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Manager_SeesEveryRefundPaidInTheLast30Days_WithTheirStores()
    {
        await SignInAsync("manager@demo.local", Roles.Manager);
        var expected = await PaidAsync(merchantId: null);
        Assert.NotEmpty(expected);

        var page = RenderList();

        Assert.Equal(expected.Take(25).Order(), Rows(page).Order());
        Assert.Equal($"{expected.Count:N0} refunds, ¥{await SumAsync(expected) / 100m:N2}", page.Find("[data-testid=refunds-matches]").TextContent.Trim());
        Assert.NotEmpty(page.FindAll("td.refunds-merchant"));
        Assert.NotEmpty(page.FindAll("[data-testid=refunds-merchant]"));
        Assert.True(page.Find("[data-testid=page-prev]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task TheKindFilter_ListsOnlyThatKind()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        await using var db = App.CreateDbContext();
        var paid = await PaidAsync(merchantId: null);
        var kinds = await db.Cases.Where(c => db.Refunds.Any(r => paid.Contains(r.Id) && r.CaseId == c.Id)).Select(c => c.Kind).Distinct().ToListAsync();
        var kind = kinds[0];
        var page = RenderList();

        var select = page.FindComponents<MudSelect<CaseKind?>>().Single();
        await page.InvokeAsync(() => select.Instance.SelectOption(kind));

        var expected = await db.Refunds.Where(r => paid.Contains(r.Id) && db.Cases.Any(c => c.Id == r.CaseId && c.Kind == kind)).Select(r => r.Id).ToListAsync();
        page.WaitForAssertion(() => Assert.Equal(expected.Order(), Rows(page).Order()));
    }

    [Fact]
    public async Task Merchant_SeesOnlyTheirStoresRefunds_WithoutTheStoreColumnOrFilter()
    {
        var merchant = await SignInAsync("merchant1@demo.local", Roles.Merchant);
        var expected = await PaidAsync(merchant.GetMerchantId());

        var page = RenderList();

        Assert.Equal(expected.Take(25).Order(), Rows(page).Order());
        Assert.Empty(page.FindAll("td.refunds-merchant"));
        Assert.Empty(page.FindAll("[data-testid=refunds-merchant]"));
    }

    [Fact]
    public async Task AnAgent_IsToldTheRoleGivesNoAccess()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var page = RenderPage<PaidRefunds>();
        page.WaitForAssertion(() => Assert.Contains("Your role does not give access to this page.", page.Find("[data-testid=refunds-error]").TextContent));
        Assert.Empty(Rows(page));
    }

    private IRenderedComponent<PaidRefunds> RenderList()
    {
        var page = RenderPage<PaidRefunds>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.Find("[data-testid=refunds-matches]").TextContent.Trim()));
        return page;
    }

    private static List<long> Rows(IRenderedComponent<PaidRefunds> page) =>
        [.. page.FindAll("[data-testid^=refund-row-]").Select(e => long.Parse(e.GetAttribute("data-testid")!["refund-row-".Length..]))];

    /// <summary>The refunds paid in the page's default period (the last 30 UTC days), of one store or all.</summary>
    private async Task<List<long>> PaidAsync(int? merchantId)
    {
        await using var db = App.CreateDbContext();
        var since = new DateTimeOffset(App.Clock.GetUtcNow().UtcDateTime.Date.AddDays(-29), TimeSpan.Zero);
        return await db.Refunds.Where(r => r.Status == RefundStatus.Succeeded && r.ExecutedAt >= since && (merchantId == null || r.MerchantId == merchantId))
            .Select(r => r.Id).ToListAsync();
    }

    private async Task<long> SumAsync(List<long> ids)
    {
        await using var db = App.CreateDbContext();
        return (await db.Refunds.Where(r => ids.Contains(r.Id)).Select(r => r.AmountMinor).ToListAsync()).Sum();
    }
}
