using AfterSalesDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AfterSalesDesk.Tests.E2E;

/// <summary>An app whose writes wait two seconds for a busy database before they give up.</summary>
public sealed class ShortBusyWaitApp : AppProcess
{
    protected override void Configure(IDictionary<string, string?> environment) => environment["Storage__BusyWaitSeconds"] = "2";
}

/// <summary>
/// Another process holds the database's write lock while an agent takes a case: the page says the
/// database is busy and nothing was changed (the connection lives on, the case stays unassigned), and
/// "Try again" after the lock is gone takes it.
/// </summary>
[Collection(BrowserCollection.Name)]
public class BusyDatabaseBrowserTests(BrowserFixture browser, ShortBusyWaitApp app) : IClassFixture<ShortBusyWaitApp>
{
    [Fact]
    public async Task TakingACase_WhileTheDatabaseIsLocked_SaysItIsBusy_ThenTryAgainTakesIt()
    {
        var caseId = await NewestUnassignedCaseAsync();
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"cases/{caseId}");
        await Assertions.Expect(agent.GetByTestId("case-assignee")).ToHaveTextAsync("Unassigned");

        await using (var locker = await OpenAsync())
        {
            await ExecuteAsync(locker, "BEGIN IMMEDIATE");
            await agent.GetByTestId("case-take").ClickAsync();

            await Assertions.Expect(agent.GetByTestId("page-error-text")).ToContainTextAsync("The database is busy with other work, so nothing was changed.");
            await agent.SnapAsync("busy-database");
            await ExecuteAsync(locker, "ROLLBACK");
        }

        Assert.Null(await AssigneeAsync(caseId));
        await agent.GetByTestId("page-error-retry").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("page-error")).ToHaveCountAsync(0);
        await agent.GetByTestId("case-take").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("case-assignee")).ToHaveTextAsync("agent1@demo.local");
        Assert.NotNull(await AssigneeAsync(caseId));
        await Assertions.Expect(agent.Locator("#blazor-error-ui")).ToBeHiddenAsync(); // the connection never broke
    }

    /// <summary>
    /// A dialog's command meets the same busy database: the page says so and the connection lives on. Dialogs
    /// used to sit outside the page's error boundary, so the exception ended the connection, the browser reloaded
    /// the order page and the dialog and its input vanished without a word (a CI run saw exactly that).
    /// </summary>
    [Fact]
    public async Task OpeningACaseInTheDialog_WhileTheDatabaseIsLocked_SaysItIsBusy_ThenTryAgainOpensIt()
    {
        var (orderId, lineId) = await DeliveredOrderWithoutCasesAsync();
        var agent = await browser.NewPageAsync(app);
        await agent.LoginAsync("agent1@demo.local");
        await agent.OpenAsync($"orders/{orderId}");
        await agent.GetByTestId("open-case").ClickAsync();
        var dialog = await agent.MudDialogAsync("open-case-dialog");
        await dialog.GetByTestId($"qty-{lineId}").FillAsync("1");

        await using (var locker = await OpenAsync())
        {
            await ExecuteAsync(locker, "BEGIN IMMEDIATE");
            await dialog.GetByTestId("open-case-save").ClickAsync();

            await Assertions.Expect(agent.GetByTestId("page-error-text")).ToContainTextAsync("The database is busy with other work, so nothing was changed.");
            await ExecuteAsync(locker, "ROLLBACK");
        }

        Assert.Equal(0L, await CountAsync($"SELECT COUNT(*) FROM AfterSalesCases WHERE OrderId = {orderId}"));
        Assert.EndsWith($"orders/{orderId}", agent.Url);
        await agent.GetByTestId("page-error-retry").ClickAsync();
        await agent.GetByTestId("open-case").ClickAsync();
        dialog = await agent.MudDialogAsync("open-case-dialog");
        await dialog.GetByTestId($"qty-{lineId}").FillAsync("1");
        await dialog.GetByTestId("open-case-save").ClickAsync();
        await agent.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/cases/\\d+$"));
        Assert.Equal(1L, await CountAsync($"SELECT COUNT(*) FROM AfterSalesCases WHERE OrderId = {orderId}"));
        await Assertions.Expect(agent.Locator("#blazor-error-ui")).ToBeHiddenAsync(); // the connection never broke
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "aftersales.db")};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string?> AssigneeAsync(long caseId)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT AssigneeId FROM AfterSalesCases WHERE Id = {caseId}";
        return await command.ExecuteScalarAsync() as string;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<(long OrderId, long LineId)> DeliveredOrderWithoutCasesAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.Id, (SELECT l.Id FROM OrderLines l WHERE l.OrderId = o.Id ORDER BY l.Id LIMIT 1)
            FROM Orders o
            WHERE o.Status = 'Delivered' AND NOT EXISTS (SELECT 1 FROM AfterSalesCases c WHERE c.OrderId = o.Id)
            ORDER BY o.DeliveredAt DESC LIMIT 1
            """;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the demo data has a delivered order without a case");
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<long> NewestUnassignedCaseAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM AfterSalesCases WHERE AssigneeId IS NULL AND IsOpen = 1 ORDER BY UpdatedAt DESC, Id DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the demo data has an unassigned open case");
        return reader.GetInt64(0);
    }
}
