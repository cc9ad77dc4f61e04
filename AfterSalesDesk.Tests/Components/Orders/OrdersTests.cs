using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Account;
using Bunit;
using Microsoft.EntityFrameworkCore;
using OrdersPage = AfterSalesDesk.Web.Features.Orders.Orders;

namespace AfterSalesDesk.Tests.Components.Orders;

/// <summary>The orders list (MudDataGrid over server pages) per role.</summary>
public sealed class OrdersTests(ComponentAppWithPages app) : ComponentContext(app), IClassFixture<ComponentAppWithPages>
{
    [Fact]
    public async Task Supervisor_SeesAPageOfTwenty_TheMerchantFilter_AndTheNextPage()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var page = RenderPage<OrdersPage>();

        page.WaitForAssertion(() => Assert.Equal(20, Rows(page).Count));
        Assert.Single(page.FindAll("input[data-testid=orders-merchant]"));
        var first = Rows(page);

        page.Find("button[data-testid=page-next]").Click();

        page.WaitForAssertion(() => Assert.Empty(Rows(page).Intersect(first)));
        Assert.Equal("Page 2", page.Find("[data-testid=page-number]").TextContent.Trim());
    }

    [Fact]
    public async Task Merchant_SeesOnlyTheirStoresOrders_AndNoMerchantFilter()
    {
        var merchant = await SignInAsync("merchant1@demo.local", Roles.Merchant);
        var store = merchant.GetMerchantId()!.Value;
        await using var db = App.CreateDbContext();
        var theirs = await db.Orders.Where(o => o.MerchantId == store).Select(o => o.OrderNo).ToListAsync();

        var page = RenderPage<OrdersPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(Rows(page)));
        Assert.All(Rows(page), orderNo => Assert.Contains(orderNo, theirs));
        Assert.Empty(page.FindAll("[data-testid=orders-merchant]"));
    }

    [Fact]
    public async Task Search_ByOrderNumber_ShowsThatOrder()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        await using var db = App.CreateDbContext();
        var orderNo = await db.Orders.OrderBy(o => o.Id).Select(o => o.OrderNo).Skip(30).FirstAsync();
        var page = RenderPage<OrdersPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(Rows(page)));

        page.Find("input[data-testid=order-search]").Change(orderNo);

        page.WaitForAssertion(() => Assert.Equal([orderNo], Rows(page)));
    }

    private static List<string> Rows(IRenderedComponent<OrdersPage> page) =>
        [.. page.FindAll("[data-testid^=order-row-]").Select(a => a.GetAttribute("data-testid")!["order-row-".Length..])];
}
