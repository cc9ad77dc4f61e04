using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

[Collection(BrowserCollection.Name)]
public class KnowledgeBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Supervisor_CreatesAMacro_SeesItListed_AndFindsAPolicyInTheKnowledgeBase()
    {
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("supervisor1@demo.local");
        await page.WaitForInteractiveAsync();
        await page.GetByText("Macros", new() { Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/macros");
        await Assertions.Expect(page.GetByTestId("macros-grid")).ToContainTextAsync("Request received");

        await page.GetByTestId("new-macro").ClickAsync();
        var dialog = await page.MudDialogAsync("macro-dialog");
        await dialog.GetByTestId("macro-title").FillAsync("Wrong size exchange");
        await dialog.GetByTestId("macro-body").FillAsync("Dear {buyer_name}, we refund {amount} for {order_no}.");
        await dialog.GetByTestId("dialog-save").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("dialog-error")).ToContainTextAsync("Unknown placeholder {amount}");

        await dialog.GetByTestId("macro-body").FillAsync("Dear {buyer_name}, please send the item of order {order_no} back; the new size ships once it arrives.");
        await dialog.GetByTestId("dialog-save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("macros-grid")).ToContainTextAsync("Wrong size exchange");
        await Assertions.Expect(page.GetByTestId("macros-grid")).ToContainTextAsync("the new size ships once it arrives");
        await page.SnapAsync("macros-supervisor");

        await page.GetByText("Knowledge base", new() { Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/kb");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("kb-search")).ToBeVisibleAsync();
        await page.GetByTestId("kb-search").FillAsync("七天无理由");
        await page.GetByTestId("kb-search-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("kb-hit")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("kb-hit")).ToContainTextAsync("7-day no-reason return");
        await page.SnapAsync("kb-search");

        await page.GetByTestId("kb-hit").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByTestId("article-title")).ToHaveTextAsync("7-day no-reason return (七天无理由退货)");
        await Assertions.Expect(page.GetByTestId("article-body").Locator("li")).ToContainTextAsync(["Custom-made goods", "Fresh and perishable food (鲜活易腐)", "Opened audio-visual media and software", "Underwear and cosmetics whose seal is broken"]);
        await page.SnapAsync("kb-article");
        await page.Context.CloseAsync();
    }
}
