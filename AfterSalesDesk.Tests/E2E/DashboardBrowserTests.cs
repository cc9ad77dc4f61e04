using System.Globalization;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>
/// A manager opens the dashboard (its rollups built by the app's own worker at start), sees the figures,
/// narrows them to one merchant, downloads that merchant's KPI summary, and follows the count of opened cases to the queue that lists exactly them.
/// </summary>
[Collection(BrowserCollection.Name)]
public class DashboardBrowserTests(BrowserFixture browser, AppProcess app) : IClassFixture<AppProcess>
{
    private const string Merchant = "优选数码 Youxuan Digital";

    [Fact]
    public async Task AManager_SeesTheFigures_FiltersOneMerchant_AndClicksThroughToItsCases()
    {
        var manager = await browser.NewPageAsync(app);
        await manager.LoginAsync("manager@demo.local");
        await manager.OpenAsync("dashboard");
        var opened = manager.GetByTestId("dashboard-opened-value");
        // The worker builds the rollups when the app starts; until then the figures are zero.
        for (var attempt = 0; attempt < 40 && (await opened.InnerTextAsync()).Trim() == "0"; attempt++)
        {
            await Task.Delay(500);
            await manager.OpenAsync("dashboard");
        }

        var all = Count(await opened.InnerTextAsync());
        Assert.True(all > 0);
        await Assertions.Expect(manager.GetByTestId("dashboard-by-merchant")).ToContainTextAsync(Merchant);
        await Assertions.Expect(manager.GetByTestId("dashboard-by-kind")).ToBeVisibleAsync();
        await Assertions.Expect(manager.GetByTestId("dashboard-handling")).ToContainTextAsync("90th percentile");
        await Assertions.Expect(manager.GetByTestId("dashboard-chart-cases")).ToBeVisibleAsync();
        await manager.SnapAsync("dashboard-all-merchants");

        await manager.GetByTestId("dashboard-merchant").ClickAsync();
        await manager.Locator("li.rz-dropdown-item").Filter(new() { HasText = Merchant, Visible = true }).ClickAsync();
        await Assertions.Expect(manager.GetByTestId("dashboard-by-merchant")).ToHaveCountAsync(0);
        var one = Count(await opened.InnerTextAsync());
        Assert.InRange(one, 1, all - 1);
        await manager.SnapAsync("dashboard-one-merchant");

        // The same figures as a workbook: the KPI summary of the period and merchant on screen.
        var download = await manager.RunAndWaitForDownloadAsync(() => manager.GetByTestId("dashboard-export").ClickAsync());
        Assert.Matches(@"^kpi-\d{8}-\d{8}-M\d{3}\.xlsx$", download.SuggestedFilename);
        var workbook = Reports.ExportedWorkbook.Read(await File.ReadAllBytesAsync((await download.PathAsync())!));
        var summary = workbook.Sheets[0].Rows.ToDictionary(r => r["Figure"].Value!, r => r["Value"].Value);
        Assert.Equal(Merchant, summary["Merchant"]);
        Assert.Equal(one.ToString(CultureInfo.InvariantCulture), summary["Cases opened"]);

        await manager.GetByTestId("dashboard-opened-link").ClickAsync();
        await manager.WaitForURLAsync(url => url.Contains("/queues?", StringComparison.Ordinal) && url.Contains("createdFrom=", StringComparison.Ordinal));
        await manager.WaitForInteractiveAsync();
        var table = manager.GetByTestId("queue-table");
        await Assertions.Expect(table.Locator("tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(manager.GetByTestId("queue-matches")).ToContainTextAsync(one <= 1000 ? string.Create(CultureInfo.InvariantCulture, $"{one:N0} cases") : "More than");
        foreach (var cell in await table.Locator("tbody tr td:nth-child(6)").AllInnerTextsAsync())
        {
            Assert.Equal(Merchant, cell.Trim());
        }

        await manager.SnapAsync("dashboard-click-through");
    }

    private static long Count(string text) => long.Parse(text.Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
