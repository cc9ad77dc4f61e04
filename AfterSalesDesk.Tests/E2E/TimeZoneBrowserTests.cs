using System.Globalization;
using AfterSalesDesk.Tests.Reports;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>
/// Points in time on the pages are clock times of the person's zone, and the same as in their export
/// (decision 0019). The app's server runs on the machine's zone (UTC here), so a page that formatted with the
/// server's zone would show a Shanghai browser a time eight hours off the export's.
/// </summary>
[Collection(BrowserCollection.Name)]
public class TimeZoneBrowserTests(BrowserFixture browser, AppProcess app) : IClassFixture<AppProcess>
{
    [Theory]
    [InlineData("Asia/Shanghai")]
    [InlineData("America/New_York")]
    public async Task AClosedCase_ForABrowserInAZone_ShowsTheSameClockTimeOnTheCasePageInTheQueueAndInTheExport(string zone)
    {
        var page = await browser.NewPageAsync(app, timezoneId: zone);
        await page.LoginAsync("manager@demo.local");
        await page.OpenAsync("queues?q=All&status=Closed");
        var row = page.Locator("[data-testid^=queue-row-]").First;
        await Assertions.Expect(row).ToBeVisibleAsync();
        var caseNo = (await row.GetAttributeAsync("data-testid"))!["queue-row-".Length..];
        var caseHref = await row.Locator("a").First.GetAttributeAsync("href");

        // The export, as this browser downloads it (same cookies): the case's last change as a date serial.
        var response = await page.Context.APIRequest.GetAsync("reports/export/cases");
        Assert.True(response.Ok, $"export answered {response.Status}");
        var workbook = ExportedWorkbook.Read(await response.BodyAsync());
        var exported = workbook.Rows.Single(r => r["Case number"].Value == caseNo);
        var updated = Minute(DateTime.FromOADate(double.Parse(exported["Updated"].Value!, CultureInfo.InvariantCulture)));

        // The queue's "Updated" cell starts with MM-dd HH:mm, then who changed it.
        var updatedCell = row.Locator("td").Last;
        Assert.StartsWith(updated.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture), await updatedCell.InnerTextAsync());

        await page.OpenAsync(caseHref!);
        await Assertions.Expect(page.GetByText("last changed by")).ToContainTextAsync(
            updated.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("user-time-zone")).ToHaveTextAsync(zone);
        await page.SnapAsync($"time-zone-case-{zone.Replace('/', '-')}");
        await page.Context.CloseAsync();
    }

    /// <summary>Pages show hours and minutes; the export keeps the seconds.</summary>
    private static DateTime Minute(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMinute);
}
