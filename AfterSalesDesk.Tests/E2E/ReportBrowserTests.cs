using AfterSalesDesk.Tests.Reports;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

[Collection(BrowserCollection.Name)]
public class ReportBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
{
    [Fact]
    public async Task ReportsPage_WhenTheManagerExportsCases_DownloadsTheWorkbookAndShowsItsRows()
    {
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("manager@demo.local");
        await page.WaitForInteractiveAsync();
        await page.GetByText("Reports", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-row-audit")).ToContainTextAsync("Audit trail");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("report-export-cases").ClickAsync());

        Assert.Equal("cases-start-now-all.xlsx", download.SuggestedFilename);
        var workbook = ExportedWorkbook.Read(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.NotEmpty(workbook.Rows);
        await Assertions.Expect(page.GetByTestId("report-done")).ToContainTextAsync($"{workbook.Rows.Count:N0} rows exported");
        await page.SnapAsync("reports-manager-done");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReportsPage_ForAMerchant_OffersItsOwnStoresTablesOnly()
    {
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("merchant1@demo.local");
        await page.WaitForInteractiveAsync();
        await page.GetByText("Reports", new() { Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("reports-own-store")).ToContainTextAsync("Youxuan Digital");
        await Assertions.Expect(page.GetByTestId("report-export-complaints")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("report-row-audit")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("reports-merchant")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("report-export-kpi")).ToBeVisibleAsync();
        await page.SnapAsync("reports-merchant");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReportsPage_WhenAnAgentTypesTheUrl_IsDenied()
    {
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("agent1@demo.local");
        await Assertions.Expect(page.GetByTestId("home-heading")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Reports", new() { Exact = true })).ToHaveCountAsync(0);

        await page.GotoAsync("reports");

        await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByTestId("reports-table").CountAsync());
        await page.Context.CloseAsync();
    }
}
