using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Features.Orders;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSalesDesk.Tests.Components.Orders;

/// <summary>An order's page and the dialog that opens a case on it, per role, over the demo orders.</summary>
public sealed class OrderPageTests : ComponentContext, IClassFixture<ComponentApp>
{
    private readonly IRenderedComponent<MudBlazor.MudDialogProvider> dialogs;

    public OrderPageTests(ComponentApp app)
        : base(app)
    {
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Render<MudBlazor.MudPopoverProvider>();
        dialogs = Render<MudBlazor.MudDialogProvider>();
    }

    [Fact]
    public async Task Agent_OpensACase_FromTheDialog_ItIsStoredAndTheCasePageOpens()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var orderId = await OrderAsync(lines: 2);
        var page = RenderOrder(orderId);

        page.Find("button[data-testid=open-case]").Click();
        var save = dialogs.WaitForElement("button[data-testid=open-case-save]");
        // No line chosen (two lines start at 0): the service refuses and the dialog says why.
        save.Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Choose at least one order line and a quantity.", dialogs.Find("[data-testid=open-case-error]").TextContent));

        var quantity = dialogs.FindAll("input[data-testid^=qty-]")[0];
        quantity.Input("1");
        dialogs.Find("textarea[data-testid=case-description]").Change("The lid is cracked.");
        dialogs.Find("button[data-testid=open-case-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("/cases/", Services.GetRequiredService<NavigationManager>().Uri));
        await using var db = App.CreateDbContext();
        Assert.True(await db.Cases.AnyAsync(c => c.OrderId == orderId && c.Description == "The lid is cracked."));
    }

    [Fact]
    public async Task Agent_TypesAQuantityAboveWhatWasBought_GetsAMessage_AndCannotSave()
    {
        await SignInAsync("agent2@demo.local", Roles.Agent);
        var page = RenderOrder(await OrderAsync(lines: 1));

        page.Find("button[data-testid=open-case]").Click();
        var quantity = dialogs.WaitForElement("input[data-testid^=qty-]");
        var testId = quantity.GetAttribute("data-testid");
        quantity.Input("1000");

        Assert.Single(dialogs.FindAll($"[data-testid={testId}-error]"));
        Assert.Single(dialogs.FindAll("button[data-testid=open-case-save][disabled]"));
    }

    [Fact]
    public async Task Merchant_SeesTheirOrder_WithoutOpeningCases_AndNotAnotherStoresOrder()
    {
        var merchant = await SignInAsync("merchant1@demo.local", Roles.Merchant);
        var store = merchant.GetMerchantId()!.Value;
        await using var db = App.CreateDbContext();
        var own = await db.Orders.Where(o => o.MerchantId == store).Select(o => new { o.Id, o.OrderNo }).FirstAsync();
        var other = await db.Orders.Where(o => o.MerchantId != store).Select(o => o.Id).FirstAsync();

        var page = RenderOrder(own.Id);
        Assert.Contains(own.OrderNo, page.Find("[data-testid=order-heading]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=open-case]"));

        var foreign = RenderOrder(other);
        Assert.Empty(foreign.FindAll("[data-testid=order-heading]"));
    }

    private IRenderedComponent<OrderPage> RenderOrder(long orderId)
    {
        var page = Render<OrderPage>(p => p.Add(o => o.OrderId, orderId));
        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid=order-heading]").Count > 0 || page.Markup.Contains("Not found")));
        return page;
    }

    private async Task<long> OrderAsync(int lines)
    {
        await using var db = App.CreateDbContext();
        return await db.Orders.Where(o => o.Lines.Count == lines && o.Lines.All(l => l.Quantity < 5)).OrderByDescending(o => o.Id).Select(o => o.Id).FirstAsync();
    }
}
