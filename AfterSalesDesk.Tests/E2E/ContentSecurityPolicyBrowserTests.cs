using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>
/// The content security policy (SecurityHeaders) allows only the app's own scripts, styles and connections.
/// A real browser walks the pages of each role with it in force, and nothing the app needs is blocked:
/// no violation is reported, and every page becomes interactive (the circuit's WebSocket is allowed).
/// </summary>
[Collection(BrowserCollection.Name)]
public class ContentSecurityPolicyBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
{
    [Theory]
    [InlineData("supervisor1@demo.local", new[] { "", "queues", "orders", "complaints", "approvals", "risk/buyers", "feedback", "kb", "macros", "refunds" })]
    [InlineData("manager@demo.local", new[] { "dashboard", "reports", "audit", "complaints/merchants" })]
    [InlineData("admin@demo.local", new[] { "admin/users", "admin/integrations", "admin/integrations/api" })]
    [InlineData("merchant1@demo.local", new[] { "cases", "orders", "dashboard" })]
    public async Task Pages_WithThePolicyInForce_ReportNoViolation(string email, string[] paths)
    {
        var page = await browser.NewPageAsync(app);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{page.Url}: {message.Text}");
            }
        };
        await page.LoginAsync(email);
        await Assertions.Expect(page.GetByTestId("home-heading")).ToBeVisibleAsync();

        foreach (var path in paths)
        {
            await page.OpenAsync(path);
            await page.WaitForInteractiveAsync();
        }

        // A case page too, with its cards and their scripts.
        if (email.StartsWith("supervisor", StringComparison.Ordinal))
        {
            await page.OpenAsync("queues?q=All");
            await page.Locator("a[href^='cases/'], a[href^='/cases/']").First.ClickAsync();
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/cases/\\d+$"));
            await page.WaitForInteractiveAsync();
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        await page.Context.CloseAsync();
    }
}
