using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Complaints;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Complaints;

/// <summary>The buyer's escalation of a rejected case to a dispute, opened through the dialog service as the case page does.</summary>
public sealed class EscalateDialogTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task AnAgent_EscalatesARejectedCase_TheCaseIsEscalatedAndTheDisputeWaitsForTheMerchant()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var (caseId, version) = await App.RejectedCaseAsync();
        var result = await OpenDialogAsync(caseId, version);

        await Dialogs.InvokeAsync(() => Dialogs.FindComponent<MudSelect<ComplaintSeverity>>().Instance.SelectOption(ComplaintSeverity.High));
        Dialogs.Find("textarea[data-testid=escalate-summary]").Change("The merchant ignored a clear defect.");
        Dialogs.Find("button[data-testid=escalate-confirm]").Click();

        var id = Assert.IsType<long>((await result)!.Data);
        await using var db = App.CreateDbContext();
        Assert.Equal(CaseStatus.Escalated, await db.Cases.Where(c => c.Id == caseId).Select(c => c.Status).SingleAsync());
        var dispute = await db.Complaints.SingleAsync(c => c.Id == id);
        Assert.Equal((caseId, ComplaintCategory.AfterSalesDispute, ComplaintSeverity.High, ComplaintStatus.AwaitingMerchantEvidence, "The merchant ignored a clear defect."),
            (dispute.CaseId, dispute.Category, dispute.Severity, dispute.Status, dispute.Summary));
    }

    [Fact]
    public async Task AMerchant_IsRefusedByTheService_AndTheCaseStaysRejected()
    {
        var (caseId, version) = await App.RejectedCaseAsync();
        await SignInAsync("merchant1@demo.local", Roles.Merchant);
        var result = await OpenDialogAsync(caseId, version);

        Dialogs.Find("button[data-testid=escalate-confirm]").Click();

        Dialogs.WaitForAssertion(() => Assert.Equal("Only agents and supervisors record escalations.", Dialogs.Find("[data-testid=escalate-error]").TextContent.Trim()));
        Assert.False(result.IsCompleted);
        await using var db = App.CreateDbContext();
        Assert.Equal(CaseStatus.MerchantRejected, await db.Cases.Where(c => c.Id == caseId).Select(c => c.Status).SingleAsync());
        Assert.False(await db.Complaints.AnyAsync(c => c.CaseId == caseId));
    }

    [Fact]
    public async Task ACaseChangedSinceThePageShowedIt_IsRefusedWithTheServicesMessage()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var (caseId, _) = await App.RejectedCaseAsync();
        var result = await OpenDialogAsync(caseId, Guid.NewGuid()); // a version the case no longer has

        Dialogs.Find("button[data-testid=escalate-confirm]").Click();

        Dialogs.WaitForAssertion(() => Assert.Contains("Reload to see the change, then try again.", Dialogs.Find("[data-testid=escalate-error]").TextContent));
        Assert.False(result.IsCompleted);
        await using var db = App.CreateDbContext();
        Assert.False(await db.Complaints.AnyAsync(c => c.CaseId == caseId));
    }

    [Fact]
    public async Task TheDialog_StatesTheDeadlines_AndCancelReturnsNothing()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var (caseId, version) = await App.RejectedCaseAsync();
        var rules = Service<ComplaintService>().Rules;
        var result = await OpenDialogAsync(caseId, version);

        Assert.Contains($"A buyer may escalate within {rules.EscalationDays} days of the merchant's rejection.", Dialogs.Find("[data-testid=escalate-dialog]").TextContent);
        Dialogs.Find("button[data-testid=escalate-cancel]").Click();

        Assert.True((await result)!.Canceled);
        await using var db = App.CreateDbContext();
        Assert.Equal(CaseStatus.MerchantRejected, await db.Cases.Where(c => c.Id == caseId).Select(c => c.Status).SingleAsync());
    }

    private async Task<Task<DialogResult?>> OpenDialogAsync(long caseId, Guid version)
    {
        var result = await OpenAsync("Escalate to dispute", new DialogParameters<EscalateDialog> { { d => d.CaseId, caseId }, { d => d.Version, version } });
        Dialogs.WaitForElement("button[data-testid=escalate-confirm]");
        return result;
    }
}
