using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>Its own app instance: locking a demo account must not disturb other browser tests.</summary>
[Collection(BrowserCollection.Name)]
public class LockoutBrowserTests(BrowserFixture browser, SmallApp app) : IClassFixture<SmallApp>
{
    [Fact]
    public async Task Login_WhenSixthWrongAttempt_MeetsALockedAccount()
    {
        var page = await browser.NewPageAsync(app);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await page.LoginAsync("agent2@demo.local", $"Wrong-Pass-{attempt}x");
            await Assertions.Expect(page.GetByTestId("status-message")).ToHaveTextAsync("Error: Invalid email or password.");
        }

        await page.LoginAsync("agent2@demo.local", "Wrong-Pass-5x");
        await Assertions.Expect(page.GetByTestId("locked-out")).ToBeVisibleAsync();

        await page.LoginAsync("agent2@demo.local", "Wrong-Pass-6x");
        await Assertions.Expect(page.GetByTestId("locked-out")).ToBeVisibleAsync();
        await page.SnapAsync("login-locked-out");

        await page.LoginAsync("agent2@demo.local");
        await Assertions.Expect(page.GetByTestId("locked-out")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
