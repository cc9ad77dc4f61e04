using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Knowledge;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Knowledge;

/// <summary>The macro form: messages at its fields, the service's refusal of an unknown placeholder, the macro saved.</summary>
public sealed class MacroDialogTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Empty_SaysWhatIsMissingAtTheFields()
    {
        var supervisor = await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var result = await OpenAsync("New macro", new DialogParameters<MacroDialog> { { d => d.Actor, supervisor } });

        Dialogs.Find("[data-testid=dialog-save]").Click();

        Dialogs.WaitForAssertion(() => Assert.Contains("Enter a title.", Dialogs.Markup));
        Assert.Contains("Enter the text.", Dialogs.Markup);
        Assert.False(result.IsCompleted);
    }

    [Fact]
    public async Task AnUnknownPlaceholder_IsRefusedInTheDialog_ThenTheFixedMacroIsSaved()
    {
        var supervisor = await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        var result = await OpenAsync("New macro", new DialogParameters<MacroDialog> { { d => d.Actor, supervisor } });
        Dialogs.Find("input[data-testid=macro-title]").Change("Note for the merchant");
        Dialogs.Find("textarea[data-testid=macro-body]").Change("Please refund {amount}.");
        var meantFor = Dialogs.FindComponent<MudSelect<MessageVisibility>>();
        await Dialogs.InvokeAsync(() => meantFor.Instance.SelectOption(MessageVisibility.ToMerchant));

        Dialogs.Find("[data-testid=dialog-save]").Click();

        Dialogs.WaitForAssertion(() => Assert.Contains("Unknown placeholder {amount}", Dialogs.Find("[data-testid=dialog-error]").TextContent));
        Assert.False(result.IsCompleted);

        Dialogs.Find("textarea[data-testid=macro-body]").Change("Please look at case {case_no}.");
        Dialogs.Find("[data-testid=dialog-save]").Click();

        Assert.True((await result.WaitAsync(TimeSpan.FromSeconds(10)))?.Data is true);
        await using var db = App.CreateDbContext();
        var macro = await db.Macros.SingleAsync(m => m.Title == "Note for the merchant");
        Assert.Equal(MessageVisibility.ToMerchant, macro.DefaultVisibility);
        Assert.Equal("Please look at case {case_no}.", macro.Body);
    }
}
