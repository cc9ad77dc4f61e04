using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Complaints;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace AfterSalesDesk.Tests.Components.Complaints;

/// <summary>The complaint page per role, over complaints made through the services in a real database: what shows, what the buttons do.</summary>
public sealed class ComplaintPageTests : ComponentContext, IClassFixture<ComponentApp>
{
    public ComplaintPageTests(ComponentApp app)
        : base(app)
    {
        // As in a circuit: a page that is not found shows its message instead of answering an HTTP request with 404.
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task Agent_AsksTheMerchantForEvidence_AndTheComplaintWaitsForTheMerchant()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var id = await App.ComplaintAsync();
        var page = RenderComplaint(id);

        Assert.Equal("Open", page.Find("[data-testid=complaint-status]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=complaint-arbitrate]")); // arbitration is a supervisor's
        Assert.Empty(page.FindAll("[data-testid=complaint-decide]"));
        page.Find("button[data-testid=complaint-request-evidence]").Click();

        page.WaitForAssertion(() => Assert.Equal("Awaiting merchant evidence", page.Find("[data-testid=complaint-status]").TextContent.Trim()));
        Assert.Equal(ComplaintStatus.AwaitingMerchantEvidence, (await App.StoredComplaintAsync(id)).Status);
        Assert.Contains("Merchant · due", page.Find("[data-testid=complaint-awaiting]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=complaint-request-evidence]"));
        Assert.Contains("Done.", Snackbars());
    }

    [Fact]
    public async Task Merchant1_OnItsOwnComplaint_WritesTheMerchantsStatement_WhichHandsTheTurnToTheBuyer()
    {
        await SignInAsync("merchant1@demo.local", Roles.Merchant);
        var id = await App.ComplaintAsync(state: ComplaintStatus.AwaitingMerchantEvidence);
        var page = RenderComplaint(id);

        Assert.Empty(page.FindAll("[data-testid=complaint-actions] button"));
        Assert.Equal("For: Merchant", page.Find("input[data-testid=statement-party]").GetAttribute("value"));
        page.Find("textarea[data-testid=statement-text]").Change("The chat closed on a network fault; logs attached.");
        page.Find("button[data-testid=statement-send]").Click();

        page.WaitForAssertion(() => Assert.Contains("The chat closed on a network fault", page.Find("[data-testid=statement-Merchant]").TextContent));
        var stored = await App.StoredComplaintAsync(id);
        Assert.Equal(ComplaintStatus.AwaitingBuyerEvidence, stored.Status);
        Assert.Equal([(ComplaintParty.Merchant, "merchant1@demo.local")], stored.Statements.Select(s => (s.Party, s.AuthorName)));
        Assert.Equal("", page.Find("textarea[data-testid=statement-text]").GetAttribute("value") ?? "");
        Assert.Contains("Statement added.", Snackbars());
    }

    [Fact]
    public async Task Merchant2_OpeningMerchant1sComplaint_IsToldItIsNotFound_AndSeesNothingOfIt()
    {
        await SignInAsync("merchant2@demo.local", Roles.Merchant);
        var id = await App.ComplaintAsync(summary: "Merchant1's private complaint text.");
        var number = (await App.StoredComplaintAsync(id)).ComplaintNo;

        var page = RenderComplaint(id);

        Assert.Contains("Not found", page.Markup);
        Assert.DoesNotContain(number, page.Markup);
        Assert.DoesNotContain("Merchant1's private complaint text.", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=statement-text]"));
    }

    [Fact]
    public async Task Manager_ReadsTheComplaint_WithoutCommandsOrTheStatementForm()
    {
        await SignInAsync("manager@demo.local", Roles.Manager);
        var id = await App.ComplaintAsync(state: ComplaintStatus.AwaitingMerchantEvidence, summary: "Read by the manager.");

        var page = RenderComplaint(id);

        Assert.Contains("Read by the manager.", page.Find("[data-testid=complaint-facts]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=complaint-actions] button"));
        Assert.Empty(page.FindAll("[data-testid=statement-text]"));
        Assert.Empty(page.FindAll("[data-testid=evidence-upload]"));
    }

    [Fact]
    public async Task Supervisor_SendsToArbitration_AndDecidesPartlyForTheBuyer_InTheDecideDialog()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var id = await App.ComplaintAsync(state: ComplaintStatus.AwaitingMerchantEvidence);
        var page = RenderComplaint(id);

        page.Find("button[data-testid=complaint-arbitrate]").Click();
        page.WaitForAssertion(() => Assert.Equal("Under arbitration", page.Find("[data-testid=complaint-status]").TextContent.Trim()));
        Assert.Equal(ComplaintStatus.UnderArbitration, (await App.StoredComplaintAsync(id)).Status);
        Assert.Equal("For: Platform", page.Find("input[data-testid=statement-party]").GetAttribute("value")); // under arbitration only the platform writes

        page.Find("button[data-testid=complaint-decide]").Click();
        Dialogs.WaitForElement("input[data-testid=decide-outcome-Partial]").Click();
        Dialogs.WaitForElement("input[data-testid=decide-share]").Input("40");
        Dialogs.Find("textarea[data-testid=decide-reasoning]").Change("Both sides share the fault.");
        Dialogs.Find("button[data-testid=decide-confirm]").Click();

        page.WaitForAssertion(() => Assert.Equal("Partly for the buyer · 40 %", page.Find("[data-testid=complaint-outcome]").TextContent.Trim()));
        var stored = await App.StoredComplaintAsync(id);
        Assert.Equal((ComplaintStatus.Decided, ArbitrationOutcome.Partial, 4000, "Both sides share the fault."), (stored.Status, stored.Outcome, stored.AwardBasisPoints, stored.Reasoning));
        Assert.Equal(stored.PenaltyPoints.ToString(), page.Find("[data-testid=complaint-points]").TextContent.Trim());
        Assert.Contains("Decision recorded.", Snackbars());
        Assert.Empty(page.FindAll("[data-testid=complaint-decide]"));
    }

    [Fact]
    public async Task AnEmptyStatement_IsRefusedAtTheField_AndNothingIsStored()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var id = await App.ComplaintAsync();
        var page = RenderComplaint(id);

        page.Find("button[data-testid=statement-send]").Click();

        page.WaitForAssertion(() => Assert.Contains("Write the statement.", page.Find("[data-testid=complaint-statements] .mud-input-error").TextContent));
        Assert.Empty((await App.StoredComplaintAsync(id)).Statements);
        Assert.Empty(page.FindAll("[data-testid=complaint-error]"));

        page.Find("textarea[data-testid=statement-text]").Change("The buyer called again.");
        Assert.DoesNotContain("Write the statement.", page.Markup);
    }

    [Fact]
    public async Task TwoEvidenceFilesAtOnce_AttachTheImage_AndNameTheFileTheServiceRefused()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var id = await App.ComplaintAsync();
        var page = RenderComplaint(id);
        Assert.Equal("For: Buyer", page.Find("input[data-testid=statement-party]").GetAttribute("value"));

        page.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromBinary(ComplaintTestData.Png, "photo.png", contentType: "image/png"),
            InputFileContent.CreateFromText("not a picture at all", "notes.png", contentType: "image/png"));

        page.WaitForAssertion(() => Assert.StartsWith("notes.png: ", page.Find("[data-testid=complaint-error]").TextContent.Trim()));
        var stored = await App.StoredComplaintAsync(id);
        Assert.Equal([("photo.png", ComplaintParty.Buyer, 98L)], stored.Evidence.Select(e => (e.FileName, e.Party, e.Size)));
        Assert.Contains("photo.png", page.Find("[data-testid=complaint-evidence]").TextContent);
        Assert.Contains("File attached.", Snackbars());
        Assert.Empty(page.FindAll("[data-testid=evidence-progress]"));
    }

    [Fact]
    public async Task AFileDraggedOverTheDropArea_ShowsThePickersInputOverIt_ToTakeTheDrop()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var page = RenderComplaint(await App.ComplaintAsync());
        Assert.True(page.Find("input[data-testid=evidence-upload]").HasAttribute("hidden"));

        page.Find("[data-testid=evidence-drop]").DragEnter();

        Assert.Contains("evidence-drop-over", page.Find("[data-testid=evidence-drop]").ClassName);
        Assert.False(page.Find("input[data-testid=evidence-upload]").HasAttribute("hidden"));
        page.Find("input[data-testid=evidence-upload]").DragLeave();
        Assert.True(page.Find("input[data-testid=evidence-upload]").HasAttribute("hidden"));
        Assert.DoesNotContain("evidence-drop-over", page.Find("[data-testid=evidence-drop]").ClassName);
    }

    [Fact]
    public async Task AFileOver10MB_IsRefusedWithTodaysMessage_AndNothingIsStored()
    {
        await SignInAsync("agent2@demo.local", Roles.Agent);
        var id = await App.ComplaintAsync();
        var page = RenderComplaint(id);

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[(10 * 1024 * 1024) + 1], "scan.pdf", contentType: "application/pdf"));

        page.WaitForAssertion(() => Assert.Equal("scan.pdf: The file is larger than 10 MB.", page.Find("[data-testid=complaint-error]").TextContent.Trim()));
        Assert.Empty((await App.StoredComplaintAsync(id)).Evidence);
    }

    [Fact]
    public async Task MoreThanTenFilesAtOnce_AreRefusedWithAMessage_AndNoneIsStored()
    {
        await SignInAsync("agent2@demo.local", Roles.Agent);
        var id = await App.ComplaintAsync();
        var page = RenderComplaint(id);

        page.FindComponent<InputFile>().UploadFiles([.. Enumerable.Range(1, 11).Select(i => InputFileContent.CreateFromBinary(ComplaintTestData.Png, $"photo{i}.png", contentType: "image/png"))]);

        page.WaitForAssertion(() => Assert.Equal("Choose at most 10 files at a time.", page.Find("[data-testid=complaint-error]").TextContent.Trim()));
        Assert.Empty((await App.StoredComplaintAsync(id)).Evidence);
    }

    [Fact]
    public async Task Close_AsksWhy_CancelKeepsTheComplaintOpen_AndAReasonClosesIt()
    {
        await SignInAsync("agent2@demo.local", Roles.Agent);
        var id = await App.ComplaintAsync();
        var page = RenderComplaint(id);

        page.Find("button[data-testid=complaint-close]").Click();
        Dialogs.WaitForElement("button[data-testid=reason-cancel]").Click();
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[data-testid=reason-dialog]")));
        Assert.Equal(ComplaintStatus.Open, (await App.StoredComplaintAsync(id)).Status);

        page.Find("button[data-testid=complaint-close]").Click();
        Dialogs.WaitForElement("button[data-testid=reason-confirm]").Click();
        Assert.Contains("A written reason is required.", Dialogs.Markup); // closing an open complaint needs a reason
        Dialogs.Find("textarea[data-testid=reason-text]").Change("The buyer withdrew the complaint.");
        Dialogs.Find("button[data-testid=reason-confirm]").Click();

        page.WaitForAssertion(() => Assert.Equal("Closed", page.Find("[data-testid=complaint-status]").TextContent.Trim()));
        var stored = await App.StoredComplaintAsync(id);
        Assert.Equal(ComplaintStatus.Closed, stored.Status);
        Assert.Contains(stored.History, h => h.To == ComplaintStatus.Closed && h.Note.Contains("The buyer withdrew the complaint.", StringComparison.Ordinal));
        Assert.Contains("The buyer withdrew the complaint.", page.Find("[data-testid=complaint-history]").TextContent);
    }

    [Fact]
    public async Task Supervisor_ReopensADecidedComplaint_WithAReason()
    {
        await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        var id = await App.ComplaintAsync(state: ComplaintStatus.Decided);
        var page = RenderComplaint(id);
        Assert.Equal("For the merchant", page.Find("[data-testid=complaint-outcome]").TextContent.Trim());

        page.Find("button[data-testid=complaint-reopen]").Click();
        Dialogs.WaitForElement("textarea[data-testid=reason-text]").Change("New photos arrived from the buyer.");
        Dialogs.Find("button[data-testid=reason-confirm]").Click();

        page.WaitForAssertion(() => Assert.NotEqual("Decided", page.Find("[data-testid=complaint-status]").TextContent.Trim()));
        var stored = await App.StoredComplaintAsync(id);
        Assert.NotEqual(ComplaintStatus.Decided, stored.Status);
        Assert.Contains(stored.History, h => h.Note.Contains("New photos arrived from the buyer.", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=complaint-reopen]"));
    }

    [Fact]
    public async Task AChangeMadeElsewhere_IsRefusedWithItsMessage_AndReloadShowsTheChange()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        var id = await App.ComplaintAsync();
        var page = RenderComplaint(id);
        var supervisor = await App.PrincipalAsync("supervisor2@demo.local", Roles.Supervisor);
        Assert.True((await Service<ComplaintService>().AddStatementAsync(supervisor, id, ComplaintParty.Platform, "Called the store.", await App.ComplaintVersionAsync(id))).Succeeded);

        page.Find("button[data-testid=complaint-request-evidence]").Click();

        page.WaitForAssertion(() => Assert.Contains("was changed by supervisor2@demo.local", page.Find("[data-testid=complaint-error]").TextContent));
        Assert.Equal(ComplaintStatus.Open, (await App.StoredComplaintAsync(id)).Status);
        page.Find("button[data-testid=complaint-reload]").Click();
        page.WaitForAssertion(() => Assert.Contains("Called the store.", page.Find("[data-testid=complaint-statements]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=complaint-error]"));
    }

    private IRenderedComponent<ComplaintPage> RenderComplaint(long complaintId)
    {
        var page = RenderPage<ComplaintPage>(p => p.Add(c => c.ComplaintId, complaintId));
        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid=complaint-status]").Count > 0 || page.Markup.Contains("Not found")));
        return page;
    }
}
