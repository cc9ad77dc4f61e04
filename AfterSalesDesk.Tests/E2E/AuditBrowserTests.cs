using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

[Collection(BrowserCollection.Name)]
public class AuditBrowserTests(BrowserFixture browser, SharedApp app) : BrowserTest(app)
{
    [Fact]
    public async Task AuditPage_WhenSupervisorVerifies_ShowsIntactThenCatchesTampering()
    {
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("supervisor1@demo.local");
        await page.WaitForInteractiveAsync();
        await page.GetByText("Audit trail", new() { Exact = true }).ClickAsync();

        var grid = page.GetByTestId("audit-grid");
        await Assertions.Expect(grid).ToContainTextAsync("supervisor1@demo.local");
        await page.GetByTestId("audit-action").FillAsync("login");
        await page.GetByTestId("audit-action").PressAsync("Enter");
        await Assertions.Expect(grid).ToContainTextAsync("Signed in.");
        await Assertions.Expect(grid).Not.ToContainTextAsync("demo.seed");

        await page.GetByTestId("audit-verify").ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-verification")).ToContainTextAsync("The audit trail is intact");
        await page.SnapAsync("audit-intact");

        // Someone with access to the database file edits history behind the app's back.
        await TamperAsync("DROP TRIGGER TR_AuditEntries_NoUpdate; UPDATE AuditEntries SET Detail = 'nothing to see' WHERE Sequence = 3;");
        await page.GetByTestId("audit-verify").ClickAsync();

        await Assertions.Expect(page.GetByTestId("audit-verification")).ToContainTextAsync("Entry #3 was changed after it was written");
        await page.SnapAsync("audit-tampered");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AuditPage_WhenAgentTypesTheUrl_IsDenied_AndBothWaysOfTryingAreAudited()
    {
        var page = await browser.NewPageAsync(app);
        await page.LoginAsync("agent1@demo.local");
        await Assertions.Expect(page.GetByTestId("home-heading")).ToBeVisibleAsync();

        await page.GotoAsync("audit");

        await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByTestId("audit-grid").CountAsync());

        // Inside the live connection (no request reaches the server's policy): the router refuses it.
        await page.GotoAsync("");
        await page.WaitForInteractiveAsync();
        await page.EvaluateAsync("Blazor.navigateTo('/dashboard')");
        await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByTestId("dashboard-opened-value").CountAsync());
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM AuditEntries WHERE Action = 'address.open' AND Outcome = 'Denied' AND UserName = 'agent1@demo.local' AND EntityId = '/audit'"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM AuditEntries WHERE Action = 'address.open' AND Outcome = 'Denied' AND UserName = 'agent1@demo.local' AND EntityId = '/dashboard'"));
        await page.Context.CloseAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task TamperAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
