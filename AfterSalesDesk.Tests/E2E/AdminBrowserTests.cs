using System.Text.RegularExpressions;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

[Collection(BrowserCollection.Name)]
public class AdminBrowserTests(BrowserFixture browser, SmallApp app) : IClassFixture<SmallApp>
{
    [Fact]
    public async Task CreateUser_WhenMerchantUser_NewUserLogsInToTheirStore()
    {
        var admin = await browser.NewPageAsync(app);
        await admin.LoginAsync("admin@demo.local");
        await admin.WaitForInteractiveAsync();
        await admin.GetByText("Users", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("users-grid")).ToContainTextAsync("agent1@demo.local");

        var dialog = await OpenNewUserDialogAsync(admin);
        await dialog.Locator("input[data-testid=user-email]").FillAsync("shop.clerk@test.local");
        await dialog.Locator("input[data-testid=user-name]").FillAsync("Shop Clerk");
        await admin.ChooseAsync("user-role", "Merchant");
        // Each choice is made on the server; wait until the form shows it before the next step.
        await Assertions.Expect(dialog.Locator("input[data-testid=user-role]")).ToHaveValueAsync("Merchant");
        await admin.ChooseAsync("user-merchant", "M002 · 家居生活馆 Home Living");
        await Assertions.Expect(dialog.Locator("input[data-testid=user-merchant]")).ToHaveValueAsync("M002 · 家居生活馆 Home Living");
        await dialog.Locator("input[data-testid=user-password]").FillAsync("Clerk-Pass-2026");
        await admin.SnapAsync("admin-new-user-dialog");
        await dialog.GetByTestId("dialog-save").ClickAsync();

        // Either the grid lists the new user or the dialog says why not; a failure then shows the reason.
        var error = dialog.GetByTestId("dialog-error");
        await Assertions.Expect(error.Or(admin.GetByTestId("users-grid").GetByText("shop.clerk@test.local"))).ToBeVisibleAsync();
        if (await error.CountAsync() > 0)
        {
            Assert.Fail($"The dialog refused the new user: {await error.InnerTextAsync()}");
        }
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await admin.SnapAsync("admin-users");

        var clerk = await browser.NewPageAsync(app);
        await clerk.LoginAsync("shop.clerk@test.local", "Clerk-Pass-2026");
        await Assertions.Expect(clerk.GetByTestId("home-heading")).ToHaveTextAsync("Merchant portal");
        await Assertions.Expect(clerk.GetByTestId("home-store")).ToContainTextAsync("Home Living");
        await admin.Context.CloseAsync();
        await clerk.Context.CloseAsync();
    }

    [Fact]
    public async Task CreateUser_WhenPasswordWeak_ShowsTheRuleAndKeepsTheDialogOpen()
    {
        var admin = await browser.NewPageAsync(app);
        await admin.LoginAsync("admin@demo.local");
        await admin.OpenAsync("admin/users");
        var dialog = await OpenNewUserDialogAsync(admin);
        await dialog.Locator("input[data-testid=user-email]").FillAsync("weak@test.local");
        await dialog.Locator("input[data-testid=user-name]").FillAsync("Weak Password");
        await dialog.Locator("input[data-testid=user-password]").FillAsync("short");

        await dialog.GetByTestId("dialog-save").ClickAsync();

        await Assertions.Expect(dialog.GetByTestId("dialog-error")).ToContainTextAsync("at least 10 characters");
        await admin.SnapAsync("admin-new-user-error");
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task DisableUser_WhenUserHasAPageOpen_TheirSessionEnds()
    {
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await Assertions.Expect(agent.GetByTestId("home-heading")).ToHaveTextAsync("Agent workspace");

        var admin = await browser.NewPageAsync(app);
        await admin.LoginAsync("admin@demo.local");
        await admin.OpenAsync("admin/users");
        await admin.GetByTestId("disable-agent1@demo.local").ClickAsync();
        await admin.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Disable", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("users-grid").Locator("tr", new() { HasText = "agent1@demo.local" }))
            .ToContainTextAsync("Disabled");

        // The app under test re-checks sessions every 2 s (production: 30 s, well within the minute).
        await Assertions.Expect(agent).ToHaveURLAsync(new Regex("/Account/Login"), new() { Timeout = 20_000 });
        await agent.LoginAsync("agent1@demo.local");
        await Assertions.Expect(agent.GetByTestId("status-message")).ToContainTextAsync("This account is disabled");
        await admin.Context.CloseAsync();
        await agent.Context.CloseAsync();
    }

    [Fact]
    public async Task AdminPage_WhenAgentTypesTheUrl_IsDenied()
    {
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("agent2@demo.local");
        await Assertions.Expect(page.GetByTestId("home-heading")).ToBeVisibleAsync();

        await page.GotoAsync("admin/users");

        await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByTestId("users-grid").CountAsync());
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Opens the new-user dialog and waits until the focus is inside it (see <see cref="PageExtensions.FocusedAsync"/>;
    /// CI once found the name appended to the email and no name). FillAsync then focuses each field itself.
    /// </summary>
    private static async Task<ILocator> OpenNewUserDialogAsync(IPage admin)
    {
        await admin.GetByTestId("new-user").ClickAsync();
        var dialog = await admin.MudDialogAsync("user-dialog");
        return dialog;
    }
}
