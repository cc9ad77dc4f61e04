using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

[Collection(BrowserCollection.Name)]
public class LanguageBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
{
    [Fact]
    public async Task LoginPage_WhenBrowserPrefersChinese_IsInChinese()
    {
        var page = await browser.NewPageAsync(app, locale: "zh-CN");

        await page.GotoAsync("Account/Login");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("登录");
        await page.SnapAsync("login-zh-CN");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LanguageSwitch_WhenChineseChosenAfterLogin_StaysChinese()
    {
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("supervisor1@demo.local");
        await Assertions.Expect(page.GetByTestId("home-heading")).ToHaveTextAsync("Supervisor desk");
        await page.WaitForInteractiveAsync();

        await page.GetByTestId("lang-zh-CN").ClickAsync();

        await Assertions.Expect(page.GetByTestId("home-heading")).ToHaveTextAsync("主管工作台");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("home-heading")).ToHaveTextAsync("主管工作台");
        await page.SnapAsync("home-supervisor-zh-CN");
        await page.GetByTestId("lang-en").ClickAsync();
        await Assertions.Expect(page.GetByTestId("home-heading")).ToHaveTextAsync("Supervisor desk");
        await page.Context.CloseAsync();
    }
}
