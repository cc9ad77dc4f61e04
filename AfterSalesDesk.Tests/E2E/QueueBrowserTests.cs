using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

[Collection(LiveBrowserCollection.Name)]
public class QueueBrowserTests(BrowserFixture browser, LiveApp app) : BrowserTest(app)
{
    private static readonly LocatorAssertionsToHaveTextOptions WithinTwoSeconds = new() { Timeout = 2000 };

    [Fact]
    public async Task AgentTakesACase_AnotherAgentsQueueAndCasePage_ShowItTakenWithinTwoSeconds()
    {
        var (caseId, caseNo) = await NewestUnassignedCaseAsync();
        var watcher = await browser.NewPageAsync(app);
        await watcher.LoginAsync("agent2@demo.local");
        await watcher.OpenAsync("queues?q=Unassigned");
        await Assertions.Expect(watcher.GetByTestId($"queue-row-{caseNo}")).ToBeVisibleAsync();
        var unassignedBefore = await CountAsync(watcher, "Unassigned");
        var casePage = await browser.NewPageAsync(app);
        await casePage.LoginAsync("agent2@demo.local");
        await casePage.OpenAsync($"cases/{caseId}");
        await Assertions.Expect(casePage.GetByTestId("case-assignee")).ToHaveTextAsync("Unassigned");

        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync("queues?q=Unassigned");
        await agent.SnapAsync("queues-agent-unassigned");
        await agent.GetByTestId($"take-{caseNo}").ClickAsync();

        // No reload anywhere: the other agent's queue and case page follow the change feed.
        await Assertions.Expect(watcher.GetByTestId($"queue-row-{caseNo}")).ToHaveCountAsync(0, new() { Timeout = 2000 });
        await Assertions.Expect(watcher.GetByTestId("queue-count-Unassigned")).ToHaveTextAsync((unassignedBefore - 1).ToString("N0"), WithinTwoSeconds);
        await Assertions.Expect(casePage.GetByTestId("case-assignee")).ToHaveTextAsync("agent1@demo.local", WithinTwoSeconds);
        await Assertions.Expect(casePage.GetByTestId("case-live-notice")).ToContainTextAsync("agent1@demo.local");
        await Assertions.Expect(casePage.GetByTestId("case-take")).ToHaveCountAsync(0);

        await agent.GetByTestId("queue-Mine").ClickAsync();
        await Assertions.Expect(agent.GetByTestId($"assignee-{caseNo}")).ToHaveTextAsync("agent1@demo.local");
        await agent.SnapAsync("queues-agent-mine");
        await casePage.SnapAsync("case-page-clocks");
    }

    [Fact]
    public async Task Supervisor_BulkAssignsSelectedCases_AndTheyLeaveTheUnassignedQueue()
    {
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("supervisor1@demo.local");
        await page.OpenAsync("queues?q=Unassigned");
        var rows = page.Locator("[data-testid^=queue-row-]");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var first = (await rows.Nth(0).GetAttributeAsync("data-testid"))!["queue-row-".Length..];
        var second = (await rows.Nth(1).GetAttributeAsync("data-testid"))!["queue-row-".Length..];

        // The box is MudBlazor's, checked by the server's render after the click (Playwright's CheckAsync wants it at once).
        foreach (var caseNo in new[] { first, second })
        {
            await page.GetByTestId($"select-{caseNo}").ClickAsync();
            await Assertions.Expect(page.GetByTestId($"select-{caseNo}")).ToBeCheckedAsync();
        }

        await page.ChooseAsync("bulk-assignee", "agent2@demo.local");
        await page.SnapAsync("queues-supervisor-bulk");
        await page.GetByTestId("bulk-assign").ClickAsync();

        await Assertions.Expect(page.GetByTestId($"queue-row-{first}")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId($"queue-row-{second}")).ToHaveCountAsync(0);
        await page.GetByTestId("queue-All").ClickAsync();
        await page.GetByTestId("queue-text").FillAsync(first);
        await page.GetByTestId("queue-text").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId($"assignee-{first}")).ToHaveTextAsync("agent2@demo.local");
    }

    [Fact]
    public async Task Merchant_CannotOpenTheAgentsQueue_ButSeesItsOwnCases()
    {
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("merchant1@demo.local");
        await page.GotoAsync("queues");

        await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByTestId("queue-table").CountAsync());

        await page.OpenAsync("cases");
        await Assertions.Expect(page.GetByTestId("queue-table")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByTestId("queue-Unassigned").CountAsync());
        await page.GetByTestId("queue-All").ClickAsync();
        await Assertions.Expect(page.GetByTestId("queue-All")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("queue-item-active"));
        await Assertions.Expect(page.Locator("[data-testid^=queue-row-]").First).ToBeVisibleAsync();

        // AllInnerTextsAsync does not wait; the two lines above do.
        var merchants = await page.Locator("tr.queue-row td.queue-merchant").AllInnerTextsAsync();
        Assert.NotEmpty(merchants);
        Assert.Single(merchants.Distinct());
        await page.SnapAsync("cases-merchant");
    }

    private static async Task<long> CountAsync(IPage page, string queue)
    {
        var text = await page.GetByTestId($"queue-count-{queue}").InnerTextAsync();
        return long.Parse(text, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<(long Id, string CaseNo)> NewestUnassignedCaseAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, CaseNo FROM AfterSalesCases WHERE AssigneeId IS NULL AND IsOpen = 1 ORDER BY UpdatedAt DESC, Id DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the demo data has an unassigned open case");
        return (reader.GetInt64(0), reader.GetString(1));
    }
}
