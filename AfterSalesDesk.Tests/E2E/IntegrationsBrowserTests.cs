using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>
/// Administration → Integrations in a real browser: the new secret is copied to the clipboard by the Copy button (the
/// browser's clipboard through the circuit, under the content security policy), and once its dialog is closed it is in
/// neither the page nor its DOM; at phone width the rows stack and the whole secret is visible.
/// </summary>
[Collection(BrowserCollection.Name)]
public class IntegrationsBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task ANewClient_SecretIsCopiedOnce_ThenGoneFromThePage(int width, int height)
    {
        var page = await browser.NewPageAsync(app);
        await page.SetViewportSizeAsync(width, height);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = app.BaseAddress.ToString().TrimEnd('/') });
        await page.LoginAsync("admin@demo.local");
        await Assertions.Expect(page.GetByTestId("home-heading")).ToBeVisibleAsync();
        await page.OpenAsync("admin/integrations");
        var name = $"Browser ERP {width} {Guid.NewGuid():N}"[..30];

        await page.GetByTestId("new-client").ClickAsync();
        var form = await page.MudDialogAsync("client-dialog");
        await form.Locator("input[data-testid=client-name]").FillAsync(name);
        await page.SnapAsync($"integrations-new-client-{width}");
        await form.GetByTestId("client-save").ClickAsync();

        var dialog = await page.MudDialogAsync("secret-dialog");
        var field = dialog.Locator("textarea[data-testid=secret-value]");
        var secret = await field.InputValueAsync();
        Assert.Matches("^asd_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", secret);
        await Assertions.Expect(field).ToHaveAttributeAsync("readonly", "");
        await page.SnapAsync($"integrations-secret-{width}");
        // All of it is visible in the field: nothing scrolls out of sight, not even on a phone.
        Assert.True(await field.EvaluateAsync<bool>("t => t.scrollHeight <= t.clientHeight + 1 && t.scrollWidth <= t.clientWidth + 1"));

        await dialog.GetByTestId("secret-copy").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("secret-copied")).ToHaveTextAsync("Copied to the clipboard.");
        Assert.Equal(secret, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        await dialog.GetByTestId("secret-close").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("clients-grid")).ToContainTextAsync(name);
        Assert.DoesNotContain(secret, await page.ContentAsync());
        Assert.False(await page.EvaluateAsync<bool>("s => [...document.querySelectorAll('input, textarea')].some(e => e.value.includes(s))", secret[21..]));
        Assert.Equal(0, await page.GetByTestId("page-error").CountAsync());
        await page.SnapAsync($"integrations-list-{width}");
    }
}
