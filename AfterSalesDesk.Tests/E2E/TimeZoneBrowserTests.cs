using System.Globalization;
using AfterSalesDesk.Tests.Reports;
using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>
/// Points in time on the pages are clock times of the person's zone, and the same as in their export
/// (decision 0019). The app's server runs on the machine's zone (UTC here), so a page that formatted with the
/// server's zone would show a Shanghai browser a time eight hours off the export's.
/// </summary>
[Collection(BrowserCollection.Name)]
public class TimeZoneBrowserTests(BrowserFixture browser, SmallApp app) : IClassFixture<SmallApp>
{
    [Theory]
    [InlineData("Asia/Shanghai")]
    [InlineData("America/New_York")]
    public async Task AClosedCase_ForABrowserInAZone_ShowsTheSameClockTimeOnTheCasePageInTheQueueAndInTheExport(string zone)
    {
        var page = await browser.NewPageAsync(app, timezoneId: zone);
        await page.LoginAsync("manager@demo.local");

        await ExpectTheSameClockTimeEverywhereAsync(page, zone);
        await page.SnapAsync($"time-zone-case-{zone.Replace('/', '-')}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AZoneChosenInTheProfile_WinsOverTheBrowsers_OnPagesAndInTheExport()
    {
        var page = await browser.NewPageAsync(app, timezoneId: "Asia/Shanghai");
        await page.LoginAsync("supervisor2@demo.local");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("user-time-zone")).ToHaveTextAsync("Asia/Shanghai");

        await page.GetByTestId("user-time-zone").ClickAsync();
        await Assertions.Expect(page.GetByTestId("time-zone-current")).ToContainTextAsync("Asia/Shanghai");
        await page.GetByTestId("time-zone-choice").SelectOptionAsync("Europe/London");
        await page.GetByTestId("time-zone-save").ClickAsync();
        await Assertions.Expect(page.GetByText("Your time zone has been saved.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("time-zone-current")).ToContainTextAsync("Europe/London");

        await ExpectTheSameClockTimeEverywhereAsync(page, "Europe/London", export: false);

        // A zone the server does not know (a forged form) is refused, and the choice stays.
        await page.GotoAsync("Account/Manage/TimeZone");
        await page.EvalOnSelectorAsync("[data-testid=time-zone-choice]", "select => select.add(new Option('Mars', 'Mars/Olympus_Mons'))");
        await page.GetByTestId("time-zone-choice").SelectOptionAsync("Mars/Olympus_Mons");
        await page.GetByTestId("time-zone-save").ClickAsync();
        await Assertions.Expect(page.GetByText("is not a time zone this server knows")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("time-zone-current")).ToContainTextAsync("Europe/London");

        // Back to the browser's zone.
        await page.GotoAsync("Account/Manage/TimeZone");
        await page.GetByTestId("time-zone-choice").SelectOptionAsync(new SelectOptionValue { Index = 0 });
        await page.GetByTestId("time-zone-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("time-zone-current")).ToContainTextAsync("Asia/Shanghai");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The first closed case of the queue: its last change in the queue, on its page and (for exporters) in the
    /// cases export are one clock time, and the header names <paramref name="zone"/>.
    /// </summary>
    private async Task ExpectTheSameClockTimeEverywhereAsync(IPage page, string zone, bool export = true)
    {
        await page.OpenAsync("queues?q=All&status=Closed");
        var row = page.Locator("tr.queue-row").First;
        var link = row.Locator("a.case-link");
        await Assertions.Expect(link).ToBeVisibleAsync();
        var caseNo = (await link.GetAttributeAsync("data-testid"))!["queue-row-".Length..];
        var caseHref = await link.GetAttributeAsync("href");

        // The case's last change as stored (UTC), on the clock of the zone.
        var updated = Minute(TimeZoneInfo.ConvertTime(await UpdatedAtAsync(caseNo), TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
        if (export)
        {
            // The export, as this browser downloads it (same cookies): the case's last change as a date serial.
            var response = await page.Context.APIRequest.GetAsync("reports/export/cases");
            Assert.True(response.Ok, $"export answered {response.Status}");
            var workbook = ExportedWorkbook.Read(await response.BodyAsync());
            var exported = workbook.Rows.Single(r => r["Case number"].Text == caseNo);
            Assert.Equal(updated, Minute(exported["Updated"].DateTime));
        }

        // The queue's "Updated" cell starts with MM-dd HH:mm, then who changed it.
        var updatedCell = row.Locator("td").Last;
        Assert.Equal(updated.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture), (await updatedCell.InnerTextAsync())[..11]);

        await page.OpenAsync(caseHref!);
        await Assertions.Expect(page.GetByText("last changed by")).ToContainTextAsync(
            updated.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("user-time-zone")).ToHaveTextAsync(zone);
    }

    private async Task<DateTimeOffset> UpdatedAtAsync(string caseNo)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT \"UpdatedAt\" FROM \"AfterSalesCases\" WHERE \"CaseNo\" = $no";
        command.Parameters.AddWithValue("$no", caseNo);
        return new DateTimeOffset((long)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }

    /// <summary>Pages show hours and minutes; the export keeps the seconds.</summary>
    private static DateTime Minute(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMinute);
}
