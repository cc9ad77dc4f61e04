using AfterSalesDesk.Data.Complaints;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Complaints;
using Bunit;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Complaints;

/// <summary>The arbiter's decision dialog, opened through the dialog service as the complaint page does.</summary>
public sealed class DecideDialogTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    private const string RefundNote = "The case moves to awaiting refund";

    [Fact]
    public async Task NothingChosen_SaysAtTheOutcomeAndTheReasoningWhatIsMissing_AndStaysOpen()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var result = await OpenDialogAsync(hasCase: false);

        Dialogs.Find("button[data-testid=decide-confirm]").Click();

        Assert.Equal("Choose the decision.", Dialogs.Find("[data-testid=decide-outcome-error]").TextContent.Trim());
        Assert.Contains("Write the reasoning.", Dialogs.FindAll(".mud-input-helper-text").Select(e => e.TextContent.Trim()));
        Assert.False(result.IsCompleted);

        Dialogs.Find("input[data-testid=decide-outcome-ForMerchant]").Click();
        Assert.Empty(Dialogs.FindAll("[data-testid=decide-outcome-error]"));
    }

    [Fact]
    public async Task APartialShareOutOfRange_IsRefusedAtTheShare_AndTheDialogStaysOpen()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var result = await OpenDialogAsync(hasCase: true);

        Dialogs.Find("input[data-testid=decide-outcome-Partial]").Click();
        Dialogs.WaitForElement("input[data-testid=decide-share]").Input("100.01");
        Assert.Single(Dialogs.FindAll("[data-testid=decide-share-error]"));
        Dialogs.Find("textarea[data-testid=decide-reasoning]").Change("Both sides share the fault.");
        Dialogs.Find("button[data-testid=decide-confirm]").Click();

        Assert.Equal("Enter the buyer's share, above 0 and below 100 %.", Dialogs.Find("[data-testid=decide-share-missing]").TextContent.Trim());
        Assert.False(result.IsCompleted);
    }

    [Fact]
    public async Task APartialDecision_ReturnsTheOutcomeTheShareAndTheReasoning()
    {
        await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        var result = await OpenDialogAsync(hasCase: true);

        Dialogs.Find("input[data-testid=decide-outcome-Partial]").Click();
        Dialogs.WaitForElement("input[data-testid=decide-share]").Input("35.5");
        Dialogs.Find("textarea[data-testid=decide-reasoning]").Change("The merchant answered late.");
        Dialogs.Find("button[data-testid=decide-confirm]").Click();

        Assert.Equal(new DecideDialog.Decision(ArbitrationOutcome.Partial, "The merchant answered late.", 35.5m), (await result)!.Data);
    }

    [Theory]
    [InlineData(true, "ForBuyer", true)]
    [InlineData(true, "Partial", true)]
    [InlineData(true, "ForMerchant", false)]
    [InlineData(false, "ForBuyer", false)]
    public async Task TheRefundNote_ShowsOnlyWhenADecisionForTheBuyerProposesARefundOnACase(bool hasCase, string outcome, bool shown)
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        await OpenDialogAsync(hasCase);

        Dialogs.Find($"input[data-testid=decide-outcome-{outcome}]").Click();

        Assert.Equal(shown, Dialogs.Markup.Contains(RefundNote, StringComparison.Ordinal));
        Assert.Equal(outcome == "Partial", Dialogs.FindAll("input[data-testid=decide-share]").Count == 1);
    }

    [Fact]
    public async Task Cancel_ReturnsNothing()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var result = await OpenDialogAsync(hasCase: false);

        Dialogs.Find("input[data-testid=decide-outcome-ForBuyer]").Click();
        Dialogs.Find("button[data-testid=decide-cancel]").Click();

        Assert.True((await result)!.Canceled);
    }

    private async Task<Task<DialogResult?>> OpenDialogAsync(bool hasCase)
    {
        var result = await OpenAsync("Decide", new DialogParameters<DecideDialog> { { d => d.HasCase, hasCase } });
        Dialogs.WaitForElement("button[data-testid=decide-confirm]");
        return result;
    }
}
