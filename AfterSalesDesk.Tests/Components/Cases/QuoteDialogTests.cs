using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Cases;
using Bunit;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Cases;

/// <summary>The repair quote dialog: a price above 0 within the service's limit, and what the repair covers.</summary>
public sealed class QuoteDialogTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task NoPrice_SaysSoAtTheField_ThenAPriceAndNoteAreReturned()
    {
        await SignInAsync("merchant1@demo.local", Roles.Merchant);
        var provider = Dialogs;
        var dialogs = Services.GetService<IDialogService>()!;
        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<QuoteDialog>("Quote",
            new DialogParameters<QuoteDialog> { { d => d.Currency, "CNY" } }));
        provider.WaitForElement("[data-testid=quote-confirm]");
        Assert.Contains("Price (CNY)", provider.Markup);

        provider.Find("button[data-testid=quote-confirm]").Click();
        Assert.Equal("Enter a price above 0.", provider.Find("[data-testid=quote-missing]").TextContent.Trim());
        Assert.False(reference.Result.IsCompleted);

        provider.Find("input[data-testid=quote-price]").Input("1e12");
        Assert.Single(provider.FindAll("[data-testid=quote-price-error]"));
        provider.Find("input[data-testid=quote-price]").Input("88.50");
        provider.Find("textarea[data-testid=quote-note]").Change("New pump");
        provider.Find("button[data-testid=quote-confirm]").Click();

        var answer = Assert.IsType<QuoteDialog.QuoteAnswer>((await reference.Result)!.Data);
        Assert.Equal(88.50m, answer.Price);
        Assert.Equal("New pump", answer.Note);
    }
}
