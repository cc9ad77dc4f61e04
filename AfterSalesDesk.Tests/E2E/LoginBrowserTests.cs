using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

[Collection(BrowserCollection.Name)]
public class LoginBrowserTests(BrowserFixture browser, SmallApp app) : IClassFixture<SmallApp>
{
    [Theory]
    [InlineData("agent1@demo.local", "Li Na", "Agent workspace")]
    [InlineData("agent2@demo.local", "Wang Wei", "Agent workspace")]
    [InlineData("supervisor1@demo.local", "Zhang Min", "Supervisor desk")]
    [InlineData("supervisor2@demo.local", "Chen Jie", "Supervisor desk")]
    [InlineData("merchant1@demo.local", "Liu Yang", "Merchant portal")]
    [InlineData("merchant2@demo.local", "Zhao Lei", "Merchant portal")]
    [InlineData("manager@demo.local", "Sun Li", "Service quality overview")]
    [InlineData("admin@demo.local", "Demo Admin", "Administration")]
    public async Task Login_WhenDemoRole_SeesTheHomePageMadeForIt(string email, string name, string heading)
    {
        var page = await browser.NewPageAsync(app);

        await page.LoginAsync(email);

        await Assertions.Expect(page.GetByTestId("home-heading")).ToHaveTextAsync(heading);
        await Assertions.Expect(page.GetByTestId("current-user")).ToContainTextAsync(name);
        await page.SnapAsync("home-" + email.Split('@')[0]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Login_WhenMerchant_SeesOnlyTheirOwnStoreAndColleagues()
    {
        var page = await browser.NewPageAsync(app);

        await page.LoginAsync("merchant1@demo.local");

        await Assertions.Expect(page.GetByTestId("home-store")).ToContainTextAsync("Youxuan Digital");
        await Assertions.Expect(page.GetByTestId("home-team")).ToContainTextAsync("merchant1@demo.local");
        var content = await page.ContentAsync();
        Assert.DoesNotContain("Home Living", content);
        Assert.DoesNotContain("merchant2@demo.local", content);
        Assert.Equal(0, await page.GetByText("Users", new() { Exact = true }).CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Login_WhenPasswordWrong_ShowsAReadableError()
    {
        var page = await browser.NewPageAsync(app);

        await page.LoginAsync("agent1@demo.local", "Wrong-Pass-2026");

        await Assertions.Expect(page.GetByTestId("status-message")).ToHaveTextAsync("Error: Invalid email or password.");
        Assert.Contains("/Account/Login", page.Url);
        await page.SnapAsync("login-wrong-password");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Logout_WhenClicked_EndsTheSession()
    {
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("manager@demo.local");
        await Assertions.Expect(page.GetByTestId("home-heading")).ToBeVisibleAsync();

        await page.GetByTestId("logout").ClickAsync();
        await page.WaitForURLAsync("**/Account/Login");
        await page.GotoAsync("/");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Logout_WhenAnotherTabIsOpen_ThatTabsLivePageEndsToo()
    {
        var first = await browser.NewPageAsync(app);
        await first.LoginAsync("supervisor1@demo.local");
        await Assertions.Expect(first.GetByTestId("home-heading")).ToBeVisibleAsync();
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync(app.BaseAddress + "queues");
        await Assertions.Expect(second.GetByTestId("current-user")).ToBeVisibleAsync();
        // A click while the page's circuit starts could be lost in CI (the logout never came, 60 s): click once it is live.
        await first.WaitForInteractiveAsync();

        await first.GetByTestId("logout").ClickAsync();
        await first.WaitForURLAsync("**/Account/Login");

        // The second tab's circuit re-checks its session every 2 s here (30 s in production) and finds it ended.
        await Assertions.Expect(second).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"), new() { Timeout = 20_000 });
        await first.Context.CloseAsync();
    }
}
