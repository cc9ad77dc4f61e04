using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Complaints;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Complaints;

/// <summary>The dialog that records a complaint without a case, opened through the dialog service as the list does.</summary>
public sealed class OpenComplaintDialogTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task EmptyFields_AreSaidAtTheirFields_AndNothingIsRecorded()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var before = await CountAsync();
        var result = await OpenDialogAsync();

        Dialogs.Find("button[data-testid=complaint-save]").Click();

        var errors = Dialogs.FindAll(".mud-input-error").Select(e => e.TextContent.Trim()).ToList();
        Assert.Contains("Enter the order number.", errors);
        Assert.Contains("Say what the buyer complains about.", errors);
        Assert.False(result.IsCompleted);
        Assert.Equal(before, await CountAsync());
        Assert.Empty(Dialogs.FindAll("[data-testid=complaint-dialog-error]"));
    }

    [Fact]
    public async Task AnUnknownOrder_IsTheServicesRefusal_ShownInTheDialog()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var before = await CountAsync();
        var result = await OpenDialogAsync();

        Dialogs.Find("input[data-testid=complaint-order]").Change("SO-NO-SUCH-ORDER");
        Dialogs.Find("textarea[data-testid=complaint-summary]").Change("Rude answer on the phone.");
        Dialogs.Find("button[data-testid=complaint-save]").Click();

        Dialogs.WaitForAssertion(() => Assert.Equal("There is no order SO-NO-SUCH-ORDER.", Dialogs.Find("[data-testid=complaint-dialog-error]").TextContent.Trim()));
        Assert.False(result.IsCompleted);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task AnAgent_RecordsAComplaint_WithTheChosenCategorySeverityAndChannel()
    {
        await SignInAsync("agent2@demo.local", Roles.Agent);
        var (orderId, orderNo) = await OrderAsync();
        var result = await OpenDialogAsync();

        Dialogs.Find("input[data-testid=complaint-order]").Change(orderNo);
        await Dialogs.InvokeAsync(() => Dialogs.FindComponent<MudSelect<ComplaintCategory>>().Instance.SelectOption(ComplaintCategory.Logistics));
        await Dialogs.InvokeAsync(() => Dialogs.FindComponent<MudSelect<ComplaintSeverity>>().Instance.SelectOption(ComplaintSeverity.Critical));
        await Dialogs.InvokeAsync(() => Dialogs.FindComponent<MudSelect<ComplaintChannel>>().Instance.SelectOption(ComplaintChannel.Email));
        Dialogs.Find("textarea[data-testid=complaint-summary]").Change("The parcel was left in the rain.");
        Dialogs.Find("button[data-testid=complaint-save]").Click();

        var id = Assert.IsType<long>((await result)!.Data);
        await using var db = App.CreateDbContext();
        var stored = await db.Complaints.SingleAsync(c => c.Id == id);
        Assert.Equal((orderId, ComplaintCategory.Logistics, ComplaintSeverity.Critical, ComplaintChannel.Email, ComplaintStatus.Open, "The parcel was left in the rain.", "agent2@demo.local"),
            (stored.OrderId, stored.Category, stored.Severity, stored.Channel, stored.Status, stored.Summary, stored.OpenedBy));
    }

    [Fact]
    public async Task Cancel_ClosesTheDialogWithNothing_AndRecordsNothing()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var (_, orderNo) = await OrderAsync();
        var before = await CountAsync();
        var result = await OpenDialogAsync();

        Dialogs.Find("input[data-testid=complaint-order]").Change(orderNo);
        Dialogs.Find("textarea[data-testid=complaint-summary]").Change("Changed my mind.");
        Dialogs.Find("button[data-testid=complaint-cancel]").Click();

        Assert.True((await result)!.Canceled);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task AMerchant_IsRefusedByTheService_EvenWithTheDialogOpen()
    {
        await SignInAsync("merchant1@demo.local", Roles.Merchant);
        var (_, orderNo) = await OrderAsync();
        var before = await CountAsync();
        var result = await OpenDialogAsync();

        Dialogs.Find("input[data-testid=complaint-order]").Change(orderNo);
        Dialogs.Find("textarea[data-testid=complaint-summary]").Change("Trying to complain about a competitor.");
        Dialogs.Find("button[data-testid=complaint-save]").Click();

        Dialogs.WaitForAssertion(() => Assert.Equal("Only agents and supervisors record complaints.", Dialogs.Find("[data-testid=complaint-dialog-error]").TextContent.Trim()));
        Assert.False(result.IsCompleted);
        Assert.Equal(before, await CountAsync());
    }

    private async Task<Task<DialogResult?>> OpenDialogAsync()
    {
        var result = await OpenAsync<OpenComplaintDialog>("Record a complaint", new DialogParameters<OpenComplaintDialog>());
        Dialogs.WaitForElement("button[data-testid=complaint-save]");
        return result;
    }

    private async Task<int> CountAsync()
    {
        await using var db = App.CreateDbContext();
        return await db.Complaints.CountAsync();
    }

    private async Task<(long Id, string OrderNo)> OrderAsync()
    {
        await using var db = App.CreateDbContext();
        var order = await db.Orders.OrderBy(o => o.Id).Select(o => new { o.Id, o.OrderNo }).FirstAsync();
        return (order.Id, order.OrderNo);
    }
}
