using AfterSalesDesk.Data.Cases;
using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Data.Knowledge;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Knowledge;
using Bunit;
using MudBlazor;

namespace AfterSalesDesk.Tests.Components.Knowledge;

/// <summary>The macro picker on the case page: searched in the service, previewed with the case's facts, inserted.</summary>
public sealed class MacroPickerTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    private static readonly MacroContext Facts = new("Li Lei", "SO-1001", "AS-2001", null);

    [Fact]
    public async Task Agent_FindsAMacroByText_PreviewsItFilled_AndInsertsIt()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);
        (string Text, MessageVisibility Visibility)? inserted = null;
        var picker = RenderPage<MacroPicker>(p => p.Add(m => m.Context, Facts).Add(m => m.OnInsert, x => inserted = x));
        picker.WaitForElement("[data-testid=macro-picker]");
        var search = picker.FindComponent<MudAutocomplete<MacroRow>>();
        Assert.True(picker.Find("[data-testid=macro-insert]").HasAttribute("disabled"), "nothing chosen yet");

        var found = (await search.Instance.SearchFunc!("photos", CancellationToken.None)!)!.ToList();
        Assert.Contains("Ask for photos", found.Select(m => m.Title));
        Assert.DoesNotContain("Request received", found.Select(m => m.Title));
        await picker.InvokeAsync(() => search.Instance.SelectOptionAsync(found.First(m => m.Title == "Ask for photos")));

        picker.WaitForAssertion(() => Assert.Contains("SO-1001", picker.Find("[data-testid=macro-preview]").TextContent));
        Assert.Contains("Dear Li Lei", picker.Find("[data-testid=macro-preview]").TextContent);
        Assert.Contains("AS-2001", picker.Find("[data-testid=macro-preview]").TextContent);
        picker.Find("[data-testid=macro-insert]").Click();

        Assert.NotNull(inserted);
        Assert.StartsWith("Dear Li Lei, to check the problem with order SO-1001", inserted.Value.Text);
        Assert.Equal(MessageVisibility.ToBuyer, inserted.Value.Visibility);
        picker.WaitForAssertion(() => Assert.Empty(picker.FindAll("[data-testid=macro-preview]")));
    }

    [Theory]
    [InlineData("merchant1@demo.local", Roles.Merchant)]
    [InlineData("manager@demo.local", Roles.Manager)]
    public async Task MerchantsAndManagers_SeeNoPicker(string email, string role)
    {
        await SignInAsync(email, role);

        var picker = RenderPage<MacroPicker>(p => p.Add(m => m.Context, Facts));

        Assert.Empty(picker.FindAll("[data-testid=macro-picker]"));
    }
}
