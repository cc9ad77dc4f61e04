using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

internal static class PageExtensions
{
    public static async Task LoginAsync(this IPage page, string email, string password = AppFactory.DemoPassword)
    {
        await page.GotoAsync("Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("[data-testid=login-submit]");
    }

    /// <summary>Opens an app page and waits until its circuit is live, so clicks reach the server.</summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("main[data-interactive=true]").WaitForAsync();

    /// <summary>
    /// Picks <paramref name="option"/> in the MudSelect whose input carries <paramref name="testId"/>: a click opens its
    /// list in a popover at the end of the page, where the option is clicked.
    /// </summary>
    public static async Task ChooseAsync(this IPage page, string testId, string option)
    {
        await page.Locator($"[data-testid={testId}]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = option, Visible = true }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Waits until a dialog has moved the focus into itself (its first field), which it does after opening. Text
    /// typed before that can land in the wrong field.
    /// </summary>
    public static async Task<ILocator> FocusedAsync(this ILocator dialog)
    {
        await Assertions.Expect(dialog.Locator(":focus")).ToHaveCountAsync(1);
        return dialog;
    }

    /// <summary>
    /// Types each value into the numeric field <paramref name="testId"/> and expects the field's message, the typed text
    /// kept as typed (never rewritten), and no page failure.
    /// </summary>
    public static async Task ExpectNumbersRefusedAsync(this IPage page, string testId, params string[] values)
    {
        var field = page.Locator($"input[data-testid={testId}]");
        foreach (var value in values)
        {
            await field.FillAsync(value);
            await Assertions.Expect(page.GetByTestId($"{testId}-error")).ToBeVisibleAsync();
            await Assertions.Expect(field).ToHaveValueAsync(value);
        }

        await Assertions.Expect(page.GetByTestId("page-error")).ToHaveCountAsync(0);
    }

    /// <summary>Saves a screenshot under TestResults/screenshots for people to look at; never asserts.</summary>
    public static async Task SnapAsync(this IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        try
        {
            await page.WaitForLoadStateAsync(LoadState.Load); // stylesheets in, so the picture shows what people see
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true, Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            // A picture for people, not a check: a slow machine must not fail the test over it.
        }
    }

    /// <summary>
    /// The open MudDialog whose content carries <paramref name="testId"/> (MudDialog puts its attributes on the content,
    /// not on the actions): the whole dialog, fields and buttons, once it has moved the focus into itself.
    /// </summary>
    public static async Task<ILocator> MudDialogAsync(this IPage page, string testId)
    {
        var dialog = page.Locator(".mud-dialog").Filter(new() { Has = page.GetByTestId(testId) });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.Locator(":focus")).ToHaveCountAsync(1);
        return dialog;
    }
}
