using AfterSalesDesk.Data.Identity;
using AfterSalesDesk.Tests.TestSupport;
using AfterSalesDesk.Web.Features.Knowledge;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace AfterSalesDesk.Tests.Components.Knowledge;

/// <summary>The macros list: read-only for agents, managed by supervisors, checked in the database.</summary>
public sealed class MacrosTests(ComponentApp app) : ComponentContext(app), IClassFixture<ComponentApp>
{
    [Fact]
    public async Task Agent_SeesTheActiveMacros_WithoutAnyCommand()
    {
        await SignInAsync("agent1@demo.local", Roles.Agent);

        var page = RenderMacros();

        Assert.Contains("Request received", page.Find("[data-testid=macros-grid]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=new-macro]"));
        Assert.Empty(page.FindAll("[data-testid^=macro-deactivate-]"));
        Assert.Empty(page.FindAll("[data-testid^=macro-edit-]"));
        Assert.Empty(page.FindAll("[data-testid=macro-show-inactive]"));
    }

    [Fact]
    public async Task Supervisor_DeactivatesAMacro_ItLeavesTheListUntilDeactivatedAreShown()
    {
        await SignInAsync("supervisor1@demo.local", Roles.Supervisor);
        var id = await IdOfAsync("Ask for photos");
        var page = RenderMacros();

        page.Find($"[data-testid=macro-deactivate-{id}]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=macro-row-{id}]")));
        await using (var db = App.CreateDbContext())
        {
            Assert.False(await db.Macros.Where(m => m.Id == id).Select(m => m.IsActive).SingleAsync());
        }

        Assert.Contains("Deactivated Ask for photos.", Snackbars());
        page.Find("input[data-testid=macro-show-inactive]").Change(true);
        page.WaitForElement($"[data-testid=macro-activate-{id}]").Click();
        page.WaitForElement($"[data-testid=macro-deactivate-{id}]");
        await using var after = App.CreateDbContext();
        Assert.True(await after.Macros.Where(m => m.Id == id).Select(m => m.IsActive).SingleAsync());
    }

    [Fact]
    public async Task Supervisor_CreatesAMacroInTheDialog_AndFindsItBySearch()
    {
        await SignInAsync("supervisor2@demo.local", Roles.Supervisor);
        var page = RenderMacros();

        page.Find("[data-testid=new-macro]").Click();
        Dialogs.WaitForElement("input[data-testid=macro-title]").Change("Parcel delayed");
        Dialogs.Find("textarea[data-testid=macro-body]").Change("Dear {buyer_name}, order {order_no} is delayed by the carrier.");
        Dialogs.Find("[data-testid=dialog-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("Macro saved.", Snackbars()));
        page.Find("input[data-testid=macro-search]").Change("delayed by the carrier");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid^=macro-row-]")));
        Assert.Contains("Parcel delayed", page.Find("[data-testid=macros-grid]").TextContent);
    }

    private IRenderedComponent<Macros> RenderMacros()
    {
        var page = RenderPage<Macros>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=macro-row-]")));
        return page;
    }

    private async Task<int> IdOfAsync(string title)
    {
        await using var db = App.CreateDbContext();
        return await db.Macros.Where(m => m.Title == title).Select(m => m.Id).SingleAsync();
    }
}
