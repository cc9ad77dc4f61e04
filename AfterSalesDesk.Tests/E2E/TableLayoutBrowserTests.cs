using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>
/// Tables show their content whole (issue 15): names stay on one line and never break inside a word (Chinese names
/// included), and the orders list cuts neither the time, the buyer's code nor the Amount header. Measured in the browser.
/// </summary>
[Collection(BrowserCollection.Name)]
public class TableLayoutBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
{
    /// <summary>Elements whose text takes more than one line (more line boxes than one).</summary>
    private const string Wrapped = """
        els => els.filter(e => { const r = document.createRange(); r.selectNodeContents(e);
            const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
            return tops.size > 1; }).map(e => e.textContent.trim())
        """;

    /// <summary>Elements whose content is wider than their box (cut off or hidden behind an ellipsis).</summary>
    private const string Cut = "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())";

    [Theory]
    [InlineData(1280, "desktop")]
    [InlineData(390, "phone")]
    public async Task Queue_NamesStayOnOneLine(int width, string name)
    {
        var page = await browser.NewPageAsync(app);
        await page.SetViewportSizeAsync(width, 900);
        await page.LoginAsync("supervisor1@demo.local");
        await page.OpenAsync("queues?q=All");
        await Assertions.Expect(page.Locator("[data-testid^=queue-row-]").First).ToBeVisibleAsync();
        await page.SnapAsync($"queue-names-{name}");

        var names = page.Locator("tr.queue-row .person-name");
        Assert.True(await names.CountAsync() >= 20, "the queue rows name their merchant and buyer");
        Assert.Empty(await names.EvaluateAllAsync<string[]>(Wrapped));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1280, "desktop")]
    [InlineData(390, "phone")]
    public async Task Orders_ShowTimeBuyerCodeAndHeadersWhole(int width, string name)
    {
        var page = await browser.NewPageAsync(app);
        await page.SetViewportSizeAsync(width, 900);
        await page.LoginAsync("supervisor1@demo.local");
        await page.OpenAsync("orders");
        var grid = page.GetByTestId("orders-grid");
        await Assertions.Expect(grid.Locator("tbody tr").Nth(5)).ToBeVisibleAsync();
        await page.SnapAsync($"orders-{name}");

        // MudDataGrid: every cell (stacked into labelled lines on a phone) and every header's title.
        Assert.Empty(await grid.Locator("tbody td.mud-table-cell").EvaluateAllAsync<string[]>(Cut));
        Assert.Empty(await grid.Locator("thead th .column-header").EvaluateAllAsync<string[]>(Cut));
        Assert.Empty(await grid.Locator("thead th .column-header").EvaluateAllAsync<string[]>(Wrapped));
        Assert.Empty(await grid.Locator("tbody .person-name").EvaluateAllAsync<string[]>(Wrapped));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1280, "desktop")]
    [InlineData(390, "phone")]
    public async Task Header_KeepsEveryItemWholeAndOnScreen(int width, string name)
    {
        var page = await browser.NewPageAsync(app);
        await page.SetViewportSizeAsync(width, 900);
        await page.LoginAsync("merchant1@demo.local");
        await Assertions.Expect(page.GetByTestId("home-heading")).ToBeVisibleAsync();
        await page.SnapAsync($"header-{name}");

        // Language names, the user's name with the role, the zone, "Change password", "Log out": a word broken
        // over two lines is an inline box with two rectangles.
        var items = page.Locator(".app-header a, .app-header .app-user, .app-header [data-testid=logout]");
        Assert.True(await items.CountAsync() >= 4, "the header has its links, the user and the logout button");
        Assert.Empty(await items.EvaluateAllAsync<string[]>("els => els.filter(e => e.getClientRects().length > 1).map(e => e.textContent.trim())"));
        var offScreen = await items.EvaluateAllAsync<string[]>(
            "els => els.filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.textContent.trim())");
        Assert.Empty(offScreen);
        await Assertions.Expect(page.GetByTestId("logout")).ToBeInViewportAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The dashboard's breakdowns on a desktop: each table fits its card, none scrolls sideways inside it (the reason
    /// card, a third of the width beside the kinds, cut its last column at 1280 px).
    /// </summary>
    [Fact]
    public async Task Dashboard_BreakdownTablesFitTheirCards_OnADesktop()
    {
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("manager@demo.local");
        await page.OpenAsync("dashboard");
        await Assertions.Expect(page.GetByTestId("dashboard-by-reason").Locator("tbody tr").First).ToBeVisibleAsync();

        // MudSimpleTable puts its table in a container that scrolls when the table is wider than the card.
        var containers = page.Locator("[data-testid=dashboard-by-kind], [data-testid=dashboard-by-reason]");
        Assert.Equal(2, await containers.CountAsync());
        Assert.Empty(await containers.EvaluateAllAsync<string[]>(
            "els => els.filter(e => [e, e.querySelector('.mud-table-container')].some(c => c && c.scrollWidth > c.clientWidth + 1)).map(e => e.dataset.testid)"));
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The dashboard's product quality as the merchant of the demo's flagged product sees it: at 1280 px the table fits
    /// its card (with a ninth column its flag fell off the right edge), on a phone each row is a card within the screen;
    /// no cell is cut, and the flag is on screen beside the product.
    /// </summary>
    [Theory]
    [InlineData(1280, "desktop")]
    [InlineData(390, "phone")]
    public async Task Dashboard_ProductQualityFitsItsCard_WithTheFlagInView(int width, string name)
    {
        var page = await browser.NewPageAsync(app);
        await page.SetViewportSizeAsync(width, 900);
        await page.LoginAsync("merchant1@demo.local");
        await page.OpenAsync("dashboard");
        var grid = page.GetByTestId("quality-table");
        var flag = grid.Locator("[data-testid^=quality-flag-]").First;
        await Assertions.Expect(flag).ToBeVisibleAsync();
        await flag.ScrollIntoViewIfNeededAsync();
        await page.SnapAsync($"dashboard-quality-{name}");

        Assert.Empty(await page.Locator("[data-testid=quality-table] .mud-table-container").EvaluateAllAsync<string[]>(
            "els => els.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.scrollWidth + ' > ' + c.clientWidth)"));
        Assert.Empty(await grid.Locator("tbody td.mud-table-cell").EvaluateAllAsync<string[]>(Cut));
        Assert.Empty(await grid.Locator("thead th .column-header").EvaluateAllAsync<string[]>(Cut));
        var box = await flag.BoundingBoxAsync();
        Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= width, $"the flag lies at {box?.X} + {box?.Width} of {width} px");
        await page.Context.CloseAsync();
    }
}
