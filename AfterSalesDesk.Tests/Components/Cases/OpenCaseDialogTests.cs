using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Orders;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Components.Account;
using AfterSalesDesk.Web.Features.Cases;
using AfterSalesDesk.Web.Features.Orders;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Cases;

/// <summary>
/// The dialog that opens a case on an order, opened as the order page opens it, over real demo orders: the quantities
/// are checked at the field, the service's refusal shows in the dialog, Open case returns the stored case, Cancel
/// stores nothing; only agents and supervisors may open one.
/// </summary>
public sealed class OpenCaseDialogTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Agent_WithNoLineChosen_GetsTheServicesRefusal_InTheOpenDialog_AndCanCloseIt()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var (order, result) = await OpenAsync(lines: 2);
        Assert.All(Dialogs.FindAll("input[data-testid^=qty-]"), q => Assert.Equal("0", q.GetAttribute("value")));

        Dialogs.Find("button[data-testid=open-case-save]").Click();

        var error = Dialogs.WaitForElement("[data-testid=open-case-error]");
        Assert.Contains("Choose at least one order line and a quantity.", error.TextContent);
        Assert.False(result.IsCompleted, "the dialog stays open");
        Assert.Equal(0, await CasesOnAsync(order.Id));

        Dialogs.Find("[data-testid=open-case-error] button").Click();
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[data-testid=open-case-error]")));
    }

    [Fact]
    public async Task Agent_TypesMoreThanWasBought_GetsAMessageAtTheField_AndOpenCaseWaitsForAValidQuantity()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var (order, result) = await OpenAsync(lines: 1);
        var line = order.Lines[0];
        var quantity = Dialogs.Find($"input[data-testid=qty-{line.Id}]");
        Assert.Equal("1", quantity.GetAttribute("value")); // one line: one of it, to start with

        quantity.Change((line.Quantity + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal($"Enter a number from 0 to {line.Quantity}.", Dialogs.Find($"[data-testid=qty-{line.Id}-error]").TextContent.Trim());
        Assert.Equal((line.Quantity + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Dialogs.Find($"input[data-testid=qty-{line.Id}]").GetAttribute("value"));
        Assert.True(Dialogs.Find("button[data-testid=open-case-save]").HasAttribute("disabled"));

        Dialogs.Find($"input[data-testid=qty-{line.Id}]").Change("-1");
        Assert.Single(Dialogs.FindAll($"[data-testid=qty-{line.Id}-error]"));
        Dialogs.Find($"input[data-testid=qty-{line.Id}]").Change("lots");
        Assert.Equal("Enter a whole number, such as 2.", Dialogs.Find($"[data-testid=qty-{line.Id}-error]").TextContent.Trim());
        Assert.True(Dialogs.Find("button[data-testid=open-case-save]").HasAttribute("disabled"));

        Dialogs.Find($"input[data-testid=qty-{line.Id}]").Change("1");

        Assert.Empty(Dialogs.FindAll($"[data-testid=qty-{line.Id}-error]"));
        Assert.False(Dialogs.Find("button[data-testid=open-case-save]").HasAttribute("disabled"));
        Assert.False(result.IsCompleted);
    }

    [Fact]
    public async Task Agent_OpensTheCase_TheDialogReturnsItsId_AndItIsStoredAsEntered()
    {
        await SignInAsync("agent2@demo.local", Roles.Agent);
        var (order, result) = await OpenAsync(lines: 2);
        var line = order.Lines[1];

        Dialogs.Find($"input[data-testid=qty-{line.Id}]").Input("1");
        Dialogs.Find("textarea[data-testid=case-description]").Change("Screen flickers after an hour.");
        Dialogs.WaitForAssertion(() => Assert.Contains("30 / ", Dialogs.Find("[data-testid=case-description-counter]").TextContent));
        Dialogs.Find("button[data-testid=open-case-save]").Click();

        var id = Assert.IsType<long>((await result.WaitAsync(TimeSpan.FromSeconds(15)))!.Data);
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[data-testid=open-case-dialog]")));
        await using var db = App.CreateDbContext();
        var stored = await db.Cases.Include(c => c.Lines).SingleAsync(c => c.Id == id);
        Assert.Equal((order.Id, "Screen flickers after an hour.", StageOf(order.Status)), (stored.OrderId, stored.Description, stored.Stage));
        var storedLine = Assert.Single(stored.Lines);
        Assert.Equal((line.Id, 1), (storedLine.OrderLineId, storedLine.Quantity));
    }

    [Fact]
    public async Task Supervisor_MayOpenACaseToo()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var (order, result) = await OpenAsync(lines: 1);

        Dialogs.Find("button[data-testid=open-case-save]").Click();

        var id = Assert.IsType<long>((await result.WaitAsync(TimeSpan.FromSeconds(15)))!.Data);
        await using var db = App.CreateDbContext();
        Assert.Equal(order.Id, await db.Cases.Where(c => c.Id == id).Select(c => c.OrderId).SingleAsync());
    }

    [Fact]
    public async Task Cancel_ClosesTheDialog_AndStoresNothing()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var (order, result) = await OpenAsync(lines: 1);
        Dialogs.Find("textarea[data-testid=case-description]").Change("Changed my mind");

        Dialogs.Find("button[data-testid=open-case-cancel]").Click();

        Assert.True((await result.WaitAsync(TimeSpan.FromSeconds(15)))!.Canceled);
        Assert.Empty(Dialogs.FindAll("[data-testid=open-case-dialog]"));
        Assert.Equal(0, await CasesOnAsync(order.Id));
    }

    [Fact]
    public async Task Merchant_IsRefusedByTheService_EvenWithTheDialogOpen()
    {
        var merchant = await SignInAsync("merchant1@demo.local", Roles.Merchant);
        var store = merchant.GetMerchantId()!.Value;
        var (order, result) = await OpenAsync(lines: null, merchantId: store);

        Dialogs.Find("button[data-testid=open-case-save]").Click();

        var error = Dialogs.WaitForElement("[data-testid=open-case-error]");
        Assert.Contains("Only agents and supervisors open cases for buyers.", error.TextContent);
        Assert.False(result.IsCompleted);
        Assert.Equal(order.Cases.Count, await CasesOnAsync(order.Id));
    }

    private static ProblemStage StageOf(OrderStatus status) => status switch
    {
        OrderStatus.Paid => ProblemStage.BeforeShipment,
        OrderStatus.Shipped => ProblemStage.InTransit,
        _ => ProblemStage.AfterDelivery,
    };

    /// <summary>
    /// Opens the dialog as the order page does, on a demo order with this many lines (any, for null) that has no case
    /// yet and on which the buyer may still ask for a refund (paid, shipped, or delivered within the last two weeks);
    /// a merchant's, for a merchant, is any of the store's (the service refuses the role before it looks at the order).
    /// </summary>
    private async Task<(OrderDetails Order, Task<DialogResult?> Result)> OpenAsync(int? lines, int? merchantId = null)
    {
        long orderId;
        await using (var db = App.CreateDbContext())
        {
            var since = App.Clock.GetUtcNow().AddDays(-14);
            orderId = await db.Orders
                .Where(o => merchantId != null || o.Status == OrderStatus.Paid || o.Status == OrderStatus.Shipped || o.DeliveredAt >= since)
                .Where(o => lines == null || o.Lines.Count == lines)
                .Where(o => merchantId == null || o.MerchantId == merchantId)
                .Where(o => merchantId != null || !db.Cases.Any(c => c.OrderId == o.Id))
                .OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        }

        var order = (await Service<OrderService>().GetAsync(User, orderId))!;
        var result = await OpenAsync<OpenCaseDialog>("Open after-sales case", new DialogParameters<OpenCaseDialog> { { d => d.Order, order } });
        Dialogs.WaitForElement("button[data-testid=open-case-save]");
        return (order, result);
    }

    private async Task<int> CasesOnAsync(long orderId)
    {
        await using var db = App.CreateDbContext();
        return await db.Cases.CountAsync(c => c.OrderId == orderId);
    }
}
